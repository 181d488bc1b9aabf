import { fromDbDate, toDbDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import type { ReportingPeriod } from '../../domain/reports/periods';
import type { SummaryVisitInput } from '../../domain/reports/visit-summary';
import type { PoolPurpose } from '../../prisma/generated/client';
import type { Db } from '../client';

/** A report still in review or with the home's manager is left out until it is final. */
const final = <Report extends { stage: string }>(report: Report | null): Report | null => (report?.stage === 'FINAL' ? report : null);

/** The visits under one duty whose period starts within the reporting period, as the visit summary counts them. */
export async function visitsForSummary(
  db: Db,
  councilId: string,
  purpose: PoolPurpose,
  period: ReportingPeriod,
): Promise<SummaryVisitInput[]> {
  const visits = await db.visit.findMany({
    where: { councilId, programme: { pool: { purpose } }, periodStart: { gte: toDbDate(period.start), lte: toDbDate(period.end) } },
    include: {
      establishment: { select: { name: true } },
      assignments: { where: { status: { in: ['ACCEPTED', 'INVITED'] } }, include: { member: true } },
      report: { include: { issues: true } },
    },
    orderBy: { periodStart: 'asc' },
  });
  return visits.map((visit) => {
    const report = final(visit.report);
    return {
      establishmentId: visit.establishmentId,
      establishmentName: visit.establishment.name,
      periodStart: fromDbDate(visit.periodStart),
      status: visit.status,
      visitors: visit.assignments.map((assignment) => ({ memberId: assignment.memberId, name: memberDisplayName(assignment.member) })),
      // Free text leaves Postgres only where the visitor agreed it may be quoted; findings count once the report is final.
      report: report && {
        visitedOn: fromDbDate(report.visitedOn),
        quotableSummary: report.quotable ? report.summary : null,
      },
      issues: (report?.issues ?? []).map((issue) => ({
        category: issue.category,
        severity: issue.severity,
        resolvedOn: issue.resolvedOn ? fromDbDate(issue.resolvedOn) : null,
      })),
    };
  });
}

/** Issues raised before the period under the same duty and still open at its start. */
export async function earlierOpenIssues(db: Db, councilId: string, purpose: PoolPurpose, period: ReportingPeriod) {
  const issues = await db.visitIssue.findMany({
    where: {
      councilId,
      report: { stage: 'FINAL', visit: { periodStart: { lt: toDbDate(period.start) }, programme: { pool: { purpose } } } },
      OR: [{ resolvedOn: null }, { resolvedOn: { gte: toDbDate(period.start) } }],
    },
    select: { establishmentId: true, category: true, severity: true, resolvedOn: true },
  });
  return issues.map((issue) => ({
    establishmentId: issue.establishmentId,
    category: issue.category,
    severity: issue.severity,
    resolvedOn: issue.resolvedOn ? fromDbDate(issue.resolvedOn) : null,
  }));
}
