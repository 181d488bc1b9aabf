import { TestWorkflowEnvironment } from '@temporalio/testing';

import { resolveTestServer } from '../../stack/temporal-binaries';

/** The time-skipping test server, from the cache `npm test` provisions (see stack/provision.ts). */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const { executable } = await resolveTestServer(process.env.TEMPORAL_TEST_SERVER_PATH, (line) => console.log(line));
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
}
