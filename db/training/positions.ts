import { fromDbDate, type IsoDate } from '../../domain/calendar';
import { trainingPosition, type Completion, type PositionRules, type TrainingPosition } from '../../domain/training/position';
import { requirementOn, type MemberFacts, type Requirement } from '../../domain/training/requirements';
import type { Course, Prisma } from '../../prisma/generated/client';

/** A training record as the training rules see it. */
export function completionOf(record: { completedOn: Date; expiresOn: Date | null; verifiedAt: Date | null }): Completion {
  return {
    completedOn: fromDbDate(record.completedOn),
    expiresOn: record.expiresOn ? fromDbDate(record.expiresOn) : null,
    verified: record.verifiedAt !== null,
  };
}

export function positionRulesOf(course: {
  renewalWindowDays: number;
  inductionWeeks: number | null;
  requiresOfficerVerification: boolean;
  renewAfterElection: boolean;
}): PositionRules {
  return {
    renewalWindowDays: course.renewalWindowDays,
    inductionWeeks: course.inductionWeeks,
    requiresVerification: course.requiresOfficerVerification,
    renewAfterElection: course.renewAfterElection,
  };
}

/** What a member's training requirements are computed from: roles, seats, pools, election. */
export const trainingMemberInclude = {
  panelSeats: { include: { panel: { select: { kind: true, name: true } } } },
  poolMemberships: { include: { pool: { select: { purpose: true, name: true } } } },
} satisfies Prisma.MemberInclude;

export type MemberWithTrainingFacts = Prisma.MemberGetPayload<{ include: typeof trainingMemberInclude }>;

export function memberFactsOf(member: MemberWithTrainingFacts): MemberFacts {
  return {
    roles: member.roles,
    joinedOn: fromDbDate(member.joinedOn),
    electedOn: member.electedOn ? fromDbDate(member.electedOn) : null,
    leftOn: member.leftOn ? fromDbDate(member.leftOn) : null,
    seats: member.panelSeats.map((seat) => ({
      panelKind: seat.panel.kind,
      panelName: seat.panel.name,
      from: fromDbDate(seat.fromDate),
      to: seat.toDate ? fromDbDate(seat.toDate) : null,
    })),
    pools: member.poolMemberships.map((membership) => ({
      purpose: membership.pool.purpose,
      poolName: membership.pool.name,
      from: fromDbDate(membership.fromDate),
      to: membership.toDate ? fromDbDate(membership.toDate) : null,
    })),
  };
}

/** A member's position on a course on a date, from their records and what requires the course. */
export function positionOnCourse(
  member: MemberWithTrainingFacts,
  course: Course,
  records: ReadonlyArray<{ completedOn: Date; expiresOn: Date | null; verifiedAt: Date | null }>,
  on: IsoDate,
): { position: TrainingPosition; requirement: Requirement | null } {
  const requirement = requirementOn(course, memberFactsOf(member), on);
  const position = trainingPosition({
    completions: records.map(completionOf),
    requiredSince: requirement?.since ?? null,
    electedOn: member.electedOn ? fromDbDate(member.electedOn) : null,
    rules: positionRulesOf(course),
    on,
  });
  return { position, requirement };
}
