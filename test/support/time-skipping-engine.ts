import type { TestWorkflowEnvironment } from '@temporalio/testing';

import type { Db } from '../../db/client';
import { createTestDatabase } from './database';
import { runEngineWorker, servicesFor, type EngineOptions, type MailSink, type TestEngine } from './engine';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { serverClock, type ServerClock } from './server-clock';
import { setUp, type Teardown } from './teardown';
import { createTimeSkippingEnvironment, TEST_START } from './time-skipping';

export interface TimeSkippingEngineOptions<Sink extends MailSink> extends EngineOptions {
  /** Where the server's clock starts, an ISO 8601 instant; TEST_START unless given. */
  startAt?: string;
  /** A database of the caller's (the benchmarks' own Postgres); a fresh test database, dropped on close, unless given. */
  db?: Db;
  /** An SMTP server of the caller's (the benchmarks' counting one); the parsing sink, stopped on close, unless given. */
  sink?: Sink;
}

export interface TimeSkippingEngine<Sink extends MailSink = SmtpSink> extends TestEngine<Sink>, ServerClock {
  env: TestWorkflowEnvironment;
}

/**
 * The engine on Temporal's time-skipping test server, its clock pinned at
 * `startAt`: a database, the SMTP sink and the real worker with real
 * activities, whose client and `skipTo` move through months in seconds.
 */
export async function startTimeSkippingEngine<Sink extends MailSink = SmtpSink>(
  options: TimeSkippingEngineOptions<Sink> = {},
): Promise<TimeSkippingEngine<Sink>> {
  return setUp(async (teardown) => {
    const env = await createTimeSkippingEnvironment(options.startAt ?? TEST_START);
    teardown.add(() => env.teardown());
    const db = options.db ?? (await testDatabase(teardown));
    // Without a sink of the caller's, Sink is its default, SmtpSink.
    const sink = options.sink ?? ((await parsingSink(teardown)) as unknown as Sink);
    const engine = await runEngineWorker(env.nativeConnection, db, sink.url, options);
    teardown.add(() => engine.stop());
    const { worker, taskQueue, activities } = engine;
    const services = servicesFor(db, env.client, taskQueue, options.clock ?? (() => new Date()));
    return { env, db, sink, client: env.client, taskQueue, worker, activities, services, ...serverClock(env), close: () => teardown.run() };
  });
}

async function testDatabase(teardown: Teardown): Promise<Db> {
  const database = await createTestDatabase();
  teardown.add(() => database.drop());
  return database.db;
}

async function parsingSink(teardown: Teardown): Promise<SmtpSink> {
  const sink = await startSmtpSink();
  teardown.add(() => sink.stop());
  return sink;
}
