import { formatDateTime } from '../../domain/calendar';
import { nextMeetingAfter, nextReportDueOn, reportDueOn } from '../../domain/reports/due';
import { authoredReportSteps, reportReminders } from '../../domain/reports/reminders';
import { isBankHoliday } from '../../domain/working-days';

test('a report goes to the first meeting after its period ends, not one on the last day', () => {
  const meetings = ['2026-06-16', '2026-09-15', '2026-10-31', '2026-12-08', '2027-03-16'];
  expect(nextMeetingAfter(meetings, '2026-10-31')).toBe('2026-12-08');
  expect(nextMeetingAfter(meetings, '2027-04-30')).toBeNull();
});

test('due ten working days before a January meeting skips Christmas, Boxing Day (substitute) and New Year', () => {
  // From Thursday 7 January 2027 back: 6, 5, 4 Jan; 1 Jan is a bank holiday; 31, 30, 29 Dec; 28 (Boxing Day substitute)
  // and 25 Dec are holidays; 24, 23, 22, 21 Dec: the tenth working day before is Monday 21 December.
  expect(reportDueOn('2027-01-07', 10, '2026-10-31')).toBe('2026-12-21');
  expect(reportDueOn('2026-12-08', 10, '2026-10-31')).toBe('2026-11-24');
});

test('due five working days before a meeting the Tuesday after Easter skips Good Friday and Easter Monday', () => {
  expect(reportDueOn('2027-03-30', 5, '2027-01-31')).toBe('2027-03-19');
});

test('with no meeting in the calendar, a report is due a month after its period ends', () => {
  expect(reportDueOn(null, 10, '2027-01-31')).toBe('2027-02-28');
});

test('the owner is reminded at 9am on the planned working days before it is due, and it is escalated the morning after', () => {
  const reminders = reportReminders('2026-11-24', [3, 10, 3], isBankHoliday);
  expect(authoredReportSteps('2026-11-24', reminders, 'Europe/London').map((step) => `${step.kind} ${formatDateTime(step.at)}`)).toEqual([
    'REMIND_OWNER Tuesday 10 November 2026 at 9am',
    'REMIND_OWNER Thursday 19 November 2026 at 9am',
    'ESCALATE Wednesday 25 November 2026 at 9am',
  ]);
});

describe('the next due date of a duty', () => {
  const quarterly = {
    cadence: 'QUARTERLY',
    yearBasis: 'MUNICIPAL',
    oneOffFrom: null,
    oneOffMonths: null,
    dueWorkingDaysBeforeMeeting: 10,
  } as const;

  test('a quarterly duty on 23 November is due ten working days before the first meeting after its quarter ends in January', () => {
    // The municipal quarter November to January ends on 31 January 2027; the next meeting is Tuesday 16 March 2027.
    expect(nextReportDueOn(quarterly, '2026-11-23', ['2026-12-08', '2027-03-16'])).toBe('2027-03-02');
  });

  test('without a meeting it is due a month after the period, and a one-off is due at its deadline', () => {
    expect(nextReportDueOn({ ...quarterly, cadence: 'SIX_MONTHLY', yearBasis: 'FINANCIAL' }, '2026-11-23', [])).toBe('2027-04-30');
    expect(nextReportDueOn({ ...quarterly, cadence: 'ONE_OFF', oneOffFrom: '2026-09-01', oneOffMonths: 6 }, '2026-11-23', [])).toBe(
      '2027-03-01',
    );
    expect(nextReportDueOn({ ...quarterly, cadence: 'ONE_OFF' }, '2026-11-23', [])).toBeNull();
  });
});
