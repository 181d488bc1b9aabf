import { addDays, type IsoDate } from './calendar';

// Counting Monday to Friday, without the holiday data: working-days.ts adds
// England's bank holidays. Kept apart so that workflows, which must not bundle
// that data, can import it.

/** Monday to Friday. */
export const isWeekday = (date: IsoDate): boolean => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/**
 * Moves by whole weekdays, not counting the days `isHoliday` names.
 * Negative counts go back: "10 working days before the meeting".
 */
export function addWeekdays(date: IsoDate, count: number, isHoliday: (date: IsoDate) => boolean = () => false): IsoDate {
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWeekday(current) && !isHoliday(current)) remaining -= 1;
  }
  return current;
}
