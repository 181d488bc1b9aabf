import { ApplicationFailure } from '@temporalio/common';

import {
  addDays,
  addMonths,
  formatDate,
  fromDbDate,
  instantAt,
  localDateOf,
  municipalYearOf,
  toDbDate,
  type IsoDate,
} from '../../domain/calendar';
import { nextMeetingAfter, reportDueOn } from '../../domain/reports/due';
import { GENERATOR_TITLES, type ReportGenerator } from '../../domain/reports/generators';
import { memberDisplayName } from '../../domain/people';
import {
  lastCompletedPeriod,
  previousPeriod,
  reportingPeriodContaining,
  type ReportCadence,
  type ReportingPeriod,
} from '../../domain/reports/periods';
import { summariseCompliance, VISIT_DUTIES, type ComplianceOverviewInput } from '../../domain/reports/compliance-overview';
import { summariseVisitCounts, summariseVisits, type SummaryVisitInput } from '../../domain/reports/visit-summary';
import type { Db } from '../../db/client';
import { servingOn } from '../../db/members';
import { buildTrainingMatrix } from '../../db/training/matrix';
import { renderEmail } from '../../email/layout';
import type { Council, PoolPurpose, ReportDuty } from '../../prisma/generated/client';
import { complianceOverviewCsv, complianceOverviewHtml, complianceOverviewPdf } from '../../render/reports/compliance-overview';
import { trainingReportCsv, trainingReportHtml, trainingReportPdf } from '../../render/reports/training';
import { visitSummaryCsv, visitSummaryHtml, visitSummaryPdf } from '../../render/reports/visit-summary';
import { signLink } from '../../links/signed-links';
import type { AlertOfficers } from '../alerts';
import type { Outbox } from '../../email/outbox';

export interface ReportActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  publicBaseUrl: string;
  linkSecret: string;
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
  /** For an authored report still to come: when it is due, and the reminder plan. */
  awaiting: { dueOn: IsoDate; reminderDays: number[]; zone: string } | null;
}

export function createReportActivities({ db, outbox, alertOfficers, publicBaseUrl, linkSecret, clock }: ReportActivityDependencies) {
  /** The period a run covers: the one just ended (or the one asked for); for a one-off duty, from its date to its deadline. */
  function periodOf(duty: ReportDuty & { council: Council }, today: IsoDate, periodStart?: IsoDate): ReportingPeriod {
    if (duty.cadence === 'ONE_OFF') {
      const from = fromDbDate(duty.oneOffFrom!);
      return { start: from, end: addMonths(from, duty.oneOffMonths!), label: `within ${duty.oneOffMonths} months of ${formatDate(from)}` };
    }
    const cadence = duty.cadence as ReportCadence;
    const starts = { MUNICIPAL: duty.council.municipalYearStartMonth, FINANCIAL: duty.council.financialYearStartMonth };
    return periodStart
      ? reportingPeriodContaining(periodStart, cadence, duty.yearBasis, starts)
      : lastCompletedPeriod(today, cadence, duty.yearBasis, starts);
  }

  async function authoredReport(reportId: string) {
    const report = await db.report.findUniqueOrThrow({
      where: { id: reportId },
      include: { meeting: true, duty: { include: { council: true, panel: { include: { chair: true } } } } },
    });
    const period = `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`;
    return { report, duty: report.duty, period, dueOn: fromDbDate(report.dueOn!) };
  }

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

  /**
   * The six-monthly compliance overview: visits under both duties per
   * establishment, issues still open, training positions at the period's end,
   * and the pledge of the municipal year the period ends in.
   */
  const complianceOverview: Generator = async ({ councilId, councilName, period, previous }) => {
    const visits: ComplianceOverviewInput['visits'] = [];
    for (const duty of VISIT_DUTIES) {
      const current = await visitsForSummary(councilId, duty, period);
      const before = await visitsForSummary(councilId, duty, previous);
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
        report: { visit: { periodStart: { lte: toDbDate(period.end) } } },
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
    });
    return { html: complianceOverviewHtml(overview), csv: complianceOverviewCsv(overview), pdf: await complianceOverviewPdf(overview) };
  };

  /** Generated reports and what builds them (ReportDuty.generator). */
  const generators: Record<ReportGenerator, Generator> = {
    'visit-summary:REG33_HOMES': visitSummary('REG33_HOMES', GENERATOR_TITLES['visit-summary:REG33_HOMES']),
    'visit-summary:REC41_OFFICES': visitSummary('REC41_OFFICES', GENERATOR_TITLES['visit-summary:REC41_OFFICES']),
    'training-annual': trainingAnnual,
    'compliance-overview': complianceOverview,
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
    async prepareReport(input: {
      dutyId: string;
      asOf: string;
      workflowId: string;
      periodStart?: string;
      regenerate?: boolean;
    }): Promise<PreparedReport> {
      const duty = await db.reportDuty.findUniqueOrThrow({ where: { id: input.dutyId }, include: { council: true, panel: true } });
      const zone = duty.council.timeZone;
      const period = periodOf(duty, localDateOf(new Date(input.asOf), zone), input.periodStart);
      const latest = await db.report.findFirst({
        where: { dutyId: duty.id, periodStart: toDbDate(period.start) },
        orderBy: { version: 'desc' },
      });
      const awaitingOf = (report: { id: string; status: string; dueOn: Date | null }) =>
        duty.authoring === 'AUTHORED' && report.status === 'DUE'
          ? { dueOn: fromDbDate(report.dueOn!), reminderDays: duty.reminderDays, zone }
          : null;
      if (latest && !input.regenerate)
        return { reportId: latest.id, version: latest.version, created: false, awaiting: awaitingOf(latest) };

      const meetings = await db.panelMeeting.findMany({
        where: { panelId: duty.panelId, status: 'SCHEDULED' },
        select: { id: true, startsAt: true },
      });
      const meetingOn = nextMeetingAfter(
        meetings.map((meeting) => localDateOf(meeting.startsAt, zone)),
        duty.cadence === 'ONE_OFF' ? addDays(period.end, -1) : period.end,
      );
      const meeting = meetings.find((candidate) => localDateOf(candidate.startsAt, zone) === meetingOn);
      const dueOn = duty.cadence === 'ONE_OFF' ? period.end : reportDueOn(meetingOn, duty.dueWorkingDaysBeforeMeeting, period.end);
      const common = {
        councilId: duty.councilId,
        dutyId: duty.id,
        meetingId: meeting?.id ?? null,
        periodStart: toDbDate(period.start),
        periodEnd: toDbDate(period.end),
        version: (latest?.version ?? 0) + 1,
        dueOn: toDbDate(dueOn),
        workflowId: input.workflowId,
      };
      if (duty.authoring === 'AUTHORED') {
        const report = await db.report.create({ data: { ...common, status: 'DUE' } });
        return { reportId: report.id, version: report.version, created: true, awaiting: awaitingOf(report) };
      }
      const generator = duty.generator ? generators[duty.generator as ReportGenerator] : undefined;
      if (!generator)
        throw ApplicationFailure.nonRetryable(`Report duty ${duty.key} has no generator this engine knows (${duty.generator ?? 'none'}).`);
      const starts = { MUNICIPAL: duty.council.municipalYearStartMonth, FINANCIAL: duty.council.financialYearStartMonth };
      const rendered = await generator({
        councilId: duty.councilId,
        councilName: duty.council.name,
        period,
        previous: previousPeriod(period, duty.cadence as ReportCadence, duty.yearBasis, starts),
      });
      const report = await db.report.create({
        data: { ...common, status: 'SUBMITTED', html: rendered.html, csv: rendered.csv, pdf: new Uint8Array(rendered.pdf) },
      });
      return { reportId: report.id, version: report.version, created: true, awaiting: null };
    },

    /** Whether an authored report is in, for a workflow that may have missed the signal. */
    async reportSubmissionState(reportId: string): Promise<{ submitted: boolean }> {
      const report = await db.report.findUniqueOrThrow({ where: { id: reportId }, select: { status: true } });
      return { submitted: report.status !== 'DUE' };
    },

    /** Reminds the owner of an authored report, with the link to submit it. */
    async remindReportOwner(input: { reportId: string; daysBefore: number }): Promise<{ submitted: boolean }> {
      const { report, duty, period, dueOn } = await authoredReport(input.reportId);
      if (report.status !== 'DUE') return { submitted: true };
      if (!duty.ownerEmail) return { submitted: false };
      const token = signLink(linkSecret, {
        purpose: 'report',
        councilId: duty.councilId,
        subjectId: report.id,
        // Report links are held by the duty's owner, who need not be a member.
        memberId: duty.id,
        expiresAt: instantAt(addMonths(dueOn, 6), '00:00', duty.council.timeZone),
      });
      await outbox.send({
        councilId: duty.councilId,
        idempotencyKey: `report:${report.id}:remind:${input.daysBefore}wd`,
        kind: 'report.owner-reminder',
        to: { address: duty.ownerEmail, name: duty.ownerName },
        email: renderEmail(
          {
            subject: `${duty.title} is due on ${formatDate(dueOn)}`,
            preview: `For the ${duty.panel.name}: ${period}.`,
            greeting: `Dear ${duty.ownerName ?? 'colleague'},`,
            paragraphs: [
              `Your report "${duty.title}" for the ${duty.panel.name} covers ${period}. It is due on ${formatDate(dueOn)}${report.meeting ? `, ${duty.dueWorkingDaysBeforeMeeting} working days before the meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}` : ''}.`,
              'Upload the report or give a link to it with the button below. It is sent to the panel as soon as it is in.',
            ],
            actions: [{ label: 'Submit the report', url: `${publicBaseUrl}/r/${token}` }],
            footnote: 'This button is personal to you. Please do not forward this email.',
          },
          { signOff: `Democratic Services, ${duty.council.name}` },
        ),
      });
      return { submitted: false };
    },

    /** The morning after an authored report was due: the panel chair, the clerk and democratic services are told. */
    async escalateLateReport(reportId: string): Promise<{ submitted: boolean }> {
      const { report, duty, period, dueOn } = await authoredReport(reportId);
      if (report.status !== 'DUE') return { submitted: true };
      const alsoTo: Array<{ address: string; name?: string | null }> = [];
      if (duty.panel.clerkEmail) alsoTo.push({ address: duty.panel.clerkEmail, name: duty.panel.clerkName });
      if (duty.panel.chair && !duty.panel.chair.leftOn)
        alsoTo.push({ address: duty.panel.chair.email, name: memberDisplayName(duty.panel.chair) });
      if (duty.ownerEmail) alsoTo.push({ address: duty.ownerEmail, name: duty.ownerName });
      await alertOfficers({
        councilId: duty.councilId,
        key: `report:${report.id}:late`,
        alsoTo,
        alert: {
          subject: `Late: ${duty.title} for the ${duty.panel.name}`,
          preview: `It was due on ${formatDate(dueOn)} and has not been submitted.`,
          paragraphs: [
            `"${duty.title}" (${period}) was due on ${formatDate(dueOn)} from ${duty.ownerName ?? 'its owner'} and has not been submitted.`,
            report.meeting
              ? `It is for the meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}. Please agree with the owner when it will come, or whether to defer it.`
              : 'Please agree with the owner when it will come.',
          ],
        },
      });
      return { submitted: false };
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
      const recipients = [
        ...duty.panel.distribution.map((entry) => ({ name: entry.name, email: entry.email })),
        ...duty.extraRecipients.map((email) => ({ name: email, email })),
      ].filter((recipient, index, all) => all.findIndex((other) => other.email === recipient.email) === index);
      const files = [
        ...(report.pdf ? [{ filename: `${fileStem}.pdf`, contentType: 'application/pdf', content: Buffer.from(report.pdf) }] : []),
        ...(report.csv ? [{ filename: `${fileStem}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.from(report.csv) }] : []),
        ...(report.file
          ? [
              {
                filename: report.fileName ?? `${fileStem}`,
                contentType: report.fileType ?? 'application/octet-stream',
                content: Buffer.from(report.file),
              },
            ]
          : []),
      ];
      let sent = 0;
      let failed = 0;
      for (const recipient of recipients) {
        const cover = renderEmail(
          {
            subject: `${duty.title}: ${period}`,
            preview: `For the ${duty.panel.name}${report.meeting ? ` meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}` : ''}.`,
            greeting: `Dear ${recipient.name},`,
            paragraphs: [
              report.html
                ? 'The report follows. It is attached as a PDF for printing and as a CSV for analysis.'
                : `${duty.ownerName ? `${duty.ownerName} has submitted the report` : 'The report has been submitted'}${report.file ? '; it is attached' : ''}.`,
            ],
            actions: report.link ? [{ label: 'Read the report', url: report.link }] : [],
            footnote: `You receive this because you are on the ${duty.panel.name} distribution list.`,
          },
          { signOff: `Democratic Services, ${duty.council.name}` },
        );
        const result = await outbox.send({
          councilId: report.councilId,
          idempotencyKey: `report:${report.id}:to:${recipient.email}`,
          kind: 'report.circulation',
          to: { address: recipient.email, name: recipient.name },
          // A generated report is itself the body: most readers never open attachments on a phone.
          email: report.html ? { subject: cover.subject, text: cover.text, html: report.html } : cover,
          files,
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
