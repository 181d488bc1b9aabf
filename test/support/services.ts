import { Client, Connection } from '@temporalio/client';

import type { Db } from '../../db/client';
import type { ServiceDependencies } from '../../services/context';
import { TEST_LINK_SECRET } from './activities';
import { createTestDatabase } from './database';
import { setUp } from './teardown';

export interface TestServices {
  db: Db;
  deps: ServiceDependencies;
  /** Closes the Temporal connection and drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh database and the services' dependencies on the integration dev
 * server, with a task queue no worker polls: for tests of what the services
 * check, store and start, not of what the engine then does.
 */
export async function startTestServices(options: { taskQueue: string; clock?: () => Date }): Promise<TestServices> {
  return setUp(async (teardown) => {
    const database = await createTestDatabase();
    teardown.add(() => database.drop());
    const { db } = database;
    const connection = await Connection.connect({ address: process.env.CPE_TEST_TEMPORAL_ADDRESS });
    teardown.add(() => connection.close());
    const deps: ServiceDependencies = {
      db,
      temporal: new Client({ connection }),
      taskQueue: options.taskQueue,
      clock: options.clock ?? (() => new Date()),
      linkSecret: TEST_LINK_SECRET,
    };
    return { db, deps, close: () => teardown.run() };
  });
}
