import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';

import type { Activities } from '../../../activities';
import { loadConfig } from '../../../config/env';
import { createDb } from '../../../db/client';
import { createSmtpMailer, type Mailer } from '../../../email/mailer';
import { activitiesFromConfig, createEngineWorker } from '../../../worker/worker';
import { runWorkflowBundle } from '../../support/workflow-bundle';
import type { FaultMode, GoMessage, HeldActivity, WorkerEvent } from './worker-process';

/**
 * A worker process built as worker/main.ts builds it (the same config, the
 * real activities and mailer, createEngineWorker) that can be
 * held at the moment a fault test wants to kill it:
 *
 * - `hold-after-smtp-accept`: once the relay has accepted an email, before the
 *   outbox marks it sent (the email activity never returns);
 * - `hold-after-email-activity`: once an activity that sent email has
 *   returned, before Temporal hears that it completed.
 *
 * It reports each hold to the test over IPC and waits there to be killed.
 * While holding, one activity runs at a time, so the held one is the only
 * activity in flight and the test knows exactly what the kill interrupts.
 * The workflow code is the jest run's bundle (test/support/workflow-bundle.ts):
 * bundling takes seconds of CPU, and a test starts many of these processes. Polling
 * starts only when the test sends "go", so a successor can load while the
 * previous worker is still being killed; "go" names the messages already held
 * once, which a resend must not hold again.
 */

function report(event: WorkerEvent): void {
  process.send?.(event);
}

const hold = () => new Promise<never>(() => undefined);

/** The activity this code runs in, so the test can find it on the server. */
function heldActivity(): HeldActivity {
  const { activityId, activityType, workflowExecution } = Context.current().info;
  return { activityId, activityType, workflowId: workflowExecution!.workflowId, runId: workflowExecution!.runId };
}

async function main(): Promise<void> {
  const mode = (process.env.CPE_FAULT ?? 'none') as FaultMode;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  const relay = createSmtpMailer(config.smtpUrl, config.smtp);
  const accepted: string[] = [];
  const spared = new Set<string>();
  const mailer: Mailer = {
    async send(email) {
      const result = await relay.send(email);
      accepted.push(email.messageId);
      if (mode === 'hold-after-smtp-accept' && !spared.has(email.messageId)) {
        report({ event: 'held-after-smtp-accept', messageId: email.messageId, activity: heldActivity() });
        return hold();
      }
      return result;
    },
    close: () => relay.close(),
  };
  const real = activitiesFromConfig(config, db, mailer);
  const activities = mode === 'hold-after-email-activity' ? holdAfterEmailActivities(real, accepted) : real;

  const connection = await NativeConnection.connect(config.temporalConnection);
  try {
    const worker = await createEngineWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundle: runWorkflowBundle(),
      activities,
      // A worker about to be killed caches no workflows, so its successor takes them up at once rather than
      // after the sticky queue's timeout.
      tuning: mode === 'none' ? {} : { maxConcurrentActivityTaskExecutions: 1, maxCachedWorkflows: 0 },
    });
    report({ event: 'ready' });
    await new Promise<void>((resolve) =>
      process.once('message', (go: GoMessage) => {
        go.spare.forEach((messageId) => spared.add(messageId));
        resolve();
      }),
    );
    await worker.run();
  } finally {
    await connection.close();
    mailer.close();
    await db.$disconnect();
  }
}

/** Every activity, held after it returns if it sent email (one runs at a time, so the count is its own). */
function holdAfterEmailActivities(real: Activities, accepted: string[]): Activities {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, activity] of Object.entries(real) as Array<[string, (...args: never[]) => Promise<unknown>]>) {
    wrapped[name] = async (...args) => {
      const before = accepted.length;
      const result = await activity(...args);
      if (accepted.length > before) {
        report({ event: 'held-after-email-activity', activity: heldActivity(), messageIds: accepted.slice(before) });
        return hold();
      }
      return result;
    };
  }
  return wrapped as unknown as Activities;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
