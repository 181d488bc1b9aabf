import { lastCompletedPeriod, periodStartMonths, previousPeriod, reportingPeriodContaining } from '../../domain/reports/periods';

test.each([
  [
    'municipal quarters run May–July, August–October, November–January',
    '2026-11-23',
    'QUARTERLY',
    'MUNICIPAL',
    '2026-11-01',
    '2027-01-31',
    'Q3 2026/27',
  ],
  ['the last municipal quarter runs February–April', '2027-04-30', 'QUARTERLY', 'MUNICIPAL', '2027-02-01', '2027-04-30', 'Q4 2026/27'],
  [
    'financial quarters run April–June and so on: the same day falls in another quarter',
    '2026-11-23',
    'QUARTERLY',
    'FINANCIAL',
    '2026-10-01',
    '2026-12-31',
    'Q3 2026/27',
  ],
  ['the last financial quarter runs January–March', '2027-01-15', 'QUARTERLY', 'FINANCIAL', '2027-01-01', '2027-03-31', 'Q4 2026/27'],
  [
    'six-monthly periods are the halves of the year: the second',
    '2026-11-23',
    'SIX_MONTHLY',
    'MUNICIPAL',
    '2026-11-01',
    '2027-04-30',
    'Second half of 2026/27',
  ],
  [
    'six-monthly periods are the halves of the year: the first',
    '2026-10-31',
    'SIX_MONTHLY',
    'MUNICIPAL',
    '2026-05-01',
    '2026-10-31',
    'First half of 2026/27',
  ],
  ['an annual period is the whole year', '2027-02-28', 'ANNUAL', 'FINANCIAL', '2026-04-01', '2027-03-31', '2026/27'],
] as const)('%s (%s, %s, %s)', (_rule, day, cadence, basis, start, end, label) => {
  expect(reportingPeriodContaining(day, cadence, basis)).toEqual({ start, end, label });
});

test('a report run on the first day of a period covers the one that just ended, and knows the one before', () => {
  const justEnded = lastCompletedPeriod('2026-11-01', 'QUARTERLY', 'MUNICIPAL');
  expect(justEnded).toEqual({ start: '2026-08-01', end: '2026-10-31', label: 'Q2 2026/27' });
  expect(previousPeriod(justEnded, 'QUARTERLY', 'MUNICIPAL')).toEqual({ start: '2026-05-01', end: '2026-07-31', label: 'Q1 2026/27' });
  expect(lastCompletedPeriod('2026-05-01', 'QUARTERLY', 'MUNICIPAL').label).toBe('Q4 2025/26');
});

test('schedules fire in the months a new period begins', () => {
  expect(periodStartMonths('QUARTERLY', 'MUNICIPAL')).toEqual([2, 5, 8, 11]);
  expect(periodStartMonths('QUARTERLY', 'FINANCIAL')).toEqual([1, 4, 7, 10]);
  expect(periodStartMonths('SIX_MONTHLY', 'MUNICIPAL')).toEqual([5, 11]);
  expect(periodStartMonths('ANNUAL', 'FINANCIAL')).toEqual([4]);
});
