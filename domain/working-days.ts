import Holidays from 'date-holidays';

import type { IsoDate } from './calendar';
import { addWeekdays, isWeekday } from './weekdays';

// Kept apart from calendar.ts so workflows do not bundle the holiday data:
// activities work out working days and pass the dates to workflows, so an
// upgrade of the data never moves a running workflow's timers.

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
        .filter(isWeekday),
    );
    bankHolidaysByYear.set(year, dates);
  }
  return dates;
}

export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidaysIn(Number(date.slice(0, 4))).has(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  return isWeekday(date) && !isBankHoliday(date);
}

/**
 * Moves by whole working days (Monday to Friday, not bank holidays).
 * Negative counts go back: "10 working days before the meeting".
 */
export const addWorkingDays = (date: IsoDate, count: number): IsoDate => addWeekdays(date, count, isBankHoliday);
