import { Worker } from '@temporalio/worker';

import type { TrainingActivities } from '../../activities/training';
import { addDays, instantAt, localDateOf, type IsoDate } from '../../domain/calendar';
import type { TrainingPosition } from '../../domain/training/position';
import { trainingRenewal, trainingWorkflowId } from '../../workflows';
import { eventually } from '../support/eventually';
import { useTimeSkippingEnvironment } from '../support/time-skipping';
import { runWorkflowBundle } from '../support/workflow-bundle';
import { londonLocal, workflowNow } from './support/workflow-clock';

const ZONE = 'Europe/London';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Node's setTimeout limit (2^31 - 1 ms, about 24.8 days): a longer delay handed to a Node timer fires at once. */
const NODE_TIMER_LIMIT_MS = 2 ** 31 - 1;

const env = useTimeSkippingEnvironment();

/**
 * A DBS check that expires 100 days after the workflow starts, with reminders
 * 40 and 10 days before: the workflow's first wait is about 60 days, well past
 * Node's timer limit. Workflow timers are the server's, so the reminder must
 * arrive at 09:00 London time on its day: not at once (as an overflowing Node
 * timer would fire), not early, and not never.
 */
test('a training reminder 60 days ahead, past the 24.8-day Node timer limit, is sent at 09:00 on its day and not before', async () => {
  let dueBy: IsoDate | null = null;
  const sent: Array<{ step: string; at: string }> = [];
  const record = (step: string) => sent.push({ step, at: londonLocal(workflowNow()) });

  const activities: Pick<
    TrainingActivities,
    'reviewTraining' | 'remindMemberAboutTraining' | 'alertOfficersAboutTraining' | 'noteTrainingLapsed'
  > = {
    async reviewTraining({ asOf }) {
      const today = localDateOf(new Date(asOf), ZONE);
      dueBy ??= addDays(today, 100);
      const position: TrainingPosition = {
        required: true,
        state: today > dueBy ? 'LAPSED' : 'VALID',
        lastCompletedOn: addDays(dueBy, -3 * 365),
        validUntil: dueBy,
        dueBy,
        windowOpensOn: null,
        overdue: false,
        awaitingVerification: false,
      };
      return { position, reminderDays: [40, 10], zone: ZONE };
    },
    async remindMemberAboutTraining({ step }) {
      record(`remind ${step}`);
      return { notificationId: `reminder-${step}`, status: 'SENT' };
    },
    async alertOfficersAboutTraining() {
      record('tell officers');
    },
    async noteTrainingLapsed() {
      record('lapsed');
    },
  };
  const taskQueue = 'long-sleep';
  const worker = await Worker.create({
    connection: env().nativeConnection,
    taskQueue,
    workflowBundle: runWorkflowBundle(),
    activities,
  });

  const startedAt = await env().currentTimeMs();
  const seen = await worker.runUntil(async () => {
    await env().client.workflow.start(trainingRenewal, {
      workflowId: trainingWorkflowId('member-1', 'dbs'),
      taskQueue,
      args: [{ memberId: 'member-1', courseId: 'dbs' }],
    });
    // The first review sets the due date.
    const due = (await eventually(
      async () => dueBy,
      (value) => value !== null,
    ))!;
    const firstReminder = instantAt(addDays(due, -40), '09:00', ZONE).getTime();
    expect(firstReminder - startedAt).toBeGreaterThan(NODE_TIMER_LIMIT_MS);

    // One minute before it is due, nothing has been sent.
    await env().sleep(firstReminder - 60_000 - (await env().currentTimeMs()));
    const beforeFirst = [...sent];
    // A minute after, it has gone; over the next 60 days the 10-day reminder, the officers' notice and the lapse follow.
    await env().sleep(2 * 60_000);
    const atFirst = [...sent];
    await env().sleep(60 * DAY_MS);
    return { beforeFirst, atFirst };
  });

  const due = dueBy!;
  expect(seen.beforeFirst).toEqual([]);
  expect(seen.atFirst).toEqual([{ step: 'remind 40d', at: `${addDays(due, -40)} 09:00` }]);
  expect(sent).toEqual([
    { step: 'remind 40d', at: `${addDays(due, -40)} 09:00` },
    { step: 'remind 10d', at: `${addDays(due, -10)} 09:00` },
    { step: 'tell officers', at: `${addDays(due, -10)} 09:00` },
    { step: 'lapsed', at: `${addDays(due, 1)} 00:00` },
  ]);
});
