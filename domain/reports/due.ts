import { addDays, addMonths, instantAt, MORNING, type IsoDate } from '../calendar';
import { addWorkingDays } from '../working-days';

/** The first meeting after the period has ended: the one a period's report goes to. */
export function nextMeetingAfter(meetingDays: readonly IsoDate[], periodEnd: IsoDate): IsoDate | null {
  return [...meetingDays].sort().find((day) => day > periodEnd) ?? null;
}

/**
 * When a report is due: the given number of working days (skipping weekends
 * and bank holidays) before the meeting it goes to, so papers can be
 * published. Without a meeting in the calendar, a month after the period ends.
 */
export function reportDueOn(meetingOn: IsoDate | null, workingDaysBefore: number, periodEnd: IsoDate): IsoDate {
  return meetingOn ? addWorkingDays(meetingOn, -workingDaysBefore) : addMonths(periodEnd, 1);
}

export interface AuthoredReportStep {
  kind: 'REMIND_OWNER' | 'ESCALATE';
  key: string;
  at: Date;
  daysBefore: number;
}

/**
 * The owner is reminded the planned number of working days before the due
 * date (officers and partners work weekdays); the morning after it, a late
 * report is escalated.
 */
export function authoredReportSteps(dueOn: IsoDate, reminderDays: readonly number[], zone: string): AuthoredReportStep[] {
  const reminders = [...new Set(reminderDays)]
    .sort((a, b) => b - a)
    .map((daysBefore): AuthoredReportStep => ({
      kind: 'REMIND_OWNER',
      key: `remind-${daysBefore}wd`,
      at: instantAt(addWorkingDays(dueOn, -daysBefore), MORNING, zone),
      daysBefore,
    }));
  return [...reminders, { kind: 'ESCALATE', key: 'escalate', at: instantAt(addDays(dueOn, 1), MORNING, zone), daysBefore: -1 }];
}
