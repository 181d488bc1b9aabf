import { DateTime } from 'luxon';

import { municipalYearOf, type IsoDate, type YearPeriod } from '../calendar';
import { followingPeriod, visitPeriodContaining, type VisitPeriod } from './periods';

/** Where a period stands against today. */
export type PeriodTiming = 'PAST' | 'CURRENT' | 'FUTURE';

export interface CalendarPeriod<Visit> extends VisitPeriod {
  /** "May 2027", or "May to July 2027" for longer cadences. */
  label: string;
  timing: PeriodTiming;
  /** Visits recorded for this period: usually one; none before a programme started or before a period opens. */
  visits: Visit[];
}

export interface VisitYearCalendar<Visit> {
  year: YearPeriod;
  periods: Array<CalendarPeriod<Visit>>;
}

const monthYear = (date: IsoDate) => DateTime.fromISO(date, { zone: 'UTC' }).setLocale('en-GB').toFormat('LLLL yyyy');
const monthOnly = (date: IsoDate) => DateTime.fromISO(date, { zone: 'UTC' }).setLocale('en-GB').toFormat('LLLL');

/** "May 2027", "May to July 2027", "November 2027 to January 2028". */
export function periodLabel(period: VisitPeriod): string {
  if (period.start.slice(0, 7) === period.end.slice(0, 7)) return monthYear(period.start);
  const sameYear = period.start.slice(0, 4) === period.end.slice(0, 4);
  return `${sameYear ? monthOnly(period.start) : monthYear(period.start)} to ${monthYear(period.end)}`;
}

/**
 * The visit periods of one municipal year (May to April in England), each
 * with the visits recorded for it. A visit belongs to the period its own
 * period starts in, so visits from before a change of cadence still show.
 */
export function visitYearCalendar<Visit extends { periodStart: IsoDate }>(options: {
  /** Any date in the municipal year wanted. */
  within: IsoDate;
  cadenceMonths: number;
  yearStartMonth: number;
  today: IsoDate;
  visits: readonly Visit[];
}): VisitYearCalendar<Visit> {
  const year = municipalYearOf(options.within, options.yearStartMonth);
  const periods: Array<CalendarPeriod<Visit>> = [];
  for (
    let period = visitPeriodContaining(year.start, options.cadenceMonths, options.yearStartMonth);
    period.start <= year.end;
    period = followingPeriod(period, options.cadenceMonths)
  ) {
    periods.push({
      ...period,
      label: periodLabel(period),
      timing: period.end < options.today ? 'PAST' : period.start > options.today ? 'FUTURE' : 'CURRENT',
      visits: options.visits
        .filter((visit) => visit.periodStart >= period.start && visit.periodStart <= period.end)
        .sort((a, b) => a.periodStart.localeCompare(b.periodStart)),
    });
  }
  return { year, periods };
}
