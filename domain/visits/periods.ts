import { addDays, addMonths, type IsoDate } from '../calendar';

/** Cadences that divide the year evenly, so periods line up with the municipal year. */
export const VISIT_CADENCES = [1, 2, 3, 4, 6, 12] as const;
export type VisitCadence = (typeof VISIT_CADENCES)[number];

export interface VisitPeriod {
  /** First day of the period. */
  start: IsoDate;
  /** Last day of the period, inclusive. */
  end: IsoDate;
}

/**
 * The visit period containing `date`. Monthly periods are calendar months;
 * longer cadences count from the start of the municipal year (May), so a
 * three-monthly Recommendation 41 programme follows the municipal quarters.
 */
export function visitPeriodContaining(date: IsoDate, cadenceMonths: number, yearStartMonth = 5): VisitPeriod {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const monthsSinceYearStart = (month - yearStartMonth + 12) % 12;
  const firstMonthOffset = monthsSinceYearStart - (monthsSinceYearStart % cadenceMonths);
  const yearStart = `${month >= yearStartMonth ? year : year - 1}-${String(yearStartMonth).padStart(2, '0')}-01`;
  const start = addMonths(yearStart, firstMonthOffset);
  return { start, end: addDays(addMonths(start, cadenceMonths), -1) };
}

export function followingPeriod(period: VisitPeriod, cadenceMonths: number): VisitPeriod {
  const start = addDays(period.end, 1);
  return { start, end: addDays(addMonths(start, cadenceMonths), -1) };
}
