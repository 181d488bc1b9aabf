import path from 'node:path';

import { findFreePort } from '../../stack/ports';
import { TEST_BASE_URL, TEST_LINK_SECRET, TEST_MAIL_FROM } from '../support/activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { ended, spawnHelper, type HelperProcess } from '../support/helper-process';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

// The worker process as production runs it (worker/main.ts), with its health check and the Temporal SDK's metrics turned on.

let database: TestDatabase;
let sink: SmtpSink;
let worker: HelperProcess;
let output = '';
const ports = { health: 0, metrics: 0 };

beforeAll(async () => {
  [database, sink, ports.health, ports.metrics] = await Promise.all([
    createTestDatabase(),
    startSmtpSink(),
    findFreePort(),
    findFreePort(),
  ]);
  worker = spawnHelper(path.resolve(__dirname, '../../worker/main.ts'), {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: process.env.CPE_TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: 'worker-process-test',
    SMTP_URL: sink.url,
    MAIL_FROM: TEST_MAIL_FROM,
    PUBLIC_BASE_URL: TEST_BASE_URL,
    LINK_SIGNING_SECRET: TEST_LINK_SECRET,
    WORKER_HEALTH_PORT: String(ports.health),
    WORKER_METRICS_PORT: String(ports.metrics),
  });
  worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
});

afterAll(async () => {
  if (worker?.exitCode === null) worker.kill('SIGKILL');
  await sink?.stop();
  await database?.drop();
});

const get = (port: number, route: string) => fetch(`http://127.0.0.1:${port}${route}`);

test('the worker says it is polling at /healthz, serves the SDK’s metrics, and stops cleanly on SIGTERM', async () => {
  const health = await eventually(
    () =>
      get(ports.health, '/healthz').then(
        async (response) => ({ status: response.status, body: (await response.json()) as unknown }),
        () => ({ status: 0, body: output }),
      ),
    (answer) => answer.status === 200,
    60_000,
  );
  expect(health).toEqual({ status: 200, body: { status: 'ok', worker: 'RUNNING' } });

  const metrics = await (await get(ports.metrics, '/metrics')).text();
  expect(metrics).toMatch(/^temporal_num_pollers\{.*task_queue="worker-process-test".*\} \d+/m);

  worker.kill('SIGTERM');
  await ended(worker);
  expect(worker.exitCode).toBe(0);
});
