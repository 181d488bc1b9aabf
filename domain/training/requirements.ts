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

/** Why a course is needed: being a councillor, sitting on a panel, being in a pool. */
export type RequirementReason = { kind: 'role'; name: string } | { kind: 'seat'; name: string } | { kind: 'pool'; name: string };

export interface Requirement {
  /** When the requirement began: joining, taking a seat, joining a pool, or the latest election. */
  since: IsoDate;
  because: RequirementReason[];
}

export const ROLE_NAMES: Record<MemberRole, string> = {
  COUNCILLOR: 'a councillor',
  CO_OPTEE: 'a co-opted member',
  CABINET_MEMBER: 'a cabinet member',
  LEAD_MEMBER_CHILDREN: "the lead member for children's services",
  GROUP_LEADER: 'a group leader',
  PANEL_CHAIR: 'a panel chair',
};

/** "you are a councillor and sit on the Corporate Parenting Panel" or "is a councillor and sits on …". */
export function describeReasons(reasons: readonly RequirementReason[], person: 'you' | 'they'): string {
  const phrase = (reason: RequirementReason) => {
    if (reason.kind === 'role') return `${person === 'you' ? 'are' : 'is'} ${reason.name}`;
    if (reason.kind === 'seat') return `${person === 'you' ? 'sit' : 'sits'} on the ${reason.name}`;
    return `${person === 'you' ? 'are' : 'is'} in the ${reason.name}`;
  };
  const phrases = reasons.map(phrase);
  const listed = phrases.length > 1 ? `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}` : (phrases[0] ?? 'are a member');
  return person === 'you' ? `you ${listed}` : listed;
}

/** Whether, and since when and why, a member needs a course on a date; null when they do not (or have left). */
export function requirementOn(course: CourseRequirements, member: MemberFacts, on: IsoDate): Requirement | null {
  if (member.leftOn !== null && member.leftOn <= on) return null;
  const starts: Array<{ since: IsoDate; because: RequirementReason }> = [];
  for (const role of member.roles) {
    if (course.requiredForRoles.includes(role)) starts.push({ since: member.joinedOn, because: { kind: 'role', name: ROLE_NAMES[role] } });
  }
  for (const seat of member.seats) {
    if (course.requiredForPanels.includes(seat.panelKind) && isWithin(on, seat.from, seat.to)) {
      starts.push({ since: seat.from, because: { kind: 'seat', name: seat.panelName } });
    }
  }
  for (const pool of member.pools) {
    if (course.requiredForPools.includes(pool.purpose) && isWithin(on, pool.from, pool.to)) {
      starts.push({ since: pool.from, because: { kind: 'pool', name: pool.poolName } });
    }
  }
  if (!starts.length) return null;
  const earliest = starts.map((start) => start.since).sort()[0]!;
  // An election re-opens the course for everyone who needs it.
  const since = course.renewAfterElection && member.electedOn && member.electedOn > earliest ? member.electedOn : earliest;
  const because = starts
    .map((start) => start.because)
    .filter((reason, index, all) => all.findIndex((other) => other.name === reason.name) === index);
  return { since, because };
}
