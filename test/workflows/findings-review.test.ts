import type { TestWorkflowEnvironment } from '@temporalio/testing';

import type { FindingActivities } from '../../activities/findings';
import { LONDON, localDateOf, type IsoDate } from '../../domain/calendar';
import { reviewTimetable } from '../../domain/findings/review';
import { addWorkingDays, isBankHoliday } from '../../domain/working-days';
import type { VisitReportStage } from '../../prisma/generated/client';
import {
  findingActionWorkflowId,
  reportReviewChanged,
  reportReviewState,
  visitReportReview,
  visitReportReviewWorkflowId,
} from '../../workflows';
import { createJournal, londonInstant, onServerFrom, sleepUntil, withWorker, workflowNow } from './support/workflow-clock';

const REPORT = 'report-oakfield';

type ReviewActivities = Pick<
  FindingActivities,
  | 'raiseUrgentConcern'
  | 'reportReviewPosition'
  | 'askVisitor'
  | 'remindReview'
  | 'escalateReview'
  | 'openReportActions'
  | 'sendManagerLink'
  | 'remindManager'
  | 'closeManagerWindow'
>;

/**
 * One report's review in memory, behind activities typed from the real
 * factory; its timetable comes from the real domain rules with England's
 * bank holidays, as the real activity works it out. The test plays the
 * officer, the visitor and the manager, each change followed by the signal
 * the real use case sends.
 */
function fakeReview(env: TestWorkflowEnvironment, options: { hasManager: boolean; actionIds?: string[] }) {
  const journal = createJournal();
  const report = { stage: 'AWAITING_REVIEW' as VisitReportStage, approvedAt: null as Date | null, dueOn: null as IsoDate | null };
  const workflow = () => env.client.workflow.getHandle(visitReportReviewWorkflowId(REPORT));

  const activities: ReviewActivities = {
    async raiseUrgentConcern() {
      journal.note('urgent concern checked');
      return { raised: true };
    },
    async reportReviewPosition({ since }) {
      const timetable = reviewTimetable({ ...report, managerCommentDueOn: report.dueOn }, new Date(since), LONDON, isBankHoliday);
      const iso = (instant: Date | null) => instant && instant.toISOString();
      return {
        stage: report.stage,
        approved: report.approvedAt !== null,
        remindAt: iso(timetable.remindAt),
        escalateAt: iso(timetable.escalateAt),
        managerRemindAt: iso(timetable.managerRemindAt),
        windowEndsAt: iso(timetable.windowEndsAt),
      };
    },
    async askVisitor({ round }) {
      journal.note(`visitor asked the question (round ${round})`);
      return { asked: true };
    },
    async remindReview({ round }) {
      journal.note(report.stage === 'RETURNED' ? `visitor reminded (round ${round})` : `officers reminded (round ${round})`);
    },
    async escalateReview({ round }) {
      journal.note(`escalated: ${report.stage} (round ${round})`);
    },
    async openReportActions() {
      journal.note(`actions opened: ${(options.actionIds ?? []).length}`);
      return options.actionIds ?? [];
    },
    async sendManagerLink() {
      journal.note(options.hasManager ? `manager sent the link, comments by ${report.dueOn}` : 'officers told: no manager');
      return { sent: options.hasManager };
    },
    async remindManager() {
      journal.note('manager reminded');
    },
    async closeManagerWindow() {
      report.stage = 'FINAL';
      journal.note('window ended: final');
      return { finalised: true };
    },
  };

  /** What the officer's, visitor's and manager's use cases write, then the signal they send. */
  const change = async (what: 'return' | 'answer' | 'approve' | 'comment', at: string) => {
    await sleepUntil(env, at);
    const now = londonInstant(at);
    if (what === 'return') report.stage = 'RETURNED';
    if (what === 'answer') report.stage = 'AWAITING_REVIEW';
    if (what === 'comment') report.stage = 'FINAL';
    if (what === 'approve') {
      report.approvedAt = now;
      report.stage = options.hasManager ? 'WITH_MANAGER' : 'FINAL';
      report.dueOn = options.hasManager ? addWorkingDays(localDateOf(now, LONDON), 10) : null;
    }
    await workflow().signal(reportReviewChanged);
  };
  const start = (taskQueue: string) =>
    env.client.workflow.start(visitReportReview, { workflowId: visitReportReviewWorkflowId(REPORT), taskQueue, args: [{ reportId: REPORT }] });
  return { activities, journal, change, start, workflow };
}

test('a report is checked for urgent concerns at once, the officers are reminded and then escalated when it waits, a returned question is asked and reminded, and the manager comments within the window after being reminded', async () => {
  await onServerFrom('2026-11-23 10:00', async (env) => {
    const fake = fakeReview(env, { hasManager: true, actionIds: ['action-1', 'action-2'] });
    const { result, children, state } = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await fake.start(taskQueue);
      // Nobody reviews it for a week; then the officer asks the visitor a question.
      await fake.change('return', '2026-12-01 10:00');
      await fake.change('answer', '2026-12-04 11:00');
      await fake.change('approve', '2026-12-07 10:00');
      await sleepUntil(env, '2026-12-07 10:05');
      const children = await Promise.all(
        ['action-1', 'action-2'].map(async (id) => (await env.client.workflow.getHandle(findingActionWorkflowId(id)).describe()).type),
      );
      await fake.change('comment', '2026-12-17 15:00');
      const result = await handle.result();
      return { result, children, state: await handle.query(reportReviewState) };
    });

    expect(fake.journal.lines()).toEqual([
      '2026-11-23 10:00 urgent concern checked',
      // Two and five working days after submission, at 09:00.
      '2026-11-25 09:00 officers reminded (round 1)',
      '2026-11-30 09:00 escalated: AWAITING_REVIEW (round 1)',
      '2026-12-01 10:00 visitor asked the question (round 2)',
      '2026-12-03 09:00 visitor reminded (round 2)',
      // The answer came before the next reminder; the officer approved before anyone was reminded again.
      '2026-12-07 10:00 actions opened: 2',
      '2026-12-07 10:00 manager sent the link, comments by 2026-12-21',
      // Three working days before the last day, Monday 21 December.
      '2026-12-16 09:00 manager reminded',
    ]);
    expect(children).toEqual(['findingAction', 'findingAction']);
    expect(state).toMatchObject({ stage: 'FINAL', round: 5, actionIds: ['action-1', 'action-2'] });
    expect(result).toBe('FINAL');
  });
});

test('a returned question nobody answers is reminded and escalated; once approved, the manager’s window runs over the Christmas bank holidays and the report is final at the midnight after its last day', async () => {
  await onServerFrom('2026-12-07 10:00', async (env) => {
    const fake = fakeReview(env, { hasManager: true });
    const result = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await fake.start(taskQueue);
      await fake.change('return', '2026-12-08 10:00');
      // The visitor never answers; the officer settles it by phone and approves on Friday 18 December.
      await fake.change('approve', '2026-12-18 10:00');
      await sleepUntil(env, '2027-01-08 12:00');
      return handle.result();
    });

    expect(fake.journal.lines()).toEqual([
      '2026-12-07 10:00 urgent concern checked',
      '2026-12-08 10:00 visitor asked the question (round 2)',
      '2026-12-10 09:00 visitor reminded (round 2)',
      '2026-12-15 09:00 escalated: RETURNED (round 2)',
      // Ten working days from Friday 18 December, not counting Christmas, Boxing Day (substitute, Monday 28) and New Year's Day.
      '2026-12-18 10:00 actions opened: 0',
      '2026-12-18 10:00 manager sent the link, comments by 2027-01-06',
      '2026-12-31 09:00 manager reminded',
      '2027-01-07 00:00 window ended: final',
    ]);
    expect(result).toBe('FINAL');
  });
});

test('a report from a home with no manager on record is final at approval, its actions opened and the officers told', async () => {
  await onServerFrom('2026-11-23 10:00', async (env) => {
    const fake = fakeReview(env, { hasManager: false, actionIds: [] });
    const result = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await fake.start(taskQueue);
      await fake.change('approve', '2026-11-24 16:00');
      return handle.result();
    });

    expect(fake.journal.lines()).toEqual([
      '2026-11-23 10:00 urgent concern checked',
      '2026-11-24 16:00 actions opened: 0',
      '2026-11-24 16:00 officers told: no manager',
    ]);
    expect(result).toBe('FINAL');
  });
});
