import { addMonths, type IsoDate, type YearBasis } from '../calendar';
import { addWorkingDays } from '../working-days';
import { ENGLISH_YEAR_STARTS, reportingPeriodContaining, type ReportCadence, type YearStarts } from './periods';

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

/** What the next due date of a duty depends on. */
export interface DutyTimetable {
  cadence: ReportCadence | 'ONE_OFF';
  yearBasis: YearBasis;
  oneOffFrom: IsoDate | null;
  oneOffMonths: number | null;
  dueWorkingDaysBeforeMeeting: number;
}

/**
 * When a duty's next report falls due, seen on `today`: a periodic duty's
 * for the period now running (due before the panel meeting after it ends), a
 * one-off's at its deadline. Null for a one-off without its dates.
 */
export function nextReportDueOn(
  duty: DutyTimetable,
  today: IsoDate,
  meetingDays: readonly IsoDate[],
  starts: YearStarts = ENGLISH_YEAR_STARTS,
): IsoDate | null {
  if (duty.cadence === 'ONE_OFF') return duty.oneOffFrom && duty.oneOffMonths ? addMonths(duty.oneOffFrom, duty.oneOffMonths) : null;
  const period = reportingPeriodContaining(today, duty.cadence, duty.yearBasis, starts);
  return reportDueOn(nextMeetingAfter(meetingDays, period.end), duty.dueWorkingDaysBeforeMeeting, period.end);
}
