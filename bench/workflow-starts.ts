import { randomUUID } from 'node:crypto';

import type { Actor } from '../services/context';
import { startProgramme } from '../services/visits/programmes';
import { createCouncil } from '../test/support/fixtures';
import { trainingRenewal, trainingWorkflowId } from '../workflows/training-renewal';
import { addCouncillors, addEstablishments, addInductionCourse, addVisitingPool, START_CONCURRENCY } from './support/council';
import { figure, inParallel, measureStarts, printTable, ratio, sizeFromEnv, type StartFigures } from './support/figures';
import { runBenchmark } from './support/stack';
import { benchSleeper } from './workflows';

const COUNT = sizeFromEnv('BENCH_STARTS', 2000);
const CONCURRENCY = sizeFromEnv('BENCH_START_CONCURRENCY', START_CONCURRENCY);
const WARM_UP = 50;
const SIZE = { count: COUNT, concurrency: CONCURRENCY };

runBenchmark(
  `Workflow starts: ${figure(COUNT)} duty workflows against ${figure(COUNT)} empty ones, ${CONCURRENCY} in flight`,
  { temporal: 'dev-server' },
  async (stack) => {
    const { db } = stack;
    const client = stack.temporal!.client;
    // No worker polls these queues: a start is the server's round trip and what the caller does around it.
    const taskQueue = `bench-starts-${randomUUID()}`;

    const council = await createCouncil(db, 'Benchshire County Council');
    const memberIds = await addCouncillors(db, council.id, COUNT, '2026-05-07');
    const course = await addInductionCourse(db, council.id, 'induction', { inductionWeeks: 8, reminderDays: [60, 30, 7] });
    const officer = await db.officer.create({
      data: { councilId: council.id, name: 'Bench Officer', email: 'bench.officer@council.example', role: 'ADMIN' },
    });
    const actor: Actor = { councilId: council.id, officerId: officer.id, role: 'ADMIN' };
    await addVisitingPool(db, council.id, 'REG33_HOMES', '2026-05-19');
    const homes = await addEstablishments(db, council.id, 'CHILDRENS_HOME', COUNT);

    // The first starts open connections and warm the server's caches; they are not counted.
    await inParallel(
      Array.from({ length: WARM_UP }, (_, index) => index),
      CONCURRENCY,
      async (index) => {
        await client.workflow.start(benchSleeper, { workflowId: `bench-warm-up-${index}`, taskQueue, args: [60_000] });
      },
    );
    const empty = await measureStarts('Empty workflows (client.workflow.start)', SIZE, (index) =>
      client.workflow.start(benchSleeper, { workflowId: `bench-empty-${index}`, taskQueue, args: [60_000] }),
    );
    const training = await measureStarts('Training renewals (client.workflow.start with real inputs)', SIZE, (index) =>
      client.workflow.start(trainingRenewal, {
        workflowId: trainingWorkflowId(memberIds[index]!, course.id),
        taskQueue,
        args: [{ memberId: memberIds[index]!, courseId: course.id }],
      }),
    );
    const deps = stack.services(taskQueue);
    const programmes = await measureStarts(
      'Visit programmes (the startProgramme service: checks, upsert, signal-with-start, audit)',
      SIZE,
      (index) => startProgramme(deps, actor, { establishmentKey: homes[index]!.key, poolKey: 'reg33-pool' }),
    );

    const line = (figures: StartFigures) =>
      `${figure(figures.perSecond)} starts/s (median ${figure(figures.medianMs, 1)} ms each); ${ratio(figures.perSecond, empty.perSecond)} the empty rate`;
    printTable('Results', [
      ['Empty workflow', `${figure(empty.perSecond)} starts/s (median ${figure(empty.medianMs, 1)} ms each)`],
      ['Training renewal', line(training)],
      ['Visit programme via service', line(programmes)],
    ]);
    return {
      name: 'workflow-starts',
      figures: { trainingStartsPerSecond: training.perSecond, programmeStartsPerSecond: programmes.perSecond },
      baseline: { emptyStartsPerSecond: empty.perSecond },
      ratio: programmes.perSecond / empty.perSecond,
      goals: [
        {
          goal: 'visit programme starts through the service ≥ 0.8× empty starts',
          figure: ratio(programmes.perSecond, empty.perSecond),
          met: programmes.perSecond >= 0.8 * empty.perSecond,
        },
      ],
    };
  },
);
