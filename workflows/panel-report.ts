import { condition, defineQuery, defineSignal, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';

import type { AwaitedReport, ReportActivities } from '../activities/reports';
import { authoredReportSteps, reportReminders, type ReportReminder } from '../domain/reports/reminders';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

// Rendering a PDF for a large council takes longer than a database write.
const { prepareReport, reportSubmissionState, reportReminderDates, reportApprovalState } = proxyActivities<ReportActivities>({
  ...dataActivityOptions,
  startToCloseTimeout: '10 minutes',
});
const { circulateReport, remindReportOwner, escalateLateReport, requestReportApproval, remindReportApprover, escalateUnapprovedReport } =
  proxyActivities<ReportActivities>({
    ...emailActivityOptions,
    startToCloseTimeout: '30 minutes',
  });

export interface PanelReportInput {
  dutyId: string;
  /** A period to (re)produce; absent when the schedule runs it for the period just ended. */
  periodStart?: string;
  /** Produce a new version even if this period's report exists. */
  regenerate?: boolean;
}

export interface PanelReportResult {
  reportId: string;
  version: number;
  sent: number;
  failed: number;
}

/** The owner of an authored report has submitted it (already recorded in Postgres). */
export const reportSubmitted = defineSignal('reportSubmitted');

/** An officer has approved the report, perhaps with a commentary (already recorded in Postgres). */
export const reportApproved = defineSignal('reportApproved');

/** The report a run has prepared (null until it has), for an officer who asked for it and does not wait for its approval. */
export const preparedReport = defineQuery<{ reportId: string; version: number } | null>('preparedReport');

/** The schedule ID of a duty, and the ID prefix of the workflows it starts. */
export const reportDutyScheduleId = (dutyId: string) => `report-duty:${dutyId}`;

/** Runs prepared before the activity worked out the reminder days ask for them (patched() keeps their histories replaying). */
const REMINDER_DATES_FROM_ACTIVITY = 'reminder-dates-from-activity';

/**
 * The reminder days of a run prepared before `prepareReport` worked them out.
 * Replaying that run's history, weekdays stand in for working days (the
 * workflow has no holiday data; replay checks no timer's length); once the
 * run goes on past its history, the activity gives the real days.
 */
async function remindersOf(awaiting: AwaitedReport): Promise<{ reminders: ReportReminder[]; exact: boolean }> {
  if (awaiting.reminders) return { reminders: awaiting.reminders, exact: true };
  if (patched(REMINDER_DATES_FROM_ACTIVITY)) return { reminders: await reportReminderDates(awaiting), exact: true };
  return { reminders: reportReminders(awaiting.dueOn, awaiting.reminderDays, () => false), exact: false };
}

/** A late authored report is looked at again this often, in case its submission signal was lost. */
const RECHECK_MS = 7 * 24 * 60 * 60 * 1000;

/** Runs started before duties could ask for review before circulation circulate at once (patched() keeps their histories replaying). */
export const REVIEW_BEFORE_CIRCULATION = 'report-review-before-circulation';

/**
 * Holds a report back until an officer approves it, when its duty asks for
 * review: democratic services are asked at once, reminded on the duty's
 * reminder days before it is due (those already past are not sent late), and
 * the panel's clerk and chair are told the morning after; then it waits,
 * looking again each week in case the approval signal was lost.
 */
async function awaitApproval(reportId: string, isApproved: () => boolean): Promise<void> {
  const plan = await requestReportApproval(reportId);
  if (!plan) return;
  const requestedAt = Date.now();
  for (const step of authoredReportSteps(plan.dueOn, plan.reminders, plan.zone)) {
    if (await condition(isApproved, Math.max(1, step.at.getTime() - Date.now()))) return;
    if (step.kind === 'REMIND_OWNER' && step.at.getTime() < requestedAt) continue;
    const state =
      step.kind === 'REMIND_OWNER'
        ? await remindReportApprover({ reportId, daysBefore: step.daysBefore })
        : await escalateUnapprovedReport(reportId);
    if (state.approved) return;
  }
  while (!isApproved()) {
    if (!(await condition(isApproved, RECHECK_MS)) && (await reportApprovalState(reportId)).approved) return;
  }
}

/**
 * One period's report to a panel. A generated report is built and circulated
 * at once. An authored one waits for its owner: reminders on the planned
 * working days before it is due, escalation to the panel chair and clerk the
 * morning after, then circulation as soon as it is submitted. Either waits
 * for an officer's approval first when its duty asks for review.
 */
export async function panelReport(input: PanelReportInput): Promise<PanelReportResult> {
  let submitted = false;
  let approved = false;
  setHandler(reportSubmitted, () => void (submitted = true));
  setHandler(reportApproved, () => void (approved = true));
  let preparedSoFar: { reportId: string; version: number } | null = null;
  setHandler(preparedReport, () => preparedSoFar);
  const startedAt = Date.now();
  const prepared = await prepareReport({ ...input, asOf: new Date(startedAt).toISOString(), workflowId: workflowInfo().workflowId });
  preparedSoFar = { reportId: prepared.reportId, version: prepared.version };

  const awaiting = prepared.awaiting;
  if (awaiting) {
    let plan = await remindersOf(awaiting);
    const stepCount = authoredReportSteps(awaiting.dueOn, plan.reminders, awaiting.zone).length;
    for (let index = 0; index < stepCount; index += 1) {
      if (!plan.exact) plan = await remindersOf(awaiting);
      const step = authoredReportSteps(awaiting.dueOn, plan.reminders, awaiting.zone)[index]!;
      if (await condition(() => submitted, Math.max(1, step.at.getTime() - Date.now()))) break;
      // A reminder whose day passed before this run began is not sent late; the escalation is.
      if (step.kind === 'REMIND_OWNER' && step.at.getTime() < startedAt) continue;
      const state =
        step.kind === 'REMIND_OWNER'
          ? await remindReportOwner({ reportId: prepared.reportId, daysBefore: step.daysBefore })
          : await escalateLateReport(prepared.reportId);
      if (state.submitted) submitted = true;
    }
    while (!submitted) {
      if (!(await condition(() => submitted, RECHECK_MS))) submitted = (await reportSubmissionState(prepared.reportId)).submitted;
    }
  }

  if (patched(REVIEW_BEFORE_CIRCULATION)) await awaitApproval(prepared.reportId, () => approved);
  const circulation = await circulateReport(prepared.reportId);
  return { reportId: prepared.reportId, version: prepared.version, ...circulation };
}
