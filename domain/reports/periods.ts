import { addDays, addMonths, financialYearOf, municipalYearOf, type IsoDate, type YearBasis } from '../calendar';

export type ReportCadence = 'QUARTERLY' | 'SIX_MONTHLY' | 'ANNUAL';

export interface ReportingPeriod {
  start: IsoDate;
  end: IsoDate;
  /** "Q3 2026/27", "First half of 2026/27", "2026/27" */
  label: string;
}

const MONTHS: Record<ReportCadence, number> = { QUARTERLY: 3, SIX_MONTHLY: 6, ANNUAL: 12 };

export interface YearStarts {
  MUNICIPAL: number;
  FINANCIAL: number;
}

export const ENGLISH_YEAR_STARTS: YearStarts = { MUNICIPAL: 5, FINANCIAL: 4 };

/** The reporting period of a municipal or financial year that contains `date`. */
export function reportingPeriodContaining(
  date: IsoDate,
  cadence: ReportCadence,
  basis: YearBasis,
  starts: YearStarts = ENGLISH_YEAR_STARTS,
): ReportingPeriod {
  const year = basis === 'MUNICIPAL' ? municipalYearOf(date, starts.MUNICIPAL) : financialYearOf(date, starts.FINANCIAL);
  const length = MONTHS[cadence];
  let index = 0;
  while (addMonths(year.start, (index + 1) * length) <= date) index += 1;
  const start = addMonths(year.start, index * length);
  const end = addDays(addMonths(start, length), -1);
  const label =
    cadence === 'QUARTERLY'
      ? `Q${index + 1} ${year.label}`
      : cadence === 'SIX_MONTHLY'
        ? `${index === 0 ? 'First' : 'Second'} half of ${year.label}`
        : year.label;
  return { start, end, label };
}

/** The last period that had ended by `date`: what a report produced on `date` covers. */
export function lastCompletedPeriod(date: IsoDate, cadence: ReportCadence, basis: YearBasis, starts?: YearStarts): ReportingPeriod {
  const current = reportingPeriodContaining(date, cadence, basis, starts);
  return reportingPeriodContaining(addDays(current.start, -1), cadence, basis, starts);
}

export function previousPeriod(period: ReportingPeriod, cadence: ReportCadence, basis: YearBasis, starts?: YearStarts): ReportingPeriod {
  return reportingPeriodContaining(addDays(period.start, -1), cadence, basis, starts);
}

/** Months (1-12) in which a new period begins: the schedule runs on the first of each, for the period just ended. */
export function periodStartMonths(cadence: ReportCadence, basis: YearBasis, starts: YearStarts = ENGLISH_YEAR_STARTS): number[] {
  const first = starts[basis];
  return Array.from({ length: 12 / MONTHS[cadence] }, (_, index) => ((first - 1 + index * MONTHS[cadence]) % 12) + 1).sort((a, b) => a - b);
}
