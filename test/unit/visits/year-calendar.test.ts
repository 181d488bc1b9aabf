import { periodLabel, visitYearCalendar } from '../../../domain/visits/year-calendar';

const visit = (periodStart: string, id = periodStart) => ({ id, periodStart });

/** The calendar in a council whose municipal year starts in May, as in England. */
const mayYearCalendar = (programme: { within: string; cadenceMonths: number; today: string; visits: Array<ReturnType<typeof visit>> }) =>
  visitYearCalendar({ ...programme, yearStartMonth: 5 });

test('a monthly programme shows the twelve months of the municipal year, May to April, placed against today', () => {
  const calendar = mayYearCalendar({
    within: '2027-02-10',
    cadenceMonths: 1,
    today: '2026-11-23',
    visits: [visit('2026-10-01'), visit('2026-11-01')],
  });
  expect(calendar.year.label).toBe('2026/27');
  expect(calendar.periods.map((period) => period.label)).toEqual([
    'May 2026',
    'June 2026',
    'July 2026',
    'August 2026',
    'September 2026',
    'October 2026',
    'November 2026',
    'December 2026',
    'January 2027',
    'February 2027',
    'March 2027',
    'April 2027',
  ]);
  expect(calendar.periods[5]).toMatchObject({ start: '2026-10-01', end: '2026-10-31', timing: 'PAST', visits: [visit('2026-10-01')] });
  expect(calendar.periods[6]).toMatchObject({ timing: 'CURRENT', visits: [visit('2026-11-01')] });
  expect(calendar.periods[7]).toMatchObject({ timing: 'FUTURE', visits: [] });
  expect(calendar.periods[9]).toMatchObject({ start: '2027-02-01', end: '2027-02-28' });
});

test('a quarterly programme follows the municipal quarters, and keeps monthly visits from before its cadence changed', () => {
  const calendar = mayYearCalendar({
    within: '2026-05-01',
    cadenceMonths: 3,
    today: '2026-08-01',
    visits: [visit('2026-06-01', 'june'), visit('2026-05-01', 'may'), visit('2026-08-01', 'august')],
  });
  expect(calendar.periods.map((period) => [period.label, period.timing])).toEqual([
    ['May to July 2026', 'PAST'],
    ['August to October 2026', 'CURRENT'],
    ['November 2026 to January 2027', 'FUTURE'],
    ['February to April 2027', 'FUTURE'],
  ]);
  expect(calendar.periods[0]!.visits.map((entry) => entry.id)).toEqual(['may', 'june']);
  expect(calendar.periods[1]!.visits.map((entry) => entry.id)).toEqual(['august']);
});

test('a period label names its months, and both years when it spans the new year', () => {
  expect(periodLabel({ start: '2027-02-01', end: '2027-02-28' })).toBe('February 2027');
  expect(periodLabel({ start: '2026-11-01', end: '2027-04-30' })).toBe('November 2026 to April 2027');
  expect(periodLabel({ start: '2026-05-01', end: '2027-04-30' })).toBe('May 2026 to April 2027');
});
