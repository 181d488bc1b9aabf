import { formatDateTime } from '../../domain/calendar';
import { authoredReportSteps, nextMeetingAfter, reportDueOn } from '../../domain/reports/due';

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
  expect(authoredReportSteps('2026-11-24', [10, 3], 'Europe/London').map((step) => `${step.kind} ${formatDateTime(step.at)}`)).toEqual([
    'REMIND_OWNER Tuesday 10 November 2026 at 9am',
    'REMIND_OWNER Thursday 19 November 2026 at 9am',
    'ESCALATE Wednesday 25 November 2026 at 9am',
  ]);
});
