import { instantAt, LONDON } from '../../domain/calendar';
import { reviewTimetable } from '../../domain/findings/review';
import { isBankHoliday } from '../../domain/working-days';

const london = (instant: Date | null) =>
  instant &&
  instant.toLocaleString('en-GB', { timeZone: LONDON, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

test('a report submitted on Good Friday afternoon is reminded on the Wednesday and escalated the Monday after, at 09:00 London time, weekends and Easter not counted', () => {
  const timetable = reviewTimetable(
    { stage: 'AWAITING_REVIEW', approvedAt: null, managerCommentDueOn: null },
    instantAt('2027-03-26', '16:00'),
    LONDON,
    isBankHoliday,
  );
  // Easter 2027: Good Friday 26 March and Easter Monday 29 March are bank holidays, and the clocks go forward on the Sunday.
  expect(london(timetable.remindAt)).toBe('Wednesday 31 March at 09:00');
  expect(london(timetable.escalateAt)).toBe('Monday 5 April at 09:00');
  expect(timetable.windowEndsAt).toBeNull();
});

test('the manager is reminded three working days before their last day, and the window ends at the midnight after it; too short a window has no reminder', () => {
  const approvedAt = instantAt('2026-12-18', '10:00');
  const window = reviewTimetable(
    { stage: 'WITH_MANAGER', approvedAt, managerCommentDueOn: '2027-01-06' },
    approvedAt,
    LONDON,
    isBankHoliday,
  );
  expect(london(window.managerRemindAt)).toBe('Thursday 31 December at 09:00');
  expect(london(window.windowEndsAt)).toBe('Thursday 7 January at 00:00');
  expect(window.remindAt).toBeNull();

  const short = reviewTimetable(
    { stage: 'WITH_MANAGER', approvedAt, managerCommentDueOn: '2026-12-22' },
    approvedAt,
    LONDON,
    isBankHoliday,
  );
  expect(short.managerRemindAt).toBeNull();
  expect(london(short.windowEndsAt)).toBe('Wednesday 23 December at 00:00');
});
