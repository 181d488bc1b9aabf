import { isWithin, type IsoDate } from '../calendar';

export type MemberRole = 'COUNCILLOR' | 'CO_OPTEE' | 'CABINET_MEMBER' | 'LEAD_MEMBER_CHILDREN' | 'GROUP_LEADER' | 'PANEL_CHAIR';
export type PanelKind = 'CYP_SCRUTINY' | 'CORPORATE_PARENTING' | 'FOSTERING' | 'ADOPTION' | 'OTHER';
export type PoolPurpose = 'REG33_HOMES' | 'REC41_OFFICES';

export const PANEL_NAMES: Record<PanelKind, string> = {
  CYP_SCRUTINY: 'Children and Young People Scrutiny Panel',
  CORPORATE_PARENTING: 'Corporate Parenting Panel',
  FOSTERING: 'Fostering Panel',
  ADOPTION: 'Adoption Panel',
  OTHER: 'panel',
};

export interface CourseRequirements {
  requiredForRoles: readonly MemberRole[];
  requiredForPanels: readonly PanelKind[];
  requiredForPools: readonly PoolPurpose[];
  renewAfterElection: boolean;
}

export interface MemberFacts {
  roles: readonly MemberRole[];
  joinedOn: IsoDate;
  electedOn: IsoDate | null;
  leftOn: IsoDate | null;
  seats: ReadonlyArray<{ panelKind: PanelKind; panelName: string; from: IsoDate; to: IsoDate | null }>;
  pools: ReadonlyArray<{ purpose: PoolPurpose; poolName: string; from: IsoDate; to: IsoDate | null }>;
}

export interface Requirement {
  /** When the requirement began: joining, taking a seat, joining a pool, or the latest election. */
  since: IsoDate;
  /** Plain reasons: "a councillor", "sits on the Corporate Parenting Panel". */
  because: string[];
}

const ROLE_NAMES: Record<MemberRole, string> = {
  COUNCILLOR: 'a councillor',
  CO_OPTEE: 'a co-opted member',
  CABINET_MEMBER: 'a cabinet member',
  LEAD_MEMBER_CHILDREN: "the lead member for children's services",
  GROUP_LEADER: 'a group leader',
  PANEL_CHAIR: 'a panel chair',
};

/** Whether, and since when and why, a member needs a course on a date; null when they do not (or have left). */
export function requirementOn(course: CourseRequirements, member: MemberFacts, on: IsoDate): Requirement | null {
  if (member.leftOn !== null && member.leftOn <= on) return null;
  const starts: Array<{ since: IsoDate; because: string }> = [];
  for (const role of member.roles)
    if (course.requiredForRoles.includes(role)) starts.push({ since: member.joinedOn, because: ROLE_NAMES[role] });
  for (const seat of member.seats) {
    if (course.requiredForPanels.includes(seat.panelKind) && isWithin(on, seat.from, seat.to))
      starts.push({ since: seat.from, because: `sits on the ${seat.panelName}` });
  }
  for (const pool of member.pools) {
    if (course.requiredForPools.includes(pool.purpose) && isWithin(on, pool.from, pool.to))
      starts.push({ since: pool.from, because: `is in the ${pool.poolName}` });
  }
  if (!starts.length) return null;
  const earliest = starts.map((start) => start.since).sort()[0]!;
  // An election re-opens the course for everyone who needs it.
  const since = course.renewAfterElection && member.electedOn && member.electedOn > earliest ? member.electedOn : earliest;
  return { since, because: [...new Set(starts.map((start) => start.because))] };
}
