import { spawn } from 'node:child_process';

import { findFreePort } from '../../stack/ports';
import { projectRoot } from '../../stack/project-root';
import { TEST_BASE_URL, TEST_LINK_SECRET, TEST_MAIL_FROM } from '../support/activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startEngineProcess, waitUntilAnswers, type EngineProcess } from '../support/engine-process';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

/*
 * The release as production runs it, through the package scripts on the
 * compiled code: `npm run migrate:deploy` on an empty database, then the
 * commands of `start:web` and `start:worker` with NODE_ENV=production and
 * every guarded setting given (config/env.ts refuses the development defaults).
 */

let database: TestDatabase;
let sink: SmtpSink;
const started: EngineProcess[] = [];

/** Settings a council's deployment gives both processes; `ports` are this run's. */
function productionSettings(ports: { app: number; health: number }): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: process.env.CPE_TEST_TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: 'production-test',
    SMTP_URL: sink.url,
    MAIL_FROM: TEST_MAIL_FROM,
    PUBLIC_BASE_URL: TEST_BASE_URL,
    LINK_SIGNING_SECRET: TEST_LINK_SECRET,
    TRUST_PROXY: '1',
    APP_HOST: '127.0.0.1',
    APP_PORT: String(ports.app),
    WORKER_HEALTH_PORT: String(ports.health),
  };
}

function start(entry: 'web' | 'worker', env: NodeJS.ProcessEnv): EngineProcess {
  const engineProcess = startEngineProcess(entry, env, 'start-script');
  started.push(engineProcess);
  return engineProcess;
}

/** `npm run migrate:deploy`, the release step; resolves with its exit code and output. */
function migrateDeploy(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('npm', ['run', '--silent', 'migrate:deploy'], {
    cwd: projectRoot(),
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

beforeAll(async () => {
  [database, sink] = await Promise.all([createTestDatabase({ migrated: false }), startSmtpSink()]);
});

afterAll(async () => {
  await Promise.all(started.map((engineProcess) => engineProcess.kill()));
  await sink?.stop();
  await database?.drop();
});

test('after `npm run migrate:deploy`, the web app and the worker start in production: /readyz and the worker’s /healthz answer 200', async () => {
  const migrated = await migrateDeploy(database.url);
  expect({ code: migrated.code, output: migrated.code === 0 ? '' : migrated.output }).toEqual({ code: 0, output: '' });
  expect(await database.db.council.count()).toBe(0);

  const ports = { app: await findFreePort(), health: await findFreePort() };
  const settings = productionSettings(ports);
  const web = start('web', settings);
  const worker = start('worker', settings);

  expect(await waitUntilAnswers(`http://127.0.0.1:${ports.app}/readyz`, web)).toMatchObject({
    checks: { database: 'ok', temporal: 'ok' },
  });
  expect(await waitUntilAnswers(`http://127.0.0.1:${ports.health}/healthz`, worker)).toEqual({ status: 'ok', worker: 'RUNNING' });
  // Production never seeds the demo council.
  expect(await database.db.council.count()).toBe(0);

  expect(await Promise.all([web.stop(), worker.stop()])).toEqual([0, 0]);
});

/** Each guarded setting left at its development default, or pointing at this machine, with every other one right. */
const refusals: Array<{ variable: string; value: string | undefined; as: string }> = [
  { variable: 'PUBLIC_BASE_URL', value: 'http://localhost:3000', as: 'http://localhost:3000' },
  { variable: 'MAIL_FROM', value: undefined, as: 'unset (the demo address)' },
  { variable: 'LINK_SIGNING_SECRET', value: undefined, as: 'unset' },
  { variable: 'TRUST_PROXY', value: undefined, as: 'unset (every hop)' },
];

test.each(refusals)('with $variable $as, both processes refuse to start, exit non-zero and name it', async ({ variable, value }) => {
  const settings = { ...productionSettings({ app: await findFreePort(), health: await findFreePort() }), [variable]: value };
  const processes = [start('web', settings), start('worker', settings)];
  const codes = await Promise.all(processes.map((engineProcess) => engineProcess.exited));
  for (const [index, engineProcess] of processes.entries()) {
    const output = engineProcess.output();
    expect({ code: codes[index], named: output.includes(`${variable} `) }).toEqual({ code: 1, named: true });
    for (const other of refusals.filter((refusal) => refusal.variable !== variable)) expect(output).not.toContain(other.variable);
  }
});
