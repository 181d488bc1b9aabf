import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

import { addDays, type IsoDate } from './calendar';

// Kept apart from calendar.ts so workflows, which need calendars but not
// working days, do not bundle the holiday data.

const weekdayOf = (date: IsoDate) => DateTime.fromISO(date, { zone: 'UTC' }).weekday;

const englandHolidays = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, Set<IsoDate>>();

/**
 * Bank holidays in England and Wales for a year, including substitute days
 * and one-off holidays, as GOV.UK lists them: a holiday falling at a weekend
 * is replaced by its weekday substitute, so weekend dates are left out.
 */
export function bankHolidaysIn(year: number): Set<IsoDate> {
  let dates = bankHolidaysByYear.get(year);
  if (!dates) {
    dates = new Set(
      englandHolidays
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10))
        .filter((date) => weekdayOf(date) <= 5),
    );
    bankHolidaysByYear.set(year, dates);
  }
  return dates;
}

export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidaysIn(Number(date.slice(0, 4))).has(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  return weekdayOf(date) <= 5 && !isBankHoliday(date);
}

/**
 * Moves by whole working days (Monday to Friday, not bank holidays).
 * Negative counts go back: "10 working days before the meeting".
 */
export function addWorkingDays(date: IsoDate, count: number): IsoDate {
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}
