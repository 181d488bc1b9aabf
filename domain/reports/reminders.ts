import { addDays, instantAt, MORNING, type IsoDate } from '../calendar';
import { addWeekdays } from '../weekdays';

// The panel report workflow's timeline. The days the reminders go are worked
// out by an activity, which has the bank holidays (working-days.ts): workflows
// do not bundle the holiday data, and a running workflow's timers never move
// when it is upgraded.

/** A reminder to a report's owner: planned working days before the due date, and the day that falls on. */
export interface ReportReminder {
  daysBefore: number;
  on: IsoDate;
}

/**
 * The days an authored report's owner is reminded: each planned number of
 * working days before it is due. The caller names the bank holidays
 * (working-days.ts's isBankHoliday, in an activity).
 */
export function reportReminders(
  dueOn: IsoDate,
  reminderDays: readonly number[],
  isBankHoliday: (date: IsoDate) => boolean,
): ReportReminder[] {
  return [...new Set(reminderDays)].map((daysBefore) => ({ daysBefore, on: addWeekdays(dueOn, -daysBefore, isBankHoliday) }));
}

export interface AuthoredReportStep {
  kind: 'REMIND_OWNER' | 'ESCALATE';
  key: string;
  at: Date;
  daysBefore: number;
}

/**
 * The owner is reminded on the planned working days before the due date
 * (officers and partners work weekdays), earliest first; the morning after
 * it, a late report is escalated.
 */
export function authoredReportSteps(dueOn: IsoDate, reminders: readonly ReportReminder[], zone: string): AuthoredReportStep[] {
  const steps = [...reminders]
    .sort((a, b) => b.daysBefore - a.daysBefore)
    .map(({ daysBefore, on }): AuthoredReportStep => ({
      kind: 'REMIND_OWNER',
      key: `remind-${daysBefore}wd`,
      at: instantAt(on, MORNING, zone),
      daysBefore,
    }));
  return [...steps, { kind: 'ESCALATE', key: 'escalate', at: instantAt(addDays(dueOn, 1), MORNING, zone), daysBefore: -1 }];
}
