import { addDays, instantAt, localDateOf, MORNING, type IsoDate } from '../calendar';
import type { VisitPeriod } from './periods';

export interface ReminderSlot {
  /** "14d": also the suffix of the reminder's idempotency key. */
  key: string;
  daysBefore: number;
  on: IsoDate;
  at: Date;
}

export interface VisitTimetable {
  reminders: ReminderSlot[];
  /** Local midnight after the period's last day: a visit without a report by then is missed. */
  closesAt: Date;
}

/**
 * When a visit's reminders fall (N days before the period ends, 09:00 local
 * time) and when the period closes. Reminders that would fall before the
 * period starts are dropped.
 */
export function visitTimetable(period: VisitPeriod, reminderDays: readonly number[], zone: string): VisitTimetable {
  const reminders = [...new Set(reminderDays)]
    .sort((a, b) => b - a)
    .map((daysBefore) => {
      const on = addDays(period.end, -daysBefore);
      return { key: `${daysBefore}d`, daysBefore, on, at: instantAt(on, MORNING, zone) };
    })
    .filter((slot) => slot.on >= period.start);
  return { reminders, closesAt: instantAt(addDays(period.end, 1), '00:00', zone) };
}

/** A visitor who has not accepted by 09:00 on the Nth day after the invitation is replaced. */
export function responseDeadline(invitedAt: Date, responseDays: number, zone: string): Date {
  return instantAt(addDays(localDateOf(invitedAt, zone), responseDays), MORNING, zone);
}
