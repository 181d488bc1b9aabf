import { addMonths, fromDbDate, toDbDate, type IsoDate } from '../../domain/calendar';
import { ROTA_HISTORY_MONTHS, type CandidateFacts } from '../../domain/visits/rota';
import type { AssignmentStatus, PoolPurpose, Prisma } from '../../prisma/generated/client';
import { completionOf, positionRulesOf } from '../training/positions';

/** Assignments that hold a place on a visit: invited and not yet answered, or accepted. */
export const ACTIVE_ASSIGNMENTS: AssignmentStatus[] = ['INVITED', 'ACCEPTED'];

/** The visit being allocated, as far as the rota needs it. */
export interface VisitToAllocate {
  councilId: string;
  establishmentId: string;
  periodStart: Date;
  programme: { poolId: string; pool: { purpose: PoolPurpose } };
}

export interface RotaFacts {
  /** Everyone who has ever been in the visit's pool, with what decides whether and when they may visit. */
  candidates: CandidateFacts[];
  /** Who visited this establishment in the period before (never the same member twice running). */
  previousVisitors: string[];
}

/**
 * Loads what the rota weighs for a visit on `on`: the pool's members, their
 * spells, conflicts with this establishment, the training the pool requires,
 * their recent visits anywhere, and who visited this establishment last.
 */
export async function loadRotaFacts(tx: Prisma.TransactionClient, visit: VisitToAllocate, on: IsoDate): Promise<RotaFacts> {
  const purpose = visit.programme.pool.purpose;
  const memberships = await tx.poolMembership.findMany({
    where: { poolId: visit.programme.poolId },
    include: {
      member: {
        include: {
          conflicts: { where: { establishmentId: visit.establishmentId } },
          trainingRecords: {
            where: { course: { requiredForPools: { has: purpose } } },
            orderBy: { completedOn: 'desc' },
            select: { courseId: true, completedOn: true, expiresOn: true, verifiedAt: true },
          },
        },
      },
    },
  });
  const requiredCourses = await tx.course.findMany({
    where: { councilId: visit.councilId, requiredForPools: { has: purpose } },
    select: {
      id: true,
      title: true,
      renewalWindowDays: true,
      inductionWeeks: true,
      requiresOfficerVerification: true,
      renewAfterElection: true,
    },
  });
  const historySince = toDbDate(addMonths(on, -ROTA_HISTORY_MONTHS));
  const memberIds = [...new Set(memberships.map((membership) => membership.memberId))];
  const history = await tx.visitAssignment.findMany({
    where: { memberId: { in: memberIds }, status: { in: ACTIVE_ASSIGNMENTS }, visit: { periodStart: { gt: historySince } } },
    select: { memberId: true, visit: { select: { periodStart: true } } },
  });
  const previous = await tx.visit.findFirst({
    where: { establishmentId: visit.establishmentId, periodStart: { lt: visit.periodStart }, status: { not: 'CANCELLED' } },
    orderBy: { periodStart: 'desc' },
    include: { assignments: { where: { status: { in: ACTIVE_ASSIGNMENTS } }, select: { memberId: true } } },
  });
  const candidates = memberIds.map((memberId): CandidateFacts => {
    const spells = memberships.filter((membership) => membership.memberId === memberId);
    const member = spells[0]!.member;
    return {
      memberId,
      reference: member.reference,
      membership: spells.map((spell) => ({ from: fromDbDate(spell.fromDate), to: spell.toDate ? fromDbDate(spell.toDate) : null })),
      eligibility: {
        leftOn: member.leftOn ? fromDbDate(member.leftOn) : null,
        electedOn: member.electedOn ? fromDbDate(member.electedOn) : null,
        conflicts: member.conflicts.map((conflict) => ({
          from: fromDbDate(conflict.fromDate),
          to: conflict.toDate ? fromDbDate(conflict.toDate) : null,
          reason: conflict.reason,
        })),
        requiredTraining: requiredCourses.map((course) => ({
          courseTitle: course.title,
          rules: positionRulesOf(course),
          completions: member.trainingRecords.filter((record) => record.courseId === course.id).map(completionOf),
        })),
      },
      recentVisits: history.filter((entry) => entry.memberId === memberId).map((entry) => fromDbDate(entry.visit.periodStart)),
    };
  });
  return { candidates, previousVisitors: previous?.assignments.map((assignment) => assignment.memberId) ?? [] };
}
