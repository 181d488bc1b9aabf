import { lastCompletedPeriod, periodStartMonths, previousPeriod, reportingPeriodContaining } from '../../domain/reports/periods';

test('municipal quarters run May–July, August–October, November–January and February–April', () => {
  expect(reportingPeriodContaining('2026-11-23', 'QUARTERLY', 'MUNICIPAL')).toEqual({
    start: '2026-11-01',
    end: '2027-01-31',
    label: 'Q3 2026/27',
  });
  expect(reportingPeriodContaining('2027-04-30', 'QUARTERLY', 'MUNICIPAL')).toEqual({
    start: '2027-02-01',
    end: '2027-04-30',
    label: 'Q4 2026/27',
  });
});

test('financial quarters run April–June and so on, and the same day falls in a different quarter', () => {
  expect(reportingPeriodContaining('2026-11-23', 'QUARTERLY', 'FINANCIAL')).toEqual({
    start: '2026-10-01',
    end: '2026-12-31',
    label: 'Q3 2026/27',
  });
  expect(reportingPeriodContaining('2027-01-15', 'QUARTERLY', 'FINANCIAL')).toEqual({
    start: '2027-01-01',
    end: '2027-03-31',
    label: 'Q4 2026/27',
  });
});

test('six-monthly periods are the halves of the year, annual periods the whole year', () => {
  expect(reportingPeriodContaining('2026-11-23', 'SIX_MONTHLY', 'MUNICIPAL')).toEqual({
    start: '2026-11-01',
    end: '2027-04-30',
    label: 'Second half of 2026/27',
  });
  expect(reportingPeriodContaining('2026-10-31', 'SIX_MONTHLY', 'MUNICIPAL')).toEqual({
    start: '2026-05-01',
    end: '2026-10-31',
    label: 'First half of 2026/27',
  });
  expect(reportingPeriodContaining('2027-02-28', 'ANNUAL', 'FINANCIAL')).toEqual({
    start: '2026-04-01',
    end: '2027-03-31',
    label: '2026/27',
  });
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
