import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';

import { deployMigrations } from '../../stack/migrate';
import { findFreePort } from '../../stack/ports';
import { startEmbeddedPostgres } from '../../stack/postgres';
import { resolveTemporalCli } from '../../stack/temporal-binaries';
import { TEMPLATE_DATABASE } from '../support/database';
import bundleWorkflowsForRun from '../support/workflow-bundle';

/**
 * One real Postgres (embedded, in a temporary folder) with a migrated template
 * database that each test file clones, and one Temporal dev server. Connection
 * details reach the test files through environment variables, as does the
 * run's workflow bundle, made while Postgres starts.
 */
export default async function globalSetup(): Promise<void> {
  const bundling = bundleWorkflowsForRun();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-test-'));
  fs.chmodSync(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({
    databaseDir: path.join(dataDir, 'postgres'),
    port: await findFreePort(),
    database: TEMPLATE_DATABASE,
  });
  await deployMigrations(postgres.url);
  // A template cannot be cloned while anyone is connected to it; make sure nobody is.
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
    TEMPLATE_DATABASE,
  ]);
  await admin.end();

  const { executable } = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, (line) => console.log(line));
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: { executable, ip: '127.0.0.1', port: await findFreePort(), log: { format: 'pretty', level: 'error' } },
  });

  process.env.CPE_TEST_POSTGRES_URL = postgres.url;
  process.env.CPE_TEST_TEMPORAL_ADDRESS = temporal.connection.options.address;
  Object.assign(globalThis, { cpeTestStack: { postgres, temporal, dataDir } });
  await bundling;
}
