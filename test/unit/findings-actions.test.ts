import { actionDueOn, actionSteps } from '../../domain/findings/actions';
import { LONDON } from '../../domain/calendar';

const DEFAULT_DAYS = { actionWorkingDaysHigh: 5, actionWorkingDaysMedium: 20, actionWorkingDaysLow: 60 };

test('an action is due the council’s working days after approval by severity, a recommendation without a date MEDIUM’s, never counting Christmas and New Year’s bank holidays', () => {
  // Approved Friday 18 December 2026: Friday 25, Monday 28 December and Friday 1 January are bank holidays.
  expect(actionDueOn('2026-12-18', 'HIGH', DEFAULT_DAYS)).toBe('2026-12-29');
  expect(actionDueOn('2026-12-18', 'MEDIUM', DEFAULT_DAYS)).toBe('2027-01-20');
  expect(actionDueOn('2026-12-18', null, DEFAULT_DAYS)).toBe('2027-01-20');
  expect(actionDueOn('2026-12-18', 'LOW', { ...DEFAULT_DAYS, actionWorkingDaysLow: 3 })).toBe('2026-12-23');
});

test('an action due on a Saturday is reminded on the last working day before it, and overdue from the next working day at 09:00 London time', () => {
  // Saturday 2 January 2027; New Year's Day (Friday) is a bank holiday.
  expect(actionSteps('2027-01-02', 0, LONDON).map((step) => [step.kind, step.on, step.at, step.key])).toEqual([
    ['REMIND_OWNER', '2026-12-23', '2026-12-23T09:00:00.000Z', '0:2027-01-02:remind-before'],
    ['REMIND_OWNER', '2026-12-31', '2026-12-31T09:00:00.000Z', '0:2027-01-02:remind-due'],
    ['TELL_OFFICERS', '2027-01-04', '2027-01-04T09:00:00.000Z', '0:2027-01-02:overdue-officers'],
    ['TELL_LEAD_MEMBER', '2027-01-11', '2027-01-11T09:00:00.000Z', '0:2027-01-02:overdue-lead-member'],
  ]);
  // In summer 09:00 London is 08:00 UTC; a reopened action's steps are keyed by its round.
  expect(actionSteps('2027-07-15', 1, LONDON)[1]).toMatchObject({
    on: '2027-07-15',
    at: '2027-07-15T08:00:00.000Z',
    key: '1:2027-07-15:remind-due',
  });
});
