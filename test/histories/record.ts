// Records the workflow histories that test/workflows/replay.test.ts replays.
// Each scenario in scenarios.ts runs on a time-skipping test server of its own,
// with in-memory activities, and every run it returns is written to
// test/histories/<workflow type>/<name>.json.
//
//   npm run build && node dist/test/histories/record.js
import '../support/quiet-temporal';

import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import * as prettier from 'prettier';

import { serverClock } from '../support/server-clock';
import { createTimeSkippingEnvironment } from '../support/time-skipping';
import { historiesDir, historyToJson, readCommittedHistories, RECORDER_IDENTITY, workflowTypeOf } from './files';
import { scenarios, type RecordedRun, type RecordingSession } from './scenarios';

function sessionOn(env: TestWorkflowEnvironment, workflowBundle: WorkflowBundle): RecordingSession {
  // Not env.client: its identity would be "<pid>@<hostname>". Time moves only through skipTo.
  const client = new Client({ connection: env.connection, identity: RECORDER_IDENTITY });
  let workers = 0;
  return {
    client,
    ...serverClock(env),
    async withWorker(activities, drive) {
      workers += 1;
      const taskQueue = `history-recorder-${workers}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle,
        activities,
        identity: RECORDER_IDENTITY,
      });
      return worker.runUntil(() => drive(taskQueue));
    },
    history: (workflowId, runId) => client.workflow.getHandle(workflowId, runId).fetchHistory(),
  };
}

async function main(): Promise<void> {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
  const runs: RecordedRun[] = [];
  for (const scenario of scenarios) {
    const env = await createTimeSkippingEnvironment();
    try {
      runs.push(...(await scenario(sessionOn(env, workflowBundle))));
    } finally {
      await env.teardown();
    }
  }

  // Files are written only once every scenario has run, so a failed recording leaves the committed ones alone.
  // Files no scenario wrote are kept (e.g. a history renamed to keep a run from before a patched() change).
  const root = historiesDir();
  const written = new Set<string>();
  for (const { name, history } of runs) {
    const file = path.join(workflowTypeOf(history), `${name}.json`);
    if (written.has(file)) throw new Error(`Two scenarios recorded ${file}: give them different names.`);
    written.add(file);
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const options = await prettier.resolveConfig(target);
    fs.writeFileSync(target, await prettier.format(historyToJson(history), { ...options, filepath: target }));
    console.log(`recorded ${file}: ${history.events?.length ?? 0} events`);
  }
  for (const { file } of readCommittedHistories().filter((committed) => !written.has(committed.file))) {
    console.log(`kept     ${file}: no scenario records it; delete it if the run it stands for can no longer exist`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
