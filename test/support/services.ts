import { Client, Connection } from '@temporalio/client';

import type { Db } from '../../db/client';
import type { Actor, ServiceDependencies } from '../../services/context';
import { TEST_LINK_SECRET } from './activities';
import { createTestDatabase } from './database';
import { createCouncil, createOfficer } from './fixtures';
import { setUp } from './teardown';

export interface TestServices {
  db: Db;
  deps: ServiceDependencies;
  /** The database's address, for a command line or process started by the test. */
  databaseUrl: string;
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
    return { db, deps, databaseUrl: database.url, close: () => teardown.run() };
  });
}

export interface TestCouncil extends TestServices {
  /** The council's id. */
  id: string;
  /** An officer of the council, and a read-only one. */
  officer: Actor;
  readOnly: Actor;
}

/**
 * For the tests of a file: before them, startTestServices and a council with
 * an officer and a read-only officer; after them, all of it closed. What it
 * returns is filled in before the first test runs, so read it in tests and
 * hooks, not when the file loads.
 */
export function useTestCouncil(options: { taskQueue: string; clock?: () => Date }): TestCouncil {
  const council = {} as TestCouncil;
  beforeAll(async () => {
    const services = await startTestServices(options);
    const { id } = await createCouncil(services.db);
    const officer = await createOfficer(services.db, id, 'OFFICER');
    const readOnly = await createOfficer(services.db, id, 'READ_ONLY');
    Object.assign(council, services, { id, officer, readOnly });
  });
  afterAll(async () => {
    await council.close?.();
  });
  return council;
}
