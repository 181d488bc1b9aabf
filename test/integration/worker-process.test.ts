import { findFreePort } from '../../stack/ports';
import { TEST_BASE_URL, TEST_LINK_SECRET, TEST_MAIL_FROM } from '../support/activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startEngineProcess, waitUntilAnswers, type EngineProcess } from '../support/engine-process';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

// The worker process as production runs it (worker/main.ts), with its health check and the Temporal SDK's metrics turned on.

let database: TestDatabase;
let sink: SmtpSink;
let worker: EngineProcess;
const ports = { health: 0, metrics: 0 };

beforeAll(async () => {
  [database, sink, ports.health, ports.metrics] = await Promise.all([
    createTestDatabase(),
    startSmtpSink(),
    findFreePort(),
    findFreePort(),
  ]);
  worker = startEngineProcess(
    'worker',
    {
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
    },
    'source',
  );
});

afterAll(async () => {
  await worker?.kill();
  await sink?.stop();
  await database?.drop();
});

const get = (port: number, route: string) => fetch(`http://127.0.0.1:${port}${route}`);

test('the worker says it is polling at /healthz, serves the SDK’s metrics, and stops cleanly on SIGTERM', async () => {
  expect(await waitUntilAnswers(`http://127.0.0.1:${ports.health}/healthz`, worker)).toEqual({ status: 'ok', worker: 'RUNNING' });

  const metrics = await (await get(ports.metrics, '/metrics')).text();
  expect(metrics).toMatch(/^temporal_num_pollers\{.*task_queue="worker-process-test".*\} \d+/m);

  expect(await worker.stop()).toBe(0);
});
