import type { TestWorkflowEnvironment } from '@temporalio/testing';

import {
  findingActionWorkflowId,
  reportReviewChanged,
  reportReviewState,
  visitReportReview,
  visitReportReviewWorkflowId,
} from '../../workflows';
import { fakeReportReview, type ReviewChange } from '../support/fake-report-review';
import { createJournal, londonInstant, onServerFrom, sleepUntil, withWorker } from './support/workflow-clock';

const REPORT = 'report-oakfield';

/** The fake report, driven as the officer, the visitor and the manager would, each change followed by the signal the use case sends. */
function fakeReview(env: TestWorkflowEnvironment, options: { hasManager: boolean; actionIds?: string[] }) {
  const journal = createJournal();
  const fake = fakeReportReview({ ...options, note: (what) => journal.note(what) });
  const workflow = () => env.client.workflow.getHandle(visitReportReviewWorkflowId(REPORT));
  const change = async (what: ReviewChange, at: string) => {
    await sleepUntil(env, at);
    fake.change(what, londonInstant(at));
    await workflow().signal(reportReviewChanged);
  };
  const start = (taskQueue: string) =>
    env.client.workflow.start(visitReportReview, {
      workflowId: visitReportReviewWorkflowId(REPORT),
      taskQueue,
      args: [{ reportId: REPORT }],
    });
  return { activities: fake.activities, journal, change, start };
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
