import fs from 'node:fs';

import { runWorkflowBundle } from '../support/workflow-bundle';

// A worker evaluates every module of the workflow bundle again for each workflow it keeps
// cached, so each package here costs its memory once per cached workflow (README, benchmarks).
// The lint rule keeps workflows/ and the domain modules they import off zod and date-holidays;
// this catches what reaches the bundle by any other path.

test('the workflow bundle holds Temporal’s workflow library and luxon only: no zod, no holiday data', () => {
  const code = fs.readFileSync(runWorkflowBundle()!.codePath, 'utf8');
  const packages = new Set([...code.matchAll(/^\/\*{3}\/ "[^"]*node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//gm)].map(([, name]) => name));
  expect([...packages].sort()).toEqual(['@temporalio/common', '@temporalio/workflow', 'long', 'luxon', 'ms', 'nexus-rpc']);
});
