import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';

import { LONDON } from '../../../domain/calendar';
import { createTimeSkippingEnvironment, TEST_START } from '../../support/time-skipping';
import { runWorkflowBundle } from '../../support/workflow-bundle';

const LOCAL_FORMAT = 'yyyy-MM-dd HH:mm';

/** Workflow time when the activity was scheduled: the time-skipping server's clock, not the wall clock. */
export const workflowNow = () => new Date(Context.current().info.currentAttemptScheduledTimestampMs);

/** "2027-03-29 09:00": an instant as a London wall clock shows it. */
export const londonLocal = (instant: Date | number) =>
  DateTime.fromMillis(new Date(instant).getTime(), { zone: LONDON }).toFormat(LOCAL_FORMAT);

/** "2027-03-29 08:00": an instant to the minute in UTC, to show which side of a clock change it fell. */
export const utcMinute = (instant: Date) => instant.toISOString().slice(0, 16).replace('T', ' ');

/** The instant a London wall clock shows "2027-03-29 09:00". */
export function londonInstant(local: string): Date {
  const parsed = DateTime.fromFormat(local, LOCAL_FORMAT, { zone: LONDON });
  if (!parsed.isValid) throw new RangeError(`Not a London wall-clock time (${LOCAL_FORMAT}): ${local}`);
  return parsed.toJSDate();
}

/** What the fake activities did, each entry stamped with the workflow time it was asked for. */
export interface Journal {
  readonly entries: ReadonlyArray<{ at: Date; what: string }>;
  /** Records `what` at the current activity's workflow time; call it from inside an activity. */
  note(what: string): void;
  /** Each entry as "<London wall time> <what>". */
  lines(): string[];
  /** The entry whose text starts with `what` (the first, if several do). */
  find(what: string): { at: Date; what: string };
}

/** Where in UTC, to the minute, the entries starting with each of `whats` fell: which side of a clock change. */
export const utcMinutesOf = (journal: Journal, whats: string[]): Record<string, string> =>
  Object.fromEntries(whats.map((what) => [what, utcMinute(journal.find(what).at)]));

export function createJournal(): Journal {
  const entries: Array<{ at: Date; what: string }> = [];
  return {
    entries,
    note: (what) => void entries.push({ at: workflowNow(), what }),
    lines: () => entries.map((entry) => `${londonLocal(entry.at)} ${entry.what}`),
    find(what) {
      const entry = entries.find((candidate) => candidate.what.startsWith(what));
      if (!entry) throw new Error(`Nothing recorded as "${what}…"; recorded: ${entries.map((e) => e.what).join('; ')}`);
      return entry;
    },
  };
}

/** The next test's server, started at TEST_START while the current test runs (a JVM takes seconds to start). */
let spare: Promise<TestWorkflowEnvironment> | undefined;

afterAll(async () => {
  await (await spare?.catch(() => undefined))?.teardown();
});

/**
 * A time-skipping server of its own for one test, its clock moved on from
 * TEST_START to a London wall time: each test sees its own calendar,
 * whatever the others did and whatever day it runs.
 */
export async function onServerFrom<T>(londonStart: string, body: (env: TestWorkflowEnvironment) => Promise<T>): Promise<T> {
  const startAt = londonInstant(londonStart).getTime();
  if (startAt < Date.parse(TEST_START)) throw new RangeError(`Tests start at or after TEST_START (${TEST_START}); got ${londonStart}.`);
  const env = await (spare ?? createTimeSkippingEnvironment());
  spare = createTimeSkippingEnvironment();
  spare.catch(() => undefined); // a failed start is the next test's error, not an unhandled rejection
  try {
    await sleepUntil(env, londonStart);
    return await body(env);
  } finally {
    await env.teardown();
  }
}

let workers = 0;

/** Runs `body` while a worker polls a task queue of its own with the given (fake) activities. */
export async function withWorker<T>(env: TestWorkflowEnvironment, activities: object, body: (taskQueue: string) => Promise<T>): Promise<T> {
  workers += 1;
  const taskQueue = `workflow-test-${workers}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: runWorkflowBundle(), activities });
  return worker.runUntil(() => body(taskQueue));
}

/**
 * Moves the server's clock on to a London wall time (no further if it is
 * already there). Await workflow results last, after the final sleep: while
 * a client awaits a result the server skips time freely, and once nothing is
 * pending it leaps years ahead (ten, in trials), so a step after that runs
 * in the wrong decade.
 */
export async function sleepUntil(env: TestWorkflowEnvironment, londonTime: string): Promise<void> {
  const wait = londonInstant(londonTime).getTime() - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}
