import { TestWorkflowEnvironment } from '@temporalio/testing';

import { resolveTestServer } from '../../stack/temporal-binaries';

/**
 * Where the test server's clock starts unless a test says otherwise: Monday
 * 23 November 2026, 08:00 in London. Workflow tests see the same calendar on
 * whatever day they run.
 */
export const TEST_START = '2026-11-23T08:00:00Z';

/** The SDK waits 5 s for the server; a JVM on a busy 2-core machine can take longer. */
const START_ATTEMPTS = 5;

/** The time-skipping test server, from the cache `npm test` provisions (see stack/provision.ts), its clock at `startAt`. */
export async function createTimeSkippingEnvironment(startAt: string = TEST_START): Promise<TestWorkflowEnvironment> {
  const { executable } = await resolveTestServer(process.env.TEMPORAL_TEST_SERVER_PATH, (line) => console.log(line));
  const startAtMs = Date.parse(startAt);
  if (Number.isNaN(startAtMs)) throw new Error(`startAt must be an ISO 8601 instant, such as ${TEST_START}; got "${startAt}".`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable, extraArgs: [`--start-at=${startAtMs}`] } });
    } catch (error) {
      if (attempt === START_ATTEMPTS || !/did not start within/.test(String(error))) throw error;
    }
  }
}

/** One time-skipping server for a test file: started before its tests, torn down after them. */
export function useTimeSkippingEnvironment(startAt: string = TEST_START): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnvironment(startAt);
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return () => {
    if (!env) throw new Error('The time-skipping server is not running: call useTimeSkippingEnvironment at the top of a test file.');
    return env;
  };
}
