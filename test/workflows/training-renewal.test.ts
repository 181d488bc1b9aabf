import type { TestWorkflowEnvironment } from '@temporalio/testing';

import type { TrainingActivities } from '../../activities/training';
import { LONDON, localDateOf, type IsoDate } from '../../domain/calendar';
import { expiryFor, type ExpiryRules } from '../../domain/training/expiry';
import { trainingPosition, type Completion, type PositionRules } from '../../domain/training/position';
import { trainingChanged, trainingRenewal, trainingState, trainingWorkflowId } from '../../workflows';
import { createJournal, onServerFrom, sleepUntil, utcMinutesOf, withWorker, workflowNow } from './support/workflow-clock';

const MEMBER = 'cllr-okafor';

interface Course {
  id: string;
  rules: PositionRules;
  expiry: ExpiryRules;
  reminderDays: number[];
}

/** The seeded safeguarding seminar: valid 12 months, renewed from the previous expiry inside a 60-day window. */
const SAFEGUARDING: Course = {
  id: 'safeguarding-seminar',
  rules: { renewalWindowDays: 60, inductionWeeks: null, requiresVerification: false, renewAfterElection: false },
  expiry: { validityMonths: 12, renewalBasis: 'PREVIOUS_EXPIRY', renewalWindowDays: 60 },
  reminderDays: [60, 30, 7],
};

/** The corporate parenting induction: done once, within 8 weeks of becoming required. */
const INDUCTION: Course = {
  id: 'corporate-parenting-induction',
  rules: { renewalWindowDays: 60, inductionWeeks: 8, requiresVerification: false, renewAfterElection: false },
  expiry: { validityMonths: null, renewalBasis: 'COMPLETION_DATE', renewalWindowDays: 60 },
  reminderDays: [60, 30, 7],
};

/**
 * One member's records on one course, in memory, behind activities typed
 * from the real factory. Positions come from the real domain rules, so the
 * workflow sees what Postgres would tell it. With `renewsOn`, the member
 * completes the course on the day that reminder reaches them, and the
 * workflow is told, as recording a completion does.
 */
function fakeTraining(env: TestWorkflowEnvironment, course: Course, options: { requiredSince: IsoDate; renewsOn?: string }) {
  const journal = createJournal();
  const records = { requiredSince: options.requiredSince as IsoDate | null, completions: [] as Completion[] };
  const workflow = () => env.client.workflow.getHandle(trainingWorkflowId(MEMBER, course.id));

  function complete(completedOn: IsoDate): IsoDate | null {
    const previousExpiry = records.completions.at(-1)?.expiresOn ?? null;
    const expiresOn = expiryFor(course.expiry, completedOn, previousExpiry);
    records.completions.push({ completedOn, expiresOn, verified: true });
    return expiresOn;
  }

  const activities: TrainingActivities = {
    async reviewTraining({ asOf }) {
      const on = localDateOf(new Date(asOf), LONDON);
      const position = trainingPosition({ ...records, electedOn: null, rules: course.rules, on });
      return { position, reminderDays: course.reminderDays, zone: LONDON };
    },
    async remindMemberAboutTraining({ step, dueBy }) {
      journal.note(`member reminded (${step}) of training due ${dueBy}`);
      if (step === options.renewsOn) {
        journal.note(`member renewed: valid until ${complete(localDateOf(workflowNow(), LONDON))}`);
        await workflow().signal(trainingChanged);
      }
      return { notificationId: `remind-${dueBy}-${step}`, status: 'SENT' };
    },
    async alertOfficersAboutTraining({ dueBy, state }) {
      journal.note(`officers told: ${state}, due ${dueBy}`);
    },
    async noteTrainingLapsed({ dueBy }) {
      journal.note(`lapsed: valid until ${dueBy}`);
    },
  };
  const start = (taskQueue: string) =>
    env.client.workflow.start(trainingRenewal, {
      workflowId: trainingWorkflowId(MEMBER, course.id),
      taskQueue,
      args: [{ memberId: MEMBER, courseId: course.id }],
    });
  return { activities, journal, records, complete, start, workflow };
}

/** Every run of a workflow, first to latest, following continue-as-new, with the number of events in each run's history. */
async function runsOf(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string) {
  const runs: Array<{ runId: string; events: number; continuedAsNew: boolean }> = [];
  const historyOf = async (runId: string) => (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const events = await historyOf(runId);
    const next = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    runs.push({ runId, events: events.length, continuedAsNew: Boolean(next) });
    runId = next;
  }
  return runs;
}

test('a course nobody renews is reminded at 09:00 London on each planned day either side of the spring clock change, the officers are told with the last reminder, it lapses at midnight after its last day, and a later completion starts the next cycle', async () => {
  await onServerFrom('2026-11-23 08:00', async (env) => {
    const fake = fakeTraining(env, SAFEGUARDING, { requiredSince: '2025-05-21' });
    expect(fake.complete('2026-04-05')).toBe('2027-04-05');

    const seen = await withWorker(env, fake.activities, async (taskQueue) => {
      const first = await fake.start(taskQueue);
      // A week after the lapse, the member does the seminar and it is recorded.
      await sleepUntil(env, '2027-04-12 14:00');
      expect(fake.complete('2027-04-12')).toBe('2028-04-12');
      await fake.workflow().signal(trainingChanged);
      await sleepUntil(env, '2028-02-13 00:00');
      return {
        firstRunId: first.firstExecutionRunId,
        latest: await fake.workflow().describe(),
        state: await fake.workflow().query(trainingState),
      };
    });

    expect(fake.journal.lines()).toEqual([
      '2027-02-04 09:00 member reminded (60d) of training due 2027-04-05',
      '2027-03-06 09:00 member reminded (30d) of training due 2027-04-05',
      '2027-03-29 09:00 member reminded (7d) of training due 2027-04-05',
      '2027-03-29 09:00 officers told: DUE_SOON, due 2027-04-05',
      '2027-04-06 00:00 lapsed: valid until 2027-04-05',
      '2028-02-12 09:00 member reminded (60d) of training due 2028-04-12',
    ]);
    // The same 09:00 on the wall is 09:00 UTC in March before the clocks go forward and 08:00 UTC after.
    expect(utcMinutesOf(fake.journal, ['member reminded (30d)', 'member reminded (7d)'])).toEqual({
      'member reminded (30d)': '2027-03-06 09:00',
      'member reminded (7d)': '2027-03-29 08:00',
    });

    // The completion started a fresh run for the new cycle, which has taken only its own first step: its renewal window is open.
    expect(seen.latest.runId).not.toBe(seen.firstRunId);
    expect(seen.latest.status.name).toBe('RUNNING');
    expect(seen.state.position).toMatchObject({ state: 'DUE_SOON', lastCompletedOn: '2027-04-12', dueBy: '2028-04-12' });
    expect(seen.state.stepsTaken).toEqual(['2028-04-12:60d']);
  });
});

test('a member who renews on the day of the 30-day reminder hears nothing more that cycle, each cycle runs from the previous expiry in a run of its own, and reminder days land on month and year ends in a leap year', async () => {
  await onServerFrom('2026-11-23 08:00', async (env) => {
    const fake = fakeTraining(env, SAFEGUARDING, { requiredSince: '2025-05-21', renewsOn: '30d' });
    expect(fake.complete('2026-03-01')).toBe('2027-03-01');

    const { firstRunId, state } = await withWorker(env, fake.activities, async (taskQueue) => {
      const first = await fake.start(taskQueue);
      await sleepUntil(env, '2029-02-15 00:00');
      return { firstRunId: first.firstExecutionRunId, state: await fake.workflow().query(trainingState) };
    });

    // 60 days before 1 March is 31 December, or 1 January in a leap year; 30 days before is 30 or 31 January.
    expect(fake.journal.lines()).toEqual([
      '2026-12-31 09:00 member reminded (60d) of training due 2027-03-01',
      '2027-01-30 09:00 member reminded (30d) of training due 2027-03-01',
      '2027-01-30 09:00 member renewed: valid until 2028-03-01',
      '2028-01-01 09:00 member reminded (60d) of training due 2028-03-01',
      '2028-01-31 09:00 member reminded (30d) of training due 2028-03-01',
      '2028-01-31 09:00 member renewed: valid until 2029-03-01',
      '2028-12-31 09:00 member reminded (60d) of training due 2029-03-01',
      '2029-01-30 09:00 member reminded (30d) of training due 2029-03-01',
      '2029-01-30 09:00 member renewed: valid until 2030-03-01',
    ]);
    expect(state.position).toMatchObject({ state: 'VALID', dueBy: '2030-03-01' });

    // One run a cycle: each renewal continued the workflow as new, so a history holds one cycle's events
    // (about 55), where three cycles in one run would hold about 165 and the run would grow for as long as the member serves.
    const runs = await runsOf(env, trainingWorkflowId(MEMBER, SAFEGUARDING.id), firstRunId);
    expect(runs.map((run) => run.continuedAsNew)).toEqual([true, true, true, false]);
    for (const run of runs) expect(run.events).toBeLessThan(100);
  });
});

test('a new councillor who never does the induction is reminded before the deadline, the officers are told the morning after it passes, nothing lapses, and the workflow ends when the course is no longer required', async () => {
  await onServerFrom('2026-11-23 08:00', async (env) => {
    // Required from today, due within 8 weeks: by Monday 18 January 2027.
    const fake = fakeTraining(env, INDUCTION, { requiredSince: '2026-11-23' });

    const result = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await fake.start(taskQueue);
      // The councillor leaves the council in February; the course is no longer required of them.
      await sleepUntil(env, '2027-02-15 10:00');
      fake.records.requiredSince = null;
      await handle.signal(trainingChanged);
      return handle.result();
    });

    // The 60-day reminder's day (19 November) had passed when the cycle began: it is not sent late.
    expect(fake.journal.lines()).toEqual([
      '2026-12-19 09:00 member reminded (30d) of training due 2027-01-18',
      '2027-01-11 09:00 member reminded (7d) of training due 2027-01-18',
      '2027-01-19 09:00 officers told: NEVER_DONE, due 2027-01-18',
    ]);
    expect(result).toBe('NOT_REQUIRED');
  });
});
