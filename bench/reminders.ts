import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { addDays, localDateOf, toDbDate } from '../domain/calendar';
import { renderEmail } from '../email/layout';
import { createSmtpMailer, type Mailer } from '../email/mailer';
import { trainingReminder } from '../email/templates/training';
import { createTestActivities, TEST_BASE_URL, TEST_MAIL_FROM } from '../test/support/activities';
import { createCouncil } from '../test/support/fixtures';
import { addCouncillors, addInductionCourse, START_CONCURRENCY, startTrainingCycles, watchTrainingReviews } from './support/council';
import { figure, inParallel, perSecond, printTable, ratio, sizeFromEnv } from './support/figures';
import { type BenchStack, type CountingSmtpSink, runBenchmark, startEngine, withQueryTiming } from './support/stack';

const COUNT = sizeFromEnv('BENCH_REMINDERS', 1000);
/**
 * Emails in flight at once in the baseline and the activity pass: as many as
 * the engine can have, since the outbox holds a database connection (10 in the
 * pool) while it talks to the relay. SMTP's round trips make throughput grow
 * with the messages in flight, so the bare loop also runs with BUSY_IN_FLIGHT.
 */
const IN_FLIGHT = 10;
const BUSY_IN_FLIGHT = 100;
const WAIT_MS = 20 * 60_000;
const CACHED_CYCLES = 1000;

/**
 * A fixed-offset zone (luxon's "UTC+h:mm") in which `instant` is 09:00 local
 * time, when training reminders go out. The benchmark gives its council this
 * zone so that every member's reminder falls due at the same moment shortly
 * after the set-up, as 09:00 brings the day's reminders in production.
 */
function zoneWhereNineAm(instant: Date): string {
  const minutesOfDay = instant.getUTCHours() * 60 + instant.getUTCMinutes();
  let offset = 9 * 60 - minutesOfDay;
  if (offset > 14 * 60) offset -= 24 * 60;
  if (offset <= -12 * 60) offset += 24 * 60;
  const magnitude = Math.abs(offset);
  return `UTC${offset < 0 ? '-' : '+'}${Math.floor(magnitude / 60)}:${String(magnitude % 60).padStart(2, '0')}`;
}

/** Times deliveries to the sink, which counts every message of the run. */
function deliveriesTo(sink: CountingSmtpSink) {
  let expected = 0;
  return {
    expected: () => expected,
    /** Sends `count` more messages with `send` and times them until the last one is at the sink. */
    async measure(count: number, send: () => Promise<unknown>): Promise<number> {
      const began = performance.now();
      expected += count;
      await send();
      return (await sink.waitFor(expected, WAIT_MS)) - began;
    },
    /** The time (performance.now) the last of `count` more messages arrives. */
    arrival(count: number): Promise<number> {
      expected += count;
      return sink.waitFor(expected, WAIT_MS);
    },
  };
}

type Deliveries = ReturnType<typeof deliveriesTo>;

/** The first-time induction reminder, rendered once, as the activity renders it. */
function reminderEmail(council: { name: string }, course: { title: string }) {
  return renderEmail(
    trainingReminder(
      {
        councilName: council.name,
        memberName: 'Councillor Alex Bench',
        courseTitle: course.title,
        dueBy: '2027-01-05',
        because: 'you are a councillor',
        confirmLink: `${TEST_BASE_URL}/t/bench-token`,
        linkExpiresOn: '2027-03-06',
      },
      'FIRST_TIME',
      1,
    ),
    { signOff: `Democratic Services, ${council.name}` },
  );
}

/** The bare loop: COUNT sends of `email` through the engine's pooled SMTP transport (nodemailer, 3 connections), `inFlight` at a time. */
function bareLoop(deliveries: Deliveries, mailer: Mailer, email: ReturnType<typeof reminderEmail>, inFlight: number): Promise<number> {
  console.log(`  Baseline: ${figure(COUNT)} emails through nodemailer alone, ${inFlight} at once...`);
  return deliveries.measure(COUNT, () =>
    inParallel(
      Array.from({ length: COUNT }, (_, index) => index),
      inFlight,
      async (index) => {
        await mailer.send({
          messageId: `<bare-${inFlight}-${index}@bench.example>`,
          from: TEST_MAIL_FROM,
          to: { address: `bare${index}@members.example`, name: 'Councillor Alex Bench' },
          ...email,
        });
      },
    ),
  );
}

/** The reminder activity alone (database reads, rendering, outbox, SMTP), called directly: no Temporal. */
async function activityPass(stack: BenchStack, deliveries: Deliveries, mailer: Mailer, memberIds: string[], courseId: string) {
  console.log(`  The reminder activity called directly, ${IN_FLIGHT} at once...`);
  const timing = withQueryTiming(stack.db);
  const activities = createTestActivities({ db: timing.db, mailer });
  // A due date of its own gives each of these reminders an idempotency key the engine's will not share.
  const ms = await deliveries.measure(COUNT, () =>
    inParallel(memberIds, IN_FLIGHT, async (memberId) => {
      await activities.remindMemberAboutTraining({
        memberId,
        courseId,
        dueBy: '2027-01-05',
        asOf: new Date().toISOString(),
        daysBefore: 1,
        step: '1d',
      });
    }),
  );
  return { ms, database: timing.spent() };
}

/**
 * The engine: the course falls due tomorrow for every member, so its 1-day
 * reminder is due at 09:00 today, council time. 09:00 must leave the cycles
 * time to start. Setting one up takes less than a reminder activity, whose
 * rate `activityRate` was just measured, so twice that time is ample on any
 * machine (BENCH_REMINDER_LEAD_S overrides it).
 */
async function enginePass(
  stack: BenchStack,
  deliveries: Deliveries,
  council: { id: string; memberIds: string[]; courseId: string },
  activityRate: number,
) {
  const leadSeconds = sizeFromEnv('BENCH_REMINDER_LEAD_S', Math.ceil(15 + (2 * COUNT) / activityRate));
  const fireAt = new Date(Math.ceil((Date.now() + leadSeconds * 1000) / 60_000) * 60_000);
  const zone = zoneWhereNineAm(fireAt);
  const today = localDateOf(fireAt, zone);
  await stack.db.council.update({ where: { id: council.id }, data: { timeZone: zone } });
  await stack.db.member.updateMany({ where: { councilId: council.id }, data: { joinedOn: toDbDate(addDays(today, -6)) } });
  const reviews = watchTrainingReviews();
  const engine = await startEngine(stack, {
    taskQueue: `bench-reminders-${randomUUID()}`,
    adjust: reviews.adjust,
    // The SDK sizes its default cache from the heap (2,310 workflows with a 4 GB heap), assuming far lighter
    // workflows than a training cycle (about 2.7 MB, see worker-memory.ts): 5,000 cycles on the default ran the
    // workflow thread out of heap. Older cycles are evicted instead, and replayed when their reminder falls due.
    tuning: { maxCachedWorkflows: CACHED_CYCLES },
  });
  console.log(`  Starting ${figure(COUNT)} training cycles; their reminders fall due at ${fireAt.toISOString()} (09:00 ${zone})...`);
  const setUpBegan = Date.now();
  const startsMs = await startTrainingCycles(engine, council.memberIds, council.courseId);
  await reviews.waitForCycles(COUNT);
  // A cycle that began after 09:00 rightly skips today's reminder (reminders are never sent late).
  const lateCycles = [...reviews.startedAt.values()].filter((startedAt) => startedAt > fireAt).length;
  const setUpSeconds = (Date.now() - setUpBegan) / 1000;

  const waitSeconds = (fireAt.getTime() - Date.now()) / 1000;
  console.log(`  Cycles set up in ${figure(setUpSeconds, 1)} s; ${figure(Math.max(waitSeconds, 0), 1)} s to wait for 09:00...`);
  if (waitSeconds < 0)
    console.log(
      `  Warning: the set-up ran ${figure(-waitSeconds, 1)} s past 09:00, so the figure below includes part of it` +
        `${lateCycles ? `, and ${figure(lateCycles)} cycles that started after 09:00 rightly skip today's reminder` : ''}. Raise BENCH_REMINDER_LEAD_S.`,
    );
  const due = COUNT - lateCycles;
  const nineAm = performance.now() + (fireAt.getTime() - Date.now());
  const ms = (await deliveries.arrival(due)) - nineAm;
  await engine.stop();
  return { due, ms, startsMs };
}

runBenchmark(
  `Due reminders: ${figure(COUNT)} through workflows, outbox and SMTP, against a bare nodemailer loop`,
  { temporal: 'dev-server', smtp: true },
  async (stack) => {
    const sink = stack.smtp!;
    const deliveries = deliveriesTo(sink);
    const council = await createCouncil(stack.db, 'Benchshire County Council');
    const memberIds = await addCouncillors(stack.db, council.id, COUNT, '2026-05-07');
    const course = await addInductionCourse(stack.db, council.id, 'corporate-parenting-induction', {
      inductionWeeks: 1,
      reminderDays: [1],
    });

    // Baseline: the same reminder, rendered once, sent COUNT times through the engine's SMTP transport alone.
    const email = reminderEmail(council, course);
    const mailer = createSmtpMailer(sink.url);
    const bareMs = await bareLoop(deliveries, mailer, email, IN_FLIGHT);
    const busyBareMs = await bareLoop(deliveries, mailer, email, BUSY_IN_FLIGHT);
    const activity = await activityPass(stack, deliveries, mailer, memberIds, course.id);
    mailer.close();
    const { database } = activity;

    const activityRate = perSecond(COUNT, activity.ms);
    const engine = await enginePass(stack, deliveries, { id: council.id, memberIds, courseId: course.id }, activityRate);
    const { received, distinct } = sink.counts();

    const bareRate = perSecond(COUNT, bareMs);
    const engineRate = perSecond(engine.due, engine.ms);
    printTable('Results', [
      [
        `Bare nodemailer loop, ${IN_FLIGHT} in flight (baseline)`,
        `${figure(bareRate)} emails/s (${figure(COUNT)} in ${figure(bareMs / 1000, 2)} s)`,
      ],
      [
        `Bare nodemailer loop, ${BUSY_IN_FLIGHT} in flight`,
        `${figure(perSecond(COUNT, busyBareMs))} emails/s (${figure(COUNT)} in ${figure(busyBareMs / 1000, 2)} s)`,
      ],
      [
        'Reminder activity + outbox, no Temporal',
        `${figure(activityRate)} emails/s (${figure(COUNT)} in ${figure(activity.ms / 1000, 2)} s, ${IN_FLIGHT} in flight); ${ratio(activityRate, bareRate)} the baseline`,
      ],
      [
        'Workflows + outbox + SMTP',
        `${figure(engineRate)} emails/s (${figure(engine.due)} in ${figure(engine.ms / 1000, 2)} s from 09:00); ${ratio(engineRate, bareRate)} the baseline`,
      ],
      [
        'Database work per reminder activity',
        `${figure(database.operations / COUNT, 1)} Prisma operations, ${figure(database.ms / database.operations, 2)} ms each (${IN_FLIGHT} reminders at once)`,
      ],
      [
        'Worker cache',
        COUNT > CACHED_CYCLES
          ? `${figure(CACHED_CYCLES)} workflows: at least ${figure(COUNT - CACHED_CYCLES)} cycles were evicted and replayed at 09:00`
          : `${figure(CACHED_CYCLES)} workflows: every cycle stayed cached`,
      ],
      ['Training cycle starts (set-up)', `${figure(perSecond(COUNT, engine.startsMs))} starts/s, ${START_CONCURRENCY} in flight`],
      ['Messages at the sink', `${figure(received)}, ${figure(distinct)} distinct Message-IDs (${figure(deliveries.expected())} expected)`],
    ]);
    const operationsEach = database.operations / COUNT;
    return {
      name: 'reminders',
      figures: {
        engineEmailsPerSecond: engineRate,
        activityEmailsPerSecond: activityRate,
        prismaOperationsPerReminder: operationsEach,
      },
      baseline: { bareEmailsPerSecond: bareRate, busyBareEmailsPerSecond: perSecond(COUNT, busyBareMs) },
      ratio: engineRate / bareRate,
      goals: [
        {
          goal: `reminders (${figure(COUNT)} due at 09:00) ≥ 0.7× the bare loop, ${IN_FLIGHT} in flight`,
          figure: ratio(engineRate, bareRate),
          met: engineRate >= 0.7 * bareRate,
        },
        {
          goal: 'reminders: ≤ 4 database round trips each',
          figure: `${figure(operationsEach, 1)} Prisma operations`,
          met: operationsEach <= 4,
        },
      ],
    };
  },
);
