import { randomUUID } from 'node:crypto';

import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';

import type { Activities } from '../../activities';
import type { TemporalConnectionOptions } from '../../config/env';
import type { Db } from '../../db/client';
import { createSmtpMailer } from '../../email/mailer';
import type { ServiceDependencies } from '../../services/context';
import { createEngineWorker, type EngineWorkerOptions } from '../../worker/worker';
import { createTestActivities, TEST_LINK_SECRET } from './activities';
import { createTestDatabase } from './database';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { setUp } from './teardown';
import { runWorkflowBundle } from './workflow-bundle';

export interface EngineOptions {
  /** The queue the worker polls; one of its own unless given. */
  taskQueue?: string;
  /** Wraps the real activities, e.g. to fail once after doing the work, or to watch or answer them. */
  adjust?: (activities: Activities) => Activities;
  /** The activities' clock, and the services' unless they are given one; the wall clock unless given. */
  clock?: () => Date;
  /** The worker's cache and concurrency (the benchmarks set them). */
  tuning?: EngineWorkerOptions['tuning'];
  /** How the client and worker reach Temporal (loadConfig's temporalConnection); the integration run's dev server unless given. */
  temporal?: TemporalConnectionOptions;
  /** Payload encryption, as worker/main.ts sets it up when TEMPORAL_PAYLOAD_KEY is set; the client gets it too. */
  dataConverter?: DataConverter;
}

export interface EngineWorker {
  worker: Worker;
  taskQueue: string;
  activities: Activities;
  /** Shuts the worker down, waits for it to finish and closes its mailer. */
  stop(): Promise<void>;
}

/** The production worker (createEngineWorker) with the real activities, sending through `smtpUrl`, running until stopped. */
export async function runEngineWorker(
  connection: NativeConnection,
  db: Db,
  smtpUrl: string,
  options: EngineOptions = {},
): Promise<EngineWorker> {
  return setUp(async (teardown) => {
    const mailer = createSmtpMailer(smtpUrl);
    teardown.add(() => mailer.close());
    const real = createTestActivities({ db, mailer, clock: options.clock });
    const activities = options.adjust ? options.adjust(real) : real;
    const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
    const { dataConverter, tuning } = options;
    const workflowBundle = runWorkflowBundle();
    const worker = await createEngineWorker({
      connection,
      namespace: 'default',
      taskQueue,
      activities,
      dataConverter,
      tuning,
      workflowBundle,
    });
    const running = worker.run();
    teardown.add(async () => {
      worker.shutdown();
      await running;
    });
    return { worker, taskQueue, activities, stop: () => teardown.run() };
  });
}

/** Anything that receives the engine's email at an SMTP address: the parsing sink in tests, a counting one in benchmarks. */
export interface MailSink {
  url: string;
}

/** A database, an SMTP sink and the real worker on a Temporal server, with a client and the services' dependencies to drive them. */
export interface TestEngine<Sink extends MailSink = SmtpSink> {
  db: Db;
  sink: Sink;
  client: Client;
  taskQueue: string;
  worker: Worker;
  activities: Activities;
  /** The services' dependencies, acting through this engine's client on its queue; the engine's clock unless given one. */
  services(clock?: () => Date): ServiceDependencies;
  /** Stops the worker, then the sink, then drops the database (only what the engine started itself). */
  close(): Promise<void>;
}

/** An engine's `services`: the services' dependencies on its client and queue, with the engine's clock unless given another. */
export const servicesFor =
  (db: Db, client: Client, taskQueue: string, engineClock: () => Date) =>
  (clock = engineClock): ServiceDependencies => ({ db, temporal: client, taskQueue, clock, linkSecret: TEST_LINK_SECRET });

/** The engine on the integration dev server, with the address of its database for processes of their own (the CLI). */
export type DevServerEngine = TestEngine & { databaseUrl: string };

/**
 * The engine on the integration dev server: a fresh database, the SMTP sink,
 * and the real worker with real activities on a task queue of its own.
 */
export async function startTestEngine(options: EngineOptions = {}): Promise<DevServerEngine> {
  const address = process.env.CPE_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('CPE_TEST_TEMPORAL_ADDRESS is not set: run integration tests through jest (npm test).');
  return setUp(async (teardown) => {
    const database = await createTestDatabase();
    teardown.add(() => database.drop());
    const { db } = database;
    const sink = await startSmtpSink();
    teardown.add(() => sink.stop());
    const temporal = options.temporal ?? { address };
    const connection = await Connection.connect(temporal);
    teardown.add(() => connection.close());
    const client = new Client({ connection, dataConverter: options.dataConverter });
    const workerConnection = await NativeConnection.connect(temporal);
    teardown.add(() => workerConnection.close());
    const engine = await runEngineWorker(workerConnection, db, sink.url, options);
    teardown.add(() => engine.stop());
    const { worker, taskQueue, activities } = engine;
    const services = servicesFor(db, client, taskQueue, options.clock ?? (() => new Date()));
    const databaseUrl = database.url;
    return { db, databaseUrl, sink, client, taskQueue, worker, activities, services, close: () => teardown.run() };
  });
}
