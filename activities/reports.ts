import { formatDate, fromDbDate, localDateOf, toDbDate } from '../domain/calendar';
import { memberDisplayName } from '../domain/people';
import {
  lastCompletedPeriod,
  previousPeriod,
  reportingPeriodContaining,
  type ReportCadence,
  type ReportingPeriod,
} from '../domain/reports/periods';
import { summariseVisits, type SummaryVisitInput } from '../domain/reports/visit-summary';
import type { Db } from '../db/client';
import { buildTrainingMatrix } from '../db/training-matrix';
import { renderEmail } from '../email/layout';
import type { PoolPurpose } from '../prisma/generated/client';
import { trainingReportCsv, trainingReportHtml, trainingReportPdf } from '../render/reports/training';
import { visitSummaryCsv, visitSummaryHtml, visitSummaryPdf } from '../render/reports/visit-summary';
import type { Outbox } from './outbox';

export interface ReportActivityDependencies {
  db: Db;
  outbox: Outbox;
  clock: () => Date;
}

interface RenderedReport {
  html: string;
  csv: string;
  pdf: Buffer;
}

interface GeneratorRequest {
  councilId: string;
  councilName: string;
  period: ReportingPeriod;
  previous: ReportingPeriod;
}

type Generator = (request: GeneratorRequest) => Promise<RenderedReport>;

export interface PreparedReport {
  reportId: string;
  version: number;
  /** False when this period's report already existed and was kept. */
  created: boolean;
}

export function createReportActivities({ db, outbox, clock }: ReportActivityDependencies) {
  const visitSummary =
    (purpose: PoolPurpose, title: string): Generator =>
    async ({ councilId, councilName, period, previous }) => {
      const summary = summariseVisits({
        title: `${title}: ${period.label}`,
        councilName,
        period,
        previousPeriodLabel: previous.label,
        visits: await visitsForSummary(councilId, purpose, period),
        previousVisits: await visitsForSummary(councilId, purpose, previous),
        earlierIssues: await earlierOpenIssues(councilId, purpose, period),
      });
      return { html: visitSummaryHtml(summary), csv: visitSummaryCsv(summary), pdf: await visitSummaryPdf(summary) };
    };

  /** The annual training report itemises each member's training in the municipal year, and where they stood at its end. */
  const trainingAnnual: Generator = async ({ councilId, period }) => {
    const matrix = await buildTrainingMatrix(db, {
      councilId,
      title: `Member training: annual report ${period.label}`,
      on: period.end,
      period,
    });
    return { html: trainingReportHtml(matrix), csv: trainingReportCsv(matrix), pdf: await trainingReportPdf(matrix) };
  };

  /** Generated reports and what builds them (ReportDuty.generator). */
  const generators: Record<string, Generator> = {
    'visit-summary:REG33_HOMES': visitSummary('REG33_HOMES', 'Regulation 33 visits to children’s homes'),
    'visit-summary:REC41_OFFICES': visitSummary('REC41_OFFICES', 'Recommendation 41 visits to social work offices'),
    'training-annual': trainingAnnual,
  };

  async function visitsForSummary(councilId: string, purpose: PoolPurpose, period: ReportingPeriod): Promise<SummaryVisitInput[]> {
    const visits = await db.visit.findMany({
      where: { councilId, programme: { pool: { purpose } }, periodStart: { gte: toDbDate(period.start), lte: toDbDate(period.end) } },
      include: {
        establishment: { select: { name: true } },
        assignments: { where: { status: { in: ['ACCEPTED', 'INVITED'] } }, include: { member: true } },
        report: { include: { issues: true } },
      },
      orderBy: { periodStart: 'asc' },
    });
    return visits.map((visit) => ({
      establishmentId: visit.establishmentId,
      establishmentName: visit.establishment.name,
      periodStart: fromDbDate(visit.periodStart),
      status: visit.status,
      visitors: visit.assignments.map((assignment) => ({ memberId: assignment.memberId, name: memberDisplayName(assignment.member) })),
      // Free text leaves Postgres only where the visitor agreed it may be quoted.
      report: visit.report && {
        visitedOn: fromDbDate(visit.report.visitedOn),
        quotableSummary: visit.report.quotable ? visit.report.summary : null,
      },
      issues: (visit.report?.issues ?? []).map((issue) => ({
        category: issue.category,
        severity: issue.severity,
        resolvedOn: issue.resolvedOn ? fromDbDate(issue.resolvedOn) : null,
      })),
    }));
  }

  async function earlierOpenIssues(councilId: string, purpose: PoolPurpose, period: ReportingPeriod) {
    const issues = await db.visitIssue.findMany({
      where: {
        councilId,
        report: { visit: { periodStart: { lt: toDbDate(period.start) }, programme: { pool: { purpose } } } },
        OR: [{ resolvedOn: null }, { resolvedOn: { gte: toDbDate(period.start) } }],
      },
    });
    return issues.map((issue) => ({
      establishmentId: issue.establishmentId,
      category: issue.category,
      severity: issue.severity,
      resolvedOn: issue.resolvedOn ? fromDbDate(issue.resolvedOn) : null,
    }));
  }

  return {
    /**
     * Builds and stores a duty's report for a period: by default the last one
     * completed at `asOf`. Asking again for a period already reported keeps the
     * stored report, unless `regenerate` asks for a new version.
     */
    async prepareReport(input: { dutyId: string; asOf: string; periodStart?: string; regenerate?: boolean }): Promise<PreparedReport> {
      const duty = await db.reportDuty.findUniqueOrThrow({ where: { id: input.dutyId }, include: { council: true, panel: true } });
      const generator = duty.generator ? generators[duty.generator] : undefined;
      if (!generator || duty.cadence === 'ONE_OFF')
        throw new Error(`Report duty ${duty.key} has no generator this engine knows (${duty.generator ?? 'none'}).`);
      const cadence = duty.cadence as ReportCadence;
      const starts = { MUNICIPAL: duty.council.municipalYearStartMonth, FINANCIAL: duty.council.financialYearStartMonth };
      const period = input.periodStart
        ? reportingPeriodContaining(input.periodStart, cadence, duty.yearBasis, starts)
        : lastCompletedPeriod(localDateOf(new Date(input.asOf), duty.council.timeZone), cadence, duty.yearBasis, starts);

      const latest = await db.report.findFirst({
        where: { dutyId: duty.id, periodStart: toDbDate(period.start) },
        orderBy: { version: 'desc' },
      });
      if (latest && !input.regenerate) return { reportId: latest.id, version: latest.version, created: false };

      const rendered = await generator({
        councilId: duty.councilId,
        councilName: duty.council.name,
        period,
        previous: previousPeriod(period, cadence, duty.yearBasis, starts),
      });
      const meeting = await db.panelMeeting.findFirst({
        where: { panelId: duty.panelId, status: 'SCHEDULED', startsAt: { gt: toDbDate(period.end) } },
        orderBy: { startsAt: 'asc' },
      });
      const report = await db.report.create({
        data: {
          councilId: duty.councilId,
          dutyId: duty.id,
          meetingId: meeting?.id ?? null,
          periodStart: toDbDate(period.start),
          periodEnd: toDbDate(period.end),
          version: (latest?.version ?? 0) + 1,
          status: 'SUBMITTED',
          html: rendered.html,
          csv: rendered.csv,
          pdf: new Uint8Array(rendered.pdf),
        },
      });
      return { reportId: report.id, version: report.version, created: true };
    },

    /** Emails the report to the panel's distribution list (HTML body, PDF and CSV attached), once per person. */
    async circulateReport(reportId: string): Promise<{ sent: number; failed: number }> {
      const report = await db.report.findUniqueOrThrow({
        where: { id: reportId },
        include: {
          duty: { include: { council: true, panel: { include: { distribution: { orderBy: { email: 'asc' } } } } } },
          meeting: true,
        },
      });
      const { duty } = report;
      const period = `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`;
      const fileStem = `${duty.key}-${fromDbDate(report.periodStart)}-v${report.version}`;
      let sent = 0;
      let failed = 0;
      for (const recipient of duty.panel.distribution) {
        const cover = renderEmail(
          {
            subject: `${duty.title}: ${period}`,
            preview: `For the ${duty.panel.name}${report.meeting ? ` meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}` : ''}.`,
            greeting: `Dear ${recipient.name},`,
            paragraphs: [`The report follows. It is attached as a PDF for printing and as a CSV for analysis.`],
            footnote: `You receive this because you are on the ${duty.panel.name} distribution list.`,
          },
          { signOff: `Democratic Services, ${duty.council.name}` },
        );
        const result = await outbox.send({
          councilId: report.councilId,
          idempotencyKey: `report:${report.id}:to:${recipient.id}`,
          kind: 'report.circulation',
          to: { address: recipient.email, name: recipient.name },
          // The report itself is the body: most readers never open attachments on a phone.
          email: {
            subject: cover.subject,
            text: `${cover.text}\n${report.csv ? 'Figures are in the attached CSV.\n' : ''}`,
            html: report.html ?? cover.html,
          },
          files: [
            ...(report.pdf ? [{ filename: `${fileStem}.pdf`, contentType: 'application/pdf', content: Buffer.from(report.pdf) }] : []),
            ...(report.csv
              ? [{ filename: `${fileStem}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.from(report.csv) }]
              : []),
          ],
        });
        if (result.status === 'FAILED') failed += 1;
        else sent += 1;
      }
      await db.report.update({ where: { id: report.id }, data: { status: 'CIRCULATED', circulatedAt: clock() } });
      return { sent, failed };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
