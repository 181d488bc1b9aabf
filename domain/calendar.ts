import { DateTime } from 'luxon';

/**
 * Calendar dates are ISO strings (YYYY-MM-DD) everywhere outside Postgres:
 * they survive Temporal payloads unchanged and never drift across time zones.
 * Instants (when an email was sent) stay Date objects.
 */
export type IsoDate = string;

export const LONDON = 'Europe/London';

/** Reminders and deadlines arrive at the start of the working morning, local time. */
export const MORNING = '09:00';

function parse(date: IsoDate): DateTime {
  const parsed = DateTime.fromISO(date, { zone: 'UTC' });
  if (!parsed.isValid || date.length !== 10) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return parsed;
}

const iso = (value: DateTime): IsoDate => value.toISODate() as IsoDate;

/** The local calendar date of an instant in a time zone (Europe/London unless the council says otherwise). */
export function localDateOf(instant: Date, zone = LONDON): IsoDate {
  return iso(DateTime.fromJSDate(instant, { zone }));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return iso(parse(date).plus({ days }));
}

/** Adds calendar months; a day past the end of the target month clamps to its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return iso(parse(date).plus({ months }));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round(parse(to).diff(parse(from), 'days').days);
}

export function startOfMonth(date: IsoDate): IsoDate {
  return iso(parse(date).startOf('month'));
}

export function endOfMonth(date: IsoDate): IsoDate {
  return iso(parse(date).endOf('month'));
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `date` lies in [from, to], an open `to` meaning "still current". */
export function isWithin(date: IsoDate, from: IsoDate, to: IsoDate | null | undefined): boolean {
  return date >= from && (to == null || date <= to);
}

/** Converts a Postgres @db.Date (a Date at UTC midnight) to an IsoDate. */
export function fromDbDate(value: Date): IsoDate {
  return value.toISOString().slice(0, 10);
}

/** Converts an IsoDate to the Date Prisma expects for a @db.Date column. */
export function toDbDate(date: IsoDate): Date {
  return parse(date).toJSDate();
}

// ───────────────────────────── instants in local time ─────────────────────────────

/**
 * The instant a local wall-clock time happens in a zone. A time inside the
 * spring-forward gap (01:00–02:00 in London on the last Sunday of March) does
 * not exist and moves forward by the gap, as a clock on the wall would.
 */
export function instantAt(date: IsoDate, time: string, zone = LONDON): Date {
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (!local.isValid) throw new RangeError(`Not a local time: ${date} ${time} in ${zone}`);
  return local.toJSDate();
}

// ───────────────────────────── years and quarters ─────────────────────────────

export interface YearPeriod {
  /** Calendar year the period starts in (2026 for 2026/27). */
  startYear: number;
  start: IsoDate;
  /** Last day, inclusive. */
  end: IsoDate;
  /** "2026/27" */
  label: string;
}

function yearStartingIn(startYear: number, startMonth: number): YearPeriod {
  const start = DateTime.utc(startYear, startMonth, 1);
  return {
    startYear,
    start: iso(start),
    end: iso(start.plus({ years: 1 }).minus({ days: 1 })),
    label: `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`,
  };
}

function yearContaining(date: IsoDate, startMonth: number): YearPeriod {
  const value = parse(date);
  const startYear = value.month >= startMonth ? value.year : value.year - 1;
  return yearStartingIn(startYear, startMonth);
}

/** The municipal year (May to April in England, from the annual council meeting) containing `date`. */
export function municipalYearOf(date: IsoDate, startMonth = 5): YearPeriod {
  return yearContaining(date, startMonth);
}

/** The financial year (April to March in England) containing `date`. */
export function financialYearOf(date: IsoDate, startMonth = 4): YearPeriod {
  return yearContaining(date, startMonth);
}

export type YearBasis = 'MUNICIPAL' | 'FINANCIAL';

export interface Quarter {
  year: YearPeriod;
  /** 1 to 4 within the year. */
  number: number;
  start: IsoDate;
  end: IsoDate;
  /** "Q3 2026/27" */
  label: string;
}

/** The quarter of the municipal or financial year that contains `date`. */
export function quarterOf(date: IsoDate, basis: YearBasis, startMonths = { MUNICIPAL: 5, FINANCIAL: 4 }): Quarter {
  const year = yearContaining(date, startMonths[basis]);
  const monthsIn = Math.floor(parse(date).diff(parse(year.start), 'months').months);
  const number = Math.floor(monthsIn / 3) + 1;
  const start = addMonths(year.start, (number - 1) * 3);
  return { year, number, start, end: addDays(addMonths(start, 3), -1), label: `Q${number} ${year.label}` };
}

// ───────────────────────────── dates people read ─────────────────────────────

/** "Monday 23 November 2026": every date a person reads says its weekday. */
export function formatDate(date: IsoDate): string {
  return parse(date).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
}

/** "Mon 23 Nov 2026", for tables and subject lines. */
export function formatShortDate(date: IsoDate): string {
  return parse(date).setLocale('en-GB').toFormat('ccc d LLL yyyy');
}

/** "Monday 23 November 2026 at 6:30pm" in the council's zone. */
export function formatDateTime(instant: Date, zone = LONDON): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale('en-GB');
  const time = local.toFormat(local.minute === 0 ? 'ha' : 'h:mma').toLowerCase();
  return `${local.toFormat('cccc d LLLL yyyy')} at ${time}`;
}
