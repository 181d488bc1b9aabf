import { randomUUID } from 'node:crypto';

import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';

import { createActivities, type Activities } from '../../activities';
import type { Db } from '../../db/client';
import { createSmtpMailer, type Mailer } from '../../email/mailer';
import { createEngineWorker } from '../../worker/worker';

export const TEST_MAIL_FROM = 'Democratic Services <democratic.services@testshire.example>';
export const TEST_BASE_URL = 'http://cpe.testshire.example';
export const TEST_LINK_SECRET = 'test-link-secret-that-is-long-enough-to-use';

export interface TestEngine {
  client: Client;
  taskQueue: string;
  worker: Worker;
  activities: Activities;
  close(): Promise<void>;
}

/**
 * The real worker with real activities against the integration dev server,
 * on a task queue of its own. `adjust` lets a test wrap an activity (e.g. to
 * fail once after it has done its work).
 */
export async function startTestEngine(options: {
  db: Db;
  smtpUrl: string;
  adjust?: (activities: Activities) => Activities;
  clock?: () => Date;
  /** Payload encryption, as worker/main.ts sets it up when TEMPORAL_PAYLOAD_KEY is set; the client gets it too. */
  dataConverter?: DataConverter;
}): Promise<TestEngine> {
  const address = process.env.CPE_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('CPE_TEST_TEMPORAL_ADDRESS is not set: run integration tests through jest (npm test).');
  const mailer: Mailer = createSmtpMailer(options.smtpUrl);
  const real = createActivities({
    db: options.db,
    mailer,
    mailFrom: TEST_MAIL_FROM,
    publicBaseUrl: TEST_BASE_URL,
    linkSecret: TEST_LINK_SECRET,
    clock: options.clock ?? (() => new Date()),
  });
  const activities = options.adjust ? options.adjust(real) : real;
  const taskQueue = `test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const { dataConverter } = options;
  const worker = await createEngineWorker({ connection: nativeConnection, namespace: 'default', taskQueue, activities, dataConverter });
  const connection = await Connection.connect({ address });
  const running = worker.run();
  return {
    client: new Client({ connection, dataConverter }),
    taskQueue,
    worker,
    activities,
    async close() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      mailer.close();
    },
  };
}
