import type { TestWorkflowEnvironment } from '@temporalio/testing';

import type { FindingActivities } from '../../activities/findings';
import { LONDON, type IsoDate } from '../../domain/calendar';
import { actionSteps } from '../../domain/findings/actions';
import type { ActionStatus } from '../../prisma/generated/client';
import { findingAction, findingActionChanged, findingActionWorkflowId } from '../../workflows';
import { createJournal, onServerFrom, sleepUntil, withWorker } from './support/workflow-clock';

const ACTION = 'action-fire-door';

/**
 * One action in memory behind activities typed from the real factory; its
 * steps come from the real rules (working days with bank holidays), as the
 * real review works them out. `doneOn` marks it done when that step's email
 * (its key) reaches the owner, and tells the workflow, as the owner's link does.
 */
function fakeAction(env: TestWorkflowEnvironment, options: { dueOn: IsoDate; doneOn?: string }) {
  const journal = createJournal();
  const record = { status: 'OPEN' as ActionStatus, dueOn: options.dueOn, round: 0 };
  const workflow = () => env.client.workflow.getHandle(findingActionWorkflowId(ACTION));
  const activities: Pick<FindingActivities, 'reviewFindingAction' | 'takeFindingActionStep'> = {
    async reviewFindingAction() {
      return { status: record.status, dueOn: record.dueOn, steps: actionSteps(record.dueOn, record.round, LONDON) };
    },
    async takeFindingActionStep({ step }) {
      journal.note(`${step.kind} ${step.key}`);
      if (step.key === options.doneOn) {
        record.status = 'DONE';
        journal.note('owner marked it done');
        await workflow().signal(findingActionChanged);
      }
    },
  };
  const start = (taskQueue: string) =>
    env.client.workflow.start(findingAction, { workflowId: findingActionWorkflowId(ACTION), taskQueue, args: [{ actionId: ACTION }] });
  return { activities, journal, record, start, workflow };
}

test('an action nobody works on: its owner is reminded five working days before and on the due date, officers are told the next working day, the lead member five working days later, and an officer closing it ends the workflow', async () => {
  await onServerFrom('2026-12-01 14:00', async (env) => {
    // Due Thursday 24 December: five working days before is Thursday 17th; the day after Christmas and Boxing Day
    // (and the Monday substitute for Boxing Day) are not working days, so the officers hear on Tuesday 29th.
    const fake = fakeAction(env, { dueOn: '2026-12-24' });
    const result = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await fake.start(taskQueue);
      await sleepUntil(env, '2027-01-08 12:00');
      fake.record.status = 'CLOSED';
      await handle.signal(findingActionChanged);
      return handle.result();
    });
    expect(fake.journal.lines()).toEqual([
      '2026-12-17 09:00 REMIND_OWNER 0:2026-12-24:remind-before',
      '2026-12-24 09:00 REMIND_OWNER 0:2026-12-24:remind-due',
      '2026-12-29 09:00 TELL_OFFICERS 0:2026-12-24:overdue-officers',
      '2027-01-06 09:00 TELL_LEAD_MEMBER 0:2026-12-24:overdue-lead-member',
    ]);
    expect(result).toBe('RESOLVED');
  });
});

test('an owner who marks the action done after the first reminder hears nothing more; reopened with a new due date (signal-with-start, as the officer’s page does), it is chased again from that date', async () => {
  await onServerFrom('2026-11-23 10:00', async (env) => {
    const fake = fakeAction(env, { dueOn: '2026-12-10', doneOn: '0:2026-12-10:remind-before' });
    await withWorker(env, fake.activities, async (taskQueue) => {
      const first = await fake.start(taskQueue);
      await sleepUntil(env, '2026-12-14 10:00');
      expect((await first.describe()).status.name).toBe('COMPLETED');

      Object.assign(fake.record, { status: 'OPEN', dueOn: '2027-01-15', round: 1 });
      await env.client.workflow.signalWithStart(findingAction, {
        workflowId: findingActionWorkflowId(ACTION),
        taskQueue,
        args: [{ actionId: ACTION }],
        signal: findingActionChanged,
      });
      await sleepUntil(env, '2027-01-16 10:00');
      expect((await fake.workflow().describe()).status.name).toBe('RUNNING');
    });
    expect(fake.journal.lines()).toEqual([
      '2026-12-03 09:00 REMIND_OWNER 0:2026-12-10:remind-before',
      '2026-12-03 09:00 owner marked it done',
      '2027-01-08 09:00 REMIND_OWNER 1:2027-01-15:remind-before',
      '2027-01-15 09:00 REMIND_OWNER 1:2027-01-15:remind-due',
    ]);
  });
});
