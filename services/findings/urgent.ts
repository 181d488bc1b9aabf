import { fromDbDate } from '../../domain/calendar';
import { isUrgentIssue } from '../../domain/findings/urgent';
import { CATEGORY_LABELS } from '../../domain/reports/visit-summary';
import type { VisitReport } from '../../prisma/generated/client';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { NotFoundError, requireRecordId } from '../errors';

/**
 * Urgent concerns (a safeguarding or HIGH-severity issue, alerted when the
 * report came in) that no officer has acknowledged yet, the longest waiting
 * first: they head "Needs attention" until someone has read them.
 */
export async function urgentConcernsToAcknowledge(deps: ServiceDependencies, actor: Actor) {
  const reports = await deps.db.visitReport.findMany({
    where: { councilId: actor.councilId, urgentRaisedAt: { not: null }, urgentAcknowledgedAt: null },
    orderBy: { urgentRaisedAt: 'asc' },
    include: { visit: { select: { establishment: { select: { name: true } } } }, issues: true },
  });
  return reports.map((report) => ({
    reportId: report.id,
    visitId: report.visitId,
    establishment: report.visit.establishment.name,
    visitedOn: fromDbDate(report.visitedOn),
    raisedAt: report.urgentRaisedAt!,
    issues: report.issues
      .filter(isUrgentIssue)
      .map((issue) => ({ category: CATEGORY_LABELS[issue.category], severity: issue.severity, description: issue.description })),
  }));
}

export type UrgentConcern = Awaited<ReturnType<typeof urgentConcernsToAcknowledge>>[number];

/**
 * An officer has read an urgent concern: it leaves "Needs attention". A
 * second acknowledgement (another officer, a double tap) changes nothing; a
 * report of another council, or one without an urgent concern, is not found.
 */
export async function acknowledgeUrgentConcern(
  deps: ServiceDependencies,
  actor: Actor,
  reportId: string,
): Promise<{ acknowledged: boolean; visitId: string }> {
  requireWriter(actor, 'acknowledge urgent concerns');
  requireRecordId('urgent concern', reportId);
  const concern = await deps.db.visitReport.findFirst({
    where: { id: reportId, councilId: actor.councilId, urgentRaisedAt: { not: null } },
    select: { id: true, visitId: true },
  });
  if (!concern) throw new NotFoundError('urgent concern', reportId);
  return deps.db.$transaction(async (tx) => {
    const acknowledged = await tx.visitReport.updateMany({
      where: { id: concern.id, urgentAcknowledgedAt: null },
      data: { urgentAcknowledgedAt: deps.clock(), urgentAcknowledgedByOfficerId: actor.officerId },
    });
    if (acknowledged.count === 0) return { acknowledged: false, visitId: concern.visitId };
    await recordAudit(
      tx,
      actor,
      'visit.urgent-concern-acknowledged',
      { type: 'VisitReport', id: concern.id },
      { visitId: concern.visitId },
    );
    return { acknowledged: true, visitId: concern.visitId };
  });
}

/** A report's urgent concern as its visit page shows it: when it was raised, and who acknowledged it when; null when it has none. */
export async function urgentConcernOf(
  deps: ServiceDependencies,
  actor: Actor,
  report: Pick<VisitReport, 'urgentRaisedAt' | 'urgentAcknowledgedAt' | 'urgentAcknowledgedByOfficerId'>,
) {
  if (!report.urgentRaisedAt) return null;
  const officer = report.urgentAcknowledgedByOfficerId
    ? await deps.db.officer.findFirst({
        where: { id: report.urgentAcknowledgedByOfficerId, councilId: actor.councilId },
        select: { name: true },
      })
    : null;
  return { raisedAt: report.urgentRaisedAt, acknowledgedAt: report.urgentAcknowledgedAt, acknowledgedBy: officer?.name ?? null };
}
