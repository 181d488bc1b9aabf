import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { createDb, type Db } from '../../db/client';

export const TEMPLATE_DATABASE = 'cpe_template';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test file, cloned from the template the
 * global setup built; with `migrated: false`, an empty one, for a test that
 * applies the migrations itself.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.CPE_TEST_POSTGRES_URL;
  if (!serverUrl) throw new Error('CPE_TEST_POSTGRES_URL is not set: run integration tests through jest (npm test).');
  const name = `cpe_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${options.migrated === false ? 'template0' : TEMPLATE_DATABASE}"`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const db = createDb(url, { maxConnections: 5 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const cleanup = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
