import type { VisitReportStage } from '../../prisma/generated/client';
import { addDays, instantAt, localDateOf, MORNING, type IsoDate } from '../calendar';
import { addWeekdays } from '../weekdays';

/** Working days a report may wait on one step (the officer's review, or the visitor's answer) before someone is reminded. */
export const REVIEW_REMINDER_WORKING_DAYS = 2;
/** Working days a report may wait on one step before the escalation: democratic services and the corporate parenting panel's chair and clerk. */
export const REVIEW_ESCALATION_WORKING_DAYS = 5;
/** Working days before the manager's window ends that the manager is reminded. */
export const MANAGER_REMINDER_WORKING_DAYS = 3;

/** Where a visit report stands, in words a person reads. */
export const STAGE_LABELS: Record<VisitReportStage, { label: string; tag: string }> = {
  AWAITING_REVIEW: { label: 'Awaiting an officer’s review', tag: 'warning' },
  RETURNED: { label: 'Returned to the visitor with a question', tag: 'warning' },
  WITH_MANAGER: { label: 'With the home’s manager for factual accuracy', tag: '' },
  FINAL: { label: 'Final', tag: 'ok' },
};

/** When a report's next steps fall, as instants: what the review workflow waits for. */
export interface ReviewTimetable {
  /** While it waits on the officer or the visitor: the reminder and the escalation. */
  remindAt: Date | null;
  escalateAt: Date | null;
  /** While it is with the manager: their reminder (none if the window is too short for one) and the window's end. */
  managerRemindAt: Date | null;
  windowEndsAt: Date | null;
}

/**
 * The timetable of a report's current stage: reminders and escalation at
 * 09:00 so many working days after the stage began (`since`), the manager's
 * reminder before their last day and the window's end at the midnight after it.
 */
export function reviewTimetable(
  report: { stage: VisitReportStage; approvedAt: Date | null; managerCommentDueOn: IsoDate | null },
  since: Date,
  zone: string,
  isHoliday: (date: IsoDate) => boolean,
): ReviewTimetable {
  const at = (date: IsoDate, time = MORNING) => instantAt(date, time, zone);
  const sinceDay = localDateOf(since, zone);
  const waiting = report.stage === 'AWAITING_REVIEW' || report.stage === 'RETURNED';
  const dueOn = report.stage === 'WITH_MANAGER' ? report.managerCommentDueOn : null;
  const managerRemindAt = dueOn ? at(addWeekdays(dueOn, -MANAGER_REMINDER_WORKING_DAYS, isHoliday)) : null;
  return {
    remindAt: waiting ? at(addWeekdays(sinceDay, REVIEW_REMINDER_WORKING_DAYS, isHoliday)) : null,
    escalateAt: waiting ? at(addWeekdays(sinceDay, REVIEW_ESCALATION_WORKING_DAYS, isHoliday)) : null,
    managerRemindAt: managerRemindAt && report.approvedAt && managerRemindAt > report.approvedAt ? managerRemindAt : null,
    windowEndsAt: dueOn ? at(addDays(dueOn, 1), '00:00') : null,
  };
}

/** Where a report stands and its timetable, as the review workflow receives it: plain strings, so it travels as a payload. */
export type ReviewPosition = { stage: VisitReportStage; approved: boolean } & { [Step in keyof ReviewTimetable]: string | null };

/** A report's position for the workflow, its timetable worked out by reviewTimetable. */
export function reviewPosition(
  report: { stage: VisitReportStage; approvedAt: Date | null; managerCommentDueOn: IsoDate | null },
  since: Date,
  zone: string,
  isHoliday: (date: IsoDate) => boolean,
): ReviewPosition {
  const timetable = reviewTimetable(report, since, zone, isHoliday);
  const iso = (instant: Date | null) => instant && instant.toISOString();
  return {
    stage: report.stage,
    approved: report.approvedAt !== null,
    remindAt: iso(timetable.remindAt),
    escalateAt: iso(timetable.escalateAt),
    managerRemindAt: iso(timetable.managerRemindAt),
    windowEndsAt: iso(timetable.windowEndsAt),
  };
}
