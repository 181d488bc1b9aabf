import fs from 'node:fs';

import type { TestWorkflowEnvironment } from '@temporalio/testing';

import type { RunningPostgres } from '../../stack/postgres';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { cpeTestStack?: { postgres: RunningPostgres; temporal: TestWorkflowEnvironment; dataDir: string } })
    .cpeTestStack;
  if (!stack) return;
  await stack.temporal.teardown();
  await stack.postgres.stop();
  fs.rmSync(stack.dataDir, { recursive: true, force: true });
}
