import type { History } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, DefaultLogger, Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';

import * as workflows from '../../workflows';
import { readCommittedHistories, RECORDER_IDENTITY } from '../histories/files';
import { runWorkflowBundle } from '../support/workflow-bundle';

// The committed histories (test/histories/, recorded by test/histories/record.ts) replayed
// on today's workflow code: a change to the commands a workflow issues, made without
// patched(), fails here before it can fail a running workflow in production.

const committed = readCommittedHistories();
const historyOf = (file: string): History => committed.find((entry) => entry.file === file)!.history;

const bundles: Partial<Record<'unguarded' | 'guarded', WorkflowBundle>> = {};

beforeAll(async () => {
  const bundle = (workflowsPath: string) => bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  bundles.unguarded = await bundle(require.resolve('../support/replay-variants/unguarded'));
  bundles.guarded = await bundle(require.resolve('../support/replay-variants/guarded'));
});

test('every workflow the worker registers has at least one committed history', () => {
  // The worker registers every function workflows/index.ts exports; those named …WorkflowId or …ScheduleId only build IDs.
  const workflowTypes = Object.entries(workflows)
    .filter(([name, value]) => typeof value === 'function' && !/(WorkflowId|ScheduleId)$/.test(name))
    .map(([name]) => name);
  expect(workflowTypes).toContain('visitProgramme');
  expect(workflowTypes.filter((type) => !committed.some((entry) => entry.workflowType === type))).toEqual([]);
});

test('every committed history replays on the current workflow code', async () => {
  const results: ReplayResult[] = [];
  const histories = committed.map(({ file, history }) => ({ workflowId: file, history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: runWorkflowBundle() }, histories)) results.push(result);
  expect(results.filter((result) => result.error).map((result) => `${result.workflowId}: ${result.error!.message}`)).toEqual([]);
  expect(results.map((result) => result.workflowId)).toEqual(committed.map((entry) => entry.file));
});

/** Every value under a key, anywhere in a history. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, inner]) => [...(name === key ? [inner] : []), ...valuesOf(inner, key)]);
}

test('the histories hold IDs, dates, counts and settings: no email address, and no machine name', () => {
  for (const { file, history } of committed) {
    const payloads = valuesOf(history, 'data').map((data) => Buffer.from(data as Uint8Array).toString('utf8'));
    expect({ file, emails: payloads.filter((text) => /[\w.+-]+@[\w-]+\.[\w.-]+/.test(text)) }).toEqual({ file, emails: [] });
    expect({ file, identities: [...new Set(valuesOf(history, 'identity'))] }).toEqual({ file, identities: [RECORDER_IDENTITY] });
  }
});

describe.each([
  { change: 'a new timer in trainingRenewal', file: 'trainingRenewal/renewal-reminded-lapsed-then-not-required.json' },
  { change: 'a new activity call in panelMeetingInvites', file: 'panelMeetingInvites/three-invitees-one-address-refused.json' },
])('$change (test/support/replay-variants)', ({ file }) => {
  test('made unconditionally, it fails to replay the committed history', async () => {
    await expect(Worker.runReplayHistory({ workflowBundle: bundles.unguarded }, historyOf(file), file)).rejects.toBeInstanceOf(
      DeterminismViolationError,
    );
  });

  test('made behind patched(), it replays the committed history', async () => {
    await expect(Worker.runReplayHistory({ workflowBundle: bundles.guarded }, historyOf(file), file)).resolves.toBeUndefined();
  });
});
