import { addDays, instantAt, fromDbDate, toDbDate } from '../../domain/calendar';
import { summariseFollowUp, type FollowUpFigures } from '../../domain/reports/follow-up';
import type { ReportingPeriod } from '../../domain/reports/periods';
import type { PoolPurpose } from '../../prisma/generated/client';
import type { Db } from '../client';

/**
 * The follow-up figures of visits under the given duties in one period. Each
 * query is bounded by the period or by what was still open at its end (indexes
 * on createdAt, resolvedAt, status and dueOn, urgentRaisedAt), so the time it
 * takes does not grow with the council's history.
 */
export async function followUpFigures(
  db: Db,
  councilId: string,
  purposes: PoolPurpose[],
  period: ReportingPeriod,
): Promise<FollowUpFigures> {
  const { timeZone: zone } = await db.council.findUniqueOrThrow({ where: { id: councilId }, select: { timeZone: true } });
  const from = instantAt(period.start, '00:00', zone);
  const until = instantAt(addDays(period.end, 1), '00:00', zone);
  const underDuties = { visit: { programme: { pool: { purpose: { in: purposes } } } } };
  const overdueByEnd = { dueOn: { lt: toDbDate(period.end) }, createdAt: { lt: until } };
  const actions = await db.findingAction.findMany({
    where: {
      councilId,
      report: underDuties,
      OR: [
        { createdAt: { gte: from, lt: until } },
        { resolvedAt: { gte: from, lt: until }, status: { not: 'OPEN' } },
        { status: 'OPEN', ...overdueByEnd },
        { resolvedAt: { gte: until }, status: { not: 'OPEN' }, ...overdueByEnd },
      ],
    },
    select: { createdAt: true, dueOn: true, status: true, resolvedAt: true },
  });
  const urgentConcerns = await db.visitReport.findMany({
    where: { councilId, urgentRaisedAt: { gte: from, lt: until }, ...underDuties },
    select: { urgentRaisedAt: true, urgentAcknowledgedAt: true },
  });
  const reportsNotFinal = await db.visitReport.count({
    where: {
      councilId,
      stage: { not: 'FINAL' },
      visit: {
        periodStart: { gte: toDbDate(period.start), lte: toDbDate(period.end) },
        programme: { pool: { purpose: { in: purposes } } },
      },
    },
  });
  return summariseFollowUp({
    period,
    zone,
    // A reopened action is open again, whatever its last resolution.
    actions: actions.map((action) => ({
      createdAt: action.createdAt,
      dueOn: fromDbDate(action.dueOn),
      resolvedAt: action.status === 'OPEN' ? null : action.resolvedAt,
    })),
    urgentConcerns: urgentConcerns.map((concern) => ({ raisedAt: concern.urgentRaisedAt!, acknowledgedAt: concern.urgentAcknowledgedAt })),
    reportsNotFinal,
  });
}
