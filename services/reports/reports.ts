import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type WorkflowHandle,
} from '@temporalio/client';
import { z } from 'zod';

import { formatDate, formatDateTime, fromDbDate, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import { nextReportDueOn } from '../../domain/reports/due';
import { GENERATOR_TITLES } from '../../domain/reports/generators';
import type { Prisma, ReportAuthoring } from '../../prisma/generated/client';
import { panelReport, preparedReport, reportDutyScheduleId, reportSubmitted, type PanelReportInput } from '../../workflows/panel-report';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import { nudgeReportRun } from '../duty-signals';
import type { Actor, ServiceDependencies } from '../context';
import { ConflictError, NotFoundError, parseInput, requireRecordId } from '../errors';
import { syncReportSchedules, type ScheduleSync } from '../schedules';
import { wholeNumber } from '../whole-numbers';

export const produceReportInput = z.object({
  dutyKey: z.string().trim().min(1, 'name the report duty, e.g. reg33-quarterly (see `cpe reports duties`)'),
  periodStart: isoDateSchema.optional(),
  regenerate: z.boolean().default(false),
});
export type ProduceReportInput = z.input<typeof produceReportInput>;

/** Report ids are UUIDs: anything else is refused by name before it reaches the database. */
const reportIdInput = z.object({ reportId: z.uuid({ error: 'must be a report id from the archive' }) });

export const REPORT_FORMATS = { html: 'text/html; charset=utf-8', pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

/** What a report can be downloaded as: a generated one in each format; an authored one as its uploaded file, if any. */
const downloadsOf = (authoring: ReportAuthoring, fileName: string | null): ReadonlyArray<ReportFormat | 'original'> =>
  authoring === 'GENERATED' ? ['html', 'pdf', 'csv'] : fileName ? ['original'] : [];

/** What every view of a report starts from: which version of which period, and where it stands. */
const reportBasics = {
  id: true,
  periodStart: true,
  periodEnd: true,
  version: true,
  status: true,
  dueOn: true,
} as const satisfies Prisma.ReportSelect;

/** The days of a council's scheduled panel meetings, by panel: what the next due dates are counted back from. */
async function meetingDaysByPanel(deps: ServiceDependencies, councilId: string, timeZone: string): Promise<Map<string, IsoDate[]>> {
  const meetings = await deps.db.panelMeeting.findMany({
    where: { councilId, status: 'SCHEDULED' },
    select: { panelId: true, startsAt: true },
  });
  const days = new Map<string, IsoDate[]>();
  for (const meeting of meetings)
    days.set(meeting.panelId, [...(days.get(meeting.panelId) ?? []), localDateOf(meeting.startsAt, timeZone)]);
  return days;
}

/** The council's report duties, each with what its form shows and when its next report falls due (null when switched off). */
export async function listReportDuties(deps: ServiceDependencies, actor: Actor, filter: { key?: string } = {}) {
  const council = await deps.db.council.findUniqueOrThrow({
    where: { id: actor.councilId },
    select: { timeZone: true, municipalYearStartMonth: true, financialYearStartMonth: true },
  });
  const duties = await deps.db.reportDuty.findMany({
    where: { councilId: actor.councilId, ...(filter.key !== undefined && { key: filter.key }) },
    orderBy: { key: 'asc' },
    include: { panel: { select: { key: true, name: true } } },
  });
  const today = localDateOf(deps.clock(), council.timeZone);
  const meetingDays = await meetingDaysByPanel(deps, actor.councilId, council.timeZone);
  const starts = { MUNICIPAL: council.municipalYearStartMonth, FINANCIAL: council.financialYearStartMonth };
  return duties.map((duty) => {
    const oneOffFrom = duty.oneOffFrom && fromDbDate(duty.oneOffFrom);
    return {
      key: duty.key,
      title: duty.title,
      panel: duty.panel.name,
      panelKey: duty.panel.key,
      authoring: duty.authoring,
      generator: duty.generator,
      cadence: duty.cadence,
      yearBasis: duty.yearBasis,
      oneOffFrom,
      oneOffMonths: duty.oneOffMonths,
      dueWorkingDaysBeforeMeeting: duty.dueWorkingDaysBeforeMeeting,
      reminderDays: duty.reminderDays,
      ownerName: duty.ownerName,
      ownerEmail: duty.ownerEmail,
      extraRecipients: duty.extraRecipients,
      reviewBeforeCirculation: duty.reviewBeforeCirculation,
      active: duty.active,
      nextDueOn: duty.active ? nextReportDueOn({ ...duty, oneOffFrom }, today, meetingDays.get(duty.panelId) ?? [], starts) : null,
    };
  });
}
export type ReportDutySummary = Awaited<ReturnType<typeof listReportDuties>>[number];

/** One report duty by key, within the actor's council. */
export async function reportDutyOf(deps: ServiceDependencies, actor: Actor, key: string): Promise<ReportDutySummary> {
  const [duty] = await listReportDuties(deps, actor, { key });
  if (!duty) throw new NotFoundError('report duty', key);
  return duty;
}

/** A report's period as ISO dates for scripts, with the words people read beside them. */
const periodOf = (report: { periodStart: Date; periodEnd: Date }) => {
  const start = fromDbDate(report.periodStart);
  const end = fromDbDate(report.periodEnd);
  return { start, end, text: `${formatDate(start)} to ${formatDate(end)}` };
};

const dueOnOf = (report: { dueOn: Date | null }) => {
  const dueOn = report.dueOn && fromDbDate(report.dueOn);
  return { dueOn, dueOnText: dueOn && formatDate(dueOn) };
};

/** The archive: every report kept, newest first, with its versions and circulation. */
export async function listReports(deps: ServiceDependencies, actor: Actor, filter: { dutyKey?: string } = {}) {
  const reports = await deps.db.report.findMany({
    where: { councilId: actor.councilId, ...(filter.dutyKey ? { duty: { key: filter.dutyKey } } : {}) },
    orderBy: [{ periodStart: 'desc' }, { version: 'desc' }],
    take: 200,
    select: {
      ...reportBasics,
      circulatedAt: true,
      submittedBy: true,
      link: true,
      fileName: true,
      duty: { select: { key: true, title: true, authoring: true } },
    },
  });
  return reports.map((report) => ({
    id: report.id,
    duty: report.duty.key,
    title: report.duty.title,
    period: periodOf(report),
    version: report.version,
    status: report.status,
    ...dueOnOf(report),
    circulatedAt: report.circulatedAt,
    submittedBy: report.submittedBy,
    link: report.link,
    downloads: downloadsOf(report.duty.authoring, report.fileName),
  }));
}

/** How often, and for how long, an officer's request looks for the report its run prepares. */
const PREPARED_POLL = { everyMs: 250, forMs: 10 * 60 * 1000 };

/** A report held back for approval is not sent yet: the request returns once its run has prepared it. */
async function preparedForApproval(handle: WorkflowHandle<typeof panelReport>) {
  for (const deadline = Date.now() + PREPARED_POLL.forMs; Date.now() < deadline;) {
    const prepared = await handle.query(preparedReport);
    if (prepared) return { ...prepared, sent: 0, failed: 0, awaitingApproval: true };
    await new Promise((resolve) => setTimeout(resolve, PREPARED_POLL.everyMs));
  }
  throw new Error(`${handle.workflowId} did not prepare its report within ${PREPARED_POLL.forMs / 60_000} minutes.`);
}

/**
 * Produces a duty's report now, for the period just ended or a given one, and
 * circulates it, or (for a duty that asks for review) leaves it waiting for an
 * officer's approval. Without `regenerate`, a period already reported is not
 * produced or sent again.
 */
export async function produceReport(deps: ServiceDependencies, actor: Actor, input: ProduceReportInput) {
  const values = parseInput(produceReportInput, input);
  requireWriter(actor, 'produce reports');
  const duty = await deps.db.reportDuty.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.dutyKey } } });
  if (!duty) throw new NotFoundError('report duty', values.dutyKey);
  const run = {
    workflowId: `${reportDutyScheduleId(duty.id)}:officer:${deps.clock().getTime()}`,
    taskQueue: deps.taskQueue,
    args: [{ dutyId: duty.id, periodStart: values.periodStart, regenerate: values.regenerate }] satisfies [PanelReportInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  };
  const result = duty.reviewBeforeCirculation
    ? await preparedForApproval(await deps.temporal.workflow.start(panelReport, run))
    : { ...(await deps.temporal.workflow.execute(panelReport, run)), awaitingApproval: false };
  const details = { duty: duty.key, version: result.version };
  await recordAudit(deps.db, actor, 'report.produced', { type: 'Report', id: result.reportId }, details);
  return result;
}

/**
 * A stored report for download: a generated one as HTML, PDF or CSV; an
 * authored one as the file its owner uploaded ("original").
 */
export async function reportDownload(deps: ServiceDependencies, actor: Actor, input: { reportId: string; format: string }) {
  const { reportId, format } = parseInput(
    reportIdInput.extend({
      format: z.enum(['html', 'pdf', 'csv', 'original'], { error: 'must be html, pdf, csv or original (an uploaded report)' }),
    }),
    input,
  );
  const report = await deps.db.report.findFirst({
    where: { id: reportId, councilId: actor.councilId },
    include: { duty: { select: { key: true } } },
  });
  if (!report) throw new NotFoundError('report', reportId);
  const stem = `${report.duty.key}-${fromDbDate(report.periodStart)}-v${report.version}`;
  if (format === 'original') {
    if (!report.file) throw new NotFoundError('uploaded file of report', reportId);
    return {
      filename: report.fileName ?? stem,
      contentType: report.fileType ?? 'application/octet-stream',
      content: Buffer.from(report.file),
    };
  }
  const content = format === 'pdf' ? (report.pdf ? Buffer.from(report.pdf) : null) : report[format];
  if (content === null) throw new NotFoundError(`${format.toUpperCase()} of report`, reportId);
  return { filename: `${stem}.${format}`, contentType: REPORT_FORMATS[format], content };
}

const recipientEmail = z.email({ error: 'each must be an email address' });

const dutyFields = {
  title: z.string({ error: 'give the report’s title' }).trim().min(3, 'give the report’s title').max(160),
  panelKey: z.string({ error: 'name the panel, e.g. cyp-scrutiny' }).trim().min(1, 'name the panel, e.g. cyp-scrutiny'),
  authoring: z.enum(['GENERATED', 'AUTHORED'], { error: 'must be GENERATED (built by the engine) or AUTHORED (written by its owner)' }),
  generator: z
    .enum(Object.keys(GENERATOR_TITLES) as [string, ...string[]], { error: `must be one of ${Object.keys(GENERATOR_TITLES).join(', ')}` })
    .optional(),
  cadence: z.enum(['QUARTERLY', 'SIX_MONTHLY', 'ANNUAL', 'ONE_OFF'], { error: 'must be QUARTERLY, SIX_MONTHLY, ANNUAL or ONE_OFF' }),
  yearBasis: z.enum(['MUNICIPAL', 'FINANCIAL'], { error: 'must be MUNICIPAL (from May) or FINANCIAL (from April)' }),
  oneOffFrom: isoDateSchema.optional(),
  oneOffMonths: z.coerce.number().int().min(1, 'must be at least 1 month').max(24, 'must be at most 24 months').optional(),
  dueWorkingDaysBeforeMeeting: wholeNumber(
    'must be a whole number of working days, e.g. 10',
    [0, 'must be 0 or more working days'],
    [40, 'must be at most 40 working days'],
  ),
  reminderDays: z
    .array(
      wholeNumber(
        'each must be a whole number of working days, e.g. 10',
        [1, 'each must be at least 1 working day'],
        [60, 'each must be at most 60 working days'],
      ),
    )
    .max(5, 'at most 5 reminders'),
  ownerName: z.string().trim().max(120).optional(),
  ownerEmail: z.email({ error: 'must be the owner’s email address' }).optional(),
  extraRecipients: z.array(recipientEmail).max(50, 'at most 50 addresses'),
  reviewBeforeCirculation: z.boolean({ error: 'must be true (an officer approves each report first) or false' }),
};

const consistentDuty = <
  T extends { authoring?: string; generator?: string; cadence?: string; oneOffFrom?: string; oneOffMonths?: number; ownerEmail?: string },
>(
  duty: T,
  ctx: z.RefinementCtx,
) => {
  if (duty.authoring === 'GENERATED' && !duty.generator)
    ctx.addIssue({ code: 'custom', path: ['generator'], message: 'is needed for a generated report: say which report the engine builds' });
  if (duty.authoring === 'AUTHORED' && !duty.ownerEmail)
    ctx.addIssue({ code: 'custom', path: ['ownerEmail'], message: 'is needed for an authored report: who writes it and is reminded' });
  if (duty.cadence === 'ONE_OFF' && (!duty.oneOffFrom || !duty.oneOffMonths)) {
    ctx.addIssue({
      code: 'custom',
      path: ['oneOffFrom'],
      message: 'and oneOffMonths are needed for a one-off report: "within N months of" which date',
    });
  }
};

export const registerReportDutyInput = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens' })
      .max(60),
    ...dutyFields,
    // Defaults for a new duty only: a change leaves out what it does not change.
    yearBasis: dutyFields.yearBasis.default('MUNICIPAL'),
    dueWorkingDaysBeforeMeeting: dutyFields.dueWorkingDaysBeforeMeeting.default(10),
    reminderDays: dutyFields.reminderDays.default([10, 3]),
    extraRecipients: dutyFields.extraRecipients.default([]),
    reviewBeforeCirculation: dutyFields.reviewBeforeCirculation.default(false),
  })
  .superRefine(consistentDuty);
export type RegisterReportDutyInput = z.input<typeof registerReportDutyInput>;

/**
 * Registers a report the council owes a panel. A periodic one gets its
 * schedule at once; a one-off ("within N months of") starts its single run.
 */
export async function registerReportDuty(deps: ServiceDependencies, actor: Actor, input: RegisterReportDutyInput) {
  const values = parseInput(registerReportDutyInput, input);
  requireWriter(actor, 'register report duties');
  const panel = await deps.db.panel.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.panelKey } } });
  if (!panel) throw new NotFoundError('panel', values.panelKey);
  const existing = await deps.db.reportDuty.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.key } } });
  if (existing) throw new ConflictError(`A report duty with key "${values.key}" already exists (${existing.title}).`);
  const { panelKey, oneOffFrom, ...fields } = values;
  const duty = await deps.db.reportDuty.create({
    data: { ...fields, councilId: actor.councilId, panelId: panel.id, oneOffFrom: oneOffFrom ? toDbDate(oneOffFrom) : null },
  });
  await recordAudit(deps.db, actor, 'report-duty.registered', { type: 'ReportDuty', id: duty.id }, { key: duty.key });
  await startDutyRuns(deps, [duty.id]);
  return duty;
}

export const updateReportDutyInput = z
  .object({ key: z.string().trim().min(1), active: z.boolean().optional(), ...dutyFields })
  .partial()
  .required({ key: true });

/** Changes a duty: a new cadence updates its schedule in place; switching it off removes the schedule. */
export async function updateReportDuty(deps: ServiceDependencies, actor: Actor, input: z.input<typeof updateReportDutyInput>) {
  const { key, panelKey, oneOffFrom, ...changes } = parseInput(updateReportDutyInput, input);
  requireWriter(actor, 'change report duties');
  const duty = await deps.db.reportDuty.findUnique({ where: { councilId_key: { councilId: actor.councilId, key } } });
  if (!duty) throw new NotFoundError('report duty', key);
  // The duty as it would be must still add up, as a new one must: checked on the changes over what is stored.
  parseInput(z.any().superRefine(consistentDuty), {
    authoring: changes.authoring ?? duty.authoring,
    generator: changes.generator ?? duty.generator ?? undefined,
    cadence: changes.cadence ?? duty.cadence,
    oneOffFrom: oneOffFrom ?? (duty.oneOffFrom ? fromDbDate(duty.oneOffFrom) : undefined),
    oneOffMonths: changes.oneOffMonths ?? duty.oneOffMonths ?? undefined,
    ownerEmail: changes.ownerEmail ?? duty.ownerEmail ?? undefined,
  });
  const panel = panelKey
    ? await deps.db.panel.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: panelKey } } })
    : null;
  if (panelKey && !panel) throw new NotFoundError('panel', panelKey);
  const updated = await deps.db.reportDuty.update({
    where: { id: duty.id },
    data: { ...changes, ...(panel && { panelId: panel.id }), ...(oneOffFrom && { oneOffFrom: toDbDate(oneOffFrom) }) },
  });
  await recordAudit(deps.db, actor, 'report-duty.updated', { type: 'ReportDuty', id: duty.id }, { changes: Object.keys(changes) });
  await startDutyRuns(deps, [duty.id]);
  return updated;
}

/**
 * Schedules for periodic duties, and the single run of each active one-off
 * duty (a finished run is not started again). Idempotent; run at start-up
 * for every duty, and after a change for the duties changed (`dutyIds`).
 */
export async function startDutyRuns(
  deps: ServiceDependencies,
  dutyIds?: readonly string[],
): Promise<{ schedules: ScheduleSync; oneOffs: number }> {
  const schedules = await syncReportSchedules(deps, dutyIds);
  const oneOffs = await deps.db.reportDuty.findMany({
    where: { cadence: 'ONE_OFF', active: true, ...(dutyIds && { id: { in: [...dutyIds] } }) },
    select: { id: true },
  });
  for (const duty of oneOffs) {
    await deps.temporal.workflow
      .start(panelReport, {
        workflowId: `${reportDutyScheduleId(duty.id)}:one-off`,
        taskQueue: deps.taskQueue,
        args: [{ dutyId: duty.id }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      })
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      });
  }
  return { schedules, oneOffs: oneOffs.length };
}

/** Uploaded reports are emailed to the panel, so they are kept to what mail relays accept. */
export const MAX_REPORT_BYTES = 15_000_000;

export const submitReportInput = z
  .object({
    link: z.url({ protocol: /^https?$/, error: 'must be a web address starting https://' }).optional(),
    file: z.object({ name: z.string().min(1).max(200), type: z.string().max(100), bytes: z.instanceof(Buffer) }).optional(),
    submittedBy: z.string().trim().min(1).max(160),
  })
  .refine((submission) => submission.link || submission.file, { path: ['file'], error: 'upload the report or give a link to it' })
  .refine((submission) => !submission.file || submission.file.bytes.length <= MAX_REPORT_BYTES, {
    path: ['file'],
    error: `must be at most ${MAX_REPORT_BYTES / 1_000_000} MB; give a link to a larger file instead`,
  });

/**
 * An authored report is submitted, by an officer or its owner through their
 * link: it is stored and its workflow circulates it at once. A report already
 * submitted keeps its first submission.
 */
export async function submitAuthoredReport(
  deps: ServiceDependencies,
  reportId: string,
  councilId: string,
  input: z.input<typeof submitReportInput>,
) {
  parseInput(reportIdInput, { reportId });
  const values = parseInput(submitReportInput, input);
  const report = await deps.db.report.findFirst({ where: { id: reportId, councilId }, include: { duty: true } });
  if (!report || report.duty.authoring !== 'AUTHORED') throw new NotFoundError('authored report', reportId);
  const updated = await deps.db.report.updateMany({
    where: { id: report.id, status: 'DUE' },
    data: {
      status: 'SUBMITTED',
      link: values.link ?? null,
      fileName: values.file?.name ?? null,
      fileType: values.file?.type ?? null,
      file: values.file ? new Uint8Array(values.file.bytes) : null,
      submittedAt: deps.clock(),
      submittedBy: values.submittedBy,
    },
  });
  if (updated.count === 0)
    throw new ConflictError(
      `This report was already submitted${report.submittedBy ? ` by ${report.submittedBy}` : ''}; it has been sent to the panel.`,
    );
  if (report.workflowId) await nudgeReportRun(deps, report.workflowId, reportSubmitted);
  return { reportId: report.id };
}

/** The archive entry of one report: its versions, and who received each and when. */
export async function reportCirculation(deps: ServiceDependencies, actor: Actor, reportId: string) {
  parseInput(reportIdInput, { reportId });
  const report = await deps.db.report.findFirst({ where: { id: reportId, councilId: actor.councilId }, include: { duty: true } });
  if (!report) throw new NotFoundError('report', reportId);
  const versions = await deps.db.report.findMany({
    where: { dutyId: report.dutyId, periodStart: report.periodStart },
    orderBy: { version: 'asc' },
  });
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  return Promise.all(
    versions.map(async (version) => {
      const notifications = await deps.db.notification.findMany({
        where: { councilId: actor.councilId, idempotencyKey: { startsWith: `report:${version.id}:to:` } },
        orderBy: { toAddress: 'asc' },
        select: { toAddress: true, toName: true, status: true, sentAt: true },
      });
      return {
        reportId: version.id,
        version: version.version,
        status: version.status,
        submittedBy: version.submittedBy,
        recipients: notifications.map((notification) => ({
          name: notification.toName,
          email: notification.toAddress,
          status: notification.status,
          sentAt: notification.sentAt,
          sentAtText: notification.sentAt && formatDateTime(notification.sentAt, council.timeZone),
        })),
      };
    }),
  );
}

/**
 * One report for officers: its duty and panel, period, version, status, due
 * date, the meeting it goes to, what it can be downloaded as, and every
 * version of its period with who received it and when.
 */
export async function reportDetail(deps: ServiceDependencies, actor: Actor, reportId: string) {
  requireRecordId('report', reportId);
  const report = await deps.db.report.findFirst({
    where: { id: reportId, councilId: actor.councilId },
    select: {
      ...reportBasics,
      link: true,
      fileName: true,
      submittedAt: true,
      submittedBy: true,
      circulatedAt: true,
      approvedAt: true,
      approvedBy: true,
      commentary: true,
      duty: { select: { key: true, title: true, authoring: true, ownerName: true, panel: { select: { name: true } } } },
      meeting: { select: { id: true, startsAt: true, location: true, status: true } },
    },
  });
  if (!report) throw new NotFoundError('report', reportId);
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const dueOn = report.dueOn && fromDbDate(report.dueOn);
  const when = (instant: Date) => formatDateTime(instant, council.timeZone);
  return {
    id: report.id,
    duty: { ...report.duty, panel: report.duty.panel.name },
    period: periodOf(report),
    version: report.version,
    status: report.status,
    ...dueOnOf(report),
    late: report.status === 'DUE' && dueOn !== null && dueOn < localDateOf(deps.clock(), council.timeZone),
    link: report.link,
    submitted: report.submittedAt && { when: when(report.submittedAt), by: report.submittedBy },
    circulated: report.circulatedAt && when(report.circulatedAt),
    approved: report.approvedAt && { when: when(report.approvedAt), by: report.approvedBy, commentary: report.commentary },
    meeting: report.meeting && { ...report.meeting, when: when(report.meeting.startsAt) },
    downloads: downloadsOf(report.duty.authoring, report.fileName),
    versions: await reportCirculation(deps, actor, report.id),
  };
}
