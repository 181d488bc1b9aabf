import { addDays, fromDbDate, instantAt, municipalYearOf, toDbDate } from '../../domain/calendar';
import { summariseCompliance, VISIT_DUTIES, type ComplianceOverviewInput } from '../../domain/reports/compliance-overview';
import { GENERATOR_TITLES, type ReportGenerator } from '../../domain/reports/generators';
import type { ReportingPeriod } from '../../domain/reports/periods';
import { summariseVisitCounts, summariseVisits } from '../../domain/reports/visit-summary';
import type { Db } from '../../db/client';
import { servingOn } from '../../db/members';
import { followUpFigures } from '../../db/reports/follow-up';
import { earlierOpenIssues, visitsForSummary } from '../../db/reports/visits';
import { buildTrainingMatrix } from '../../db/training/matrix';
import type { PoolPurpose } from '../../prisma/generated/client';
import { complianceOverviewCsv, complianceOverviewHtml, complianceOverviewPdf } from '../../render/reports/compliance-overview';
import { trainingReportCsv, trainingReportHtml, trainingReportPdf } from '../../render/reports/training';
import { visitSummaryCsv, visitSummaryHtml, visitSummaryPdf } from '../../render/reports/visit-summary';

export interface RenderedReport {
  html: string;
  csv: string;
  pdf: Buffer;
}

export interface GeneratorRequest {
  councilId: string;
  councilName: string;
  period: ReportingPeriod;
  previous: ReportingPeriod;
}

export type Generator = (request: GeneratorRequest) => Promise<RenderedReport>;

const visitSummary =
  (db: Db, purpose: PoolPurpose, title: string): Generator =>
  async ({ councilId, councilName, period, previous }) => {
    const summary = summariseVisits({
      title: `${title}: ${period.label}`,
      councilName,
      period,
      previousPeriodLabel: previous.label,
      visits: await visitsForSummary(db, councilId, purpose, period),
      previousVisits: await visitsForSummary(db, councilId, purpose, previous),
      earlierIssues: await earlierOpenIssues(db, councilId, purpose, period),
      followUp: await followUpFigures(db, councilId, [purpose], period),
    });
    return { html: visitSummaryHtml(summary), csv: visitSummaryCsv(summary), pdf: await visitSummaryPdf(summary) };
  };

/** The annual training report itemises each member's training in the municipal year, and where they stood at its end. */
const trainingAnnual =
  (db: Db): Generator =>
  async ({ councilId, period }) => {
    const matrix = await buildTrainingMatrix(db, {
      councilId,
      title: `Member training: annual report ${period.label}`,
      on: period.end,
      period,
    });
    return { html: trainingReportHtml(matrix), csv: trainingReportCsv(matrix), pdf: await trainingReportPdf(matrix) };
  };

/**
 * The six-monthly compliance overview: visits under both duties per
 * establishment, issues still open, training positions at the period's end,
 * and the pledge of the municipal year the period ends in.
 */
const complianceOverview =
  (db: Db): Generator =>
  async ({ councilId, councilName, period, previous }) => {
    const visits: ComplianceOverviewInput['visits'] = [];
    for (const duty of VISIT_DUTIES) {
      const current = await visitsForSummary(db, councilId, duty, period);
      const before = await visitsForSummary(db, councilId, duty, previous);
      for (const name of [...new Set(current.map((visit) => visit.establishmentName))]) {
        const mine = summariseVisitCounts(current.filter((visit) => visit.establishmentName === name));
        const theirs = summariseVisitCounts(before.filter((visit) => visit.establishmentName === name));
        visits.push({ duty, establishmentName: name, ...mine, previousDue: theirs.due, previousCompleted: theirs.completed });
      }
    }
    const open = await db.visitIssue.groupBy({
      by: ['severity'],
      where: {
        councilId,
        report: { stage: 'FINAL', visit: { periodStart: { lte: toDbDate(period.end) } } },
        OR: [{ resolvedOn: null }, { resolvedOn: { gt: toDbDate(period.end) } }],
      },
      _count: true,
    });
    const openIssues = { LOW: 0, MEDIUM: 0, HIGH: 0, ...Object.fromEntries(open.map((row) => [row.severity, row._count])) };
    const matrix = await buildTrainingMatrix(db, { councilId, title: '', on: period.end, period });
    const council = await db.council.findUniqueOrThrow({ where: { id: councilId } });
    const year = municipalYearOf(period.end, council.municipalYearStartMonth);
    const pledge = await db.pledge.findUnique({ where: { councilId_municipalYear: { councilId, municipalYear: year.startYear } } });
    const serving = await db.member.findMany({
      where: { councilId, ...servingOn(period.end) },
      select: {
        pledgeSignatures: {
          where: {
            pledgeId: pledge?.id ?? '00000000-0000-0000-0000-000000000000',
            signedAt: { lte: instantAt(addDays(period.end, 1), '00:00', council.timeZone) },
          },
          select: { id: true },
        },
      },
    });
    const overview = summariseCompliance({
      title: `${GENERATOR_TITLES['compliance-overview']}: ${period.label}`,
      councilName,
      period,
      previousPeriodLabel: previous.label,
      visits,
      openIssues,
      training: {
        courses: matrix.byCourse.map(({ courseKey, ...figures }) => ({
          ...figures,
          title: matrix.courses.find((course) => course.key === courseKey)!.title,
        })),
        membersCompliant: matrix.rows.filter((row) => row.compliant).length,
        members: matrix.rows.length,
      },
      pledge: pledge && {
        yearLabel: year.label,
        signed: serving.filter((member) => member.pledgeSignatures.length).length,
        serving: serving.length,
        commitmentRenewedOn: pledge.commitmentRenewedOn ? fromDbDate(pledge.commitmentRenewedOn) : null,
      },
      followUp: {
        byDuty: {
          REG33_HOMES: await followUpFigures(db, councilId, ['REG33_HOMES'], period),
          REC41_OFFICES: await followUpFigures(db, councilId, ['REC41_OFFICES'], period),
        },
        overall: await followUpFigures(db, councilId, [...VISIT_DUTIES], period),
      },
    });
    return { html: complianceOverviewHtml(overview), csv: complianceOverviewCsv(overview), pdf: await complianceOverviewPdf(overview) };
  };

/** The generated reports, each gathering its figures and rendering them as HTML, CSV and PDF (ReportDuty.generator). */
export function reportGenerators(db: Db): Record<ReportGenerator, Generator> {
  return {
    'visit-summary:REG33_HOMES': visitSummary(db, 'REG33_HOMES', GENERATOR_TITLES['visit-summary:REG33_HOMES']),
    'visit-summary:REC41_OFFICES': visitSummary(db, 'REC41_OFFICES', GENERATOR_TITLES['visit-summary:REC41_OFFICES']),
    'training-annual': trainingAnnual(db),
    'compliance-overview': complianceOverview(db),
  };
}
