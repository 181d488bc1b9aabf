import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';

import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

import { localDateOf } from '../domain/calendar';
import { createCouncil } from '../test/support/fixtures';
import { addCouncillors, addInductionCourse, START_CONCURRENCY, startTrainingCycles, watchTrainingReviews } from './support/council';
import { figure, inParallel, printTable, ratio, sizesFromEnv } from './support/figures';
import { type BenchStack, type RunningWorker, runBenchmark, startBaselineWorker, startEngine } from './support/stack';
import { benchSleeper } from './workflows';

const SIZES = sizesFromEnv('BENCH_WORKFLOWS', [200, 500, 1000]).sort((a, b) => a - b);
const LARGEST = SIZES.at(-1)!;
/** Every workflow stays cached: the worker never evicts one to make room. */
const CACHE = LARGEST + 100;
const MB = 1024 * 1024;

type Measure = 'rss' | 'heapUsed';

// A full garbage collection before each reading, without asking for node --expose-gc.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Memory once the worker is idle, after a full garbage collection. */
async function settledMemory(measure: Measure): Promise<number> {
  await pause(2000);
  gc();
  return process.memoryUsage()[measure];
}

/**
 * How many workflows the worker holds once all `size` are cached, or once it
 * has been idle for 30 s short of that: on a loaded machine a first activation
 * can time out, and the evicted workflow then sleeps uncached until its timer.
 */
async function cachedWhenIdle(running: RunningWorker, size: number): Promise<number> {
  const status = () => running.worker.getStatus();
  let idleSince = Date.now();
  while (status().numCachedWorkflows < size && Date.now() - idleSince < 30_000) {
    if (status().numInFlightWorkflowActivations > 0) idleSince = Date.now();
    await pause(100);
  }
  while (status().numInFlightWorkflowActivations > 0) await pause(100);
  return status().numCachedWorkflows;
}

/**
 * An idle worker's memory, then its memory with each number of workflows
 * started and cached (`grow` starts more, up to a size). Returns the table
 * rows and the growth per workflow at the largest size, in KB.
 */
async function measurePass(
  label: string,
  measure: Measure,
  running: RunningWorker,
  grow: (from: number, to: number) => Promise<void>,
): Promise<{ rows: Array<[string, string]>; kilobytesEach: number }> {
  const empty = await settledMemory(measure);
  const rows: Array<[string, string]> = [[`${label}: empty worker`, `${figure(empty / MB, 1)} MB`]];
  let kilobytesEach = 0;
  let started = 0;
  for (const size of SIZES) {
    console.log(`  ${label}: ${figure(size)} cached workflows...`);
    await grow(started, size);
    started = size;
    const cached = await cachedWhenIdle(running, size);
    const growth = (await settledMemory(measure)) - empty;
    kilobytesEach = growth / cached / 1024;
    rows.push([
      `${label}: ${figure(cached)} workflows`,
      `+${figure(growth / MB, 1)} MB on the empty worker: ${figure(kilobytesEach)} KB each`,
    ]);
  }
  await running.stop();
  return { rows, kilobytesEach };
}

/** The size of a workflow bundle's code, in KB: every module in it is evaluated again for each workflow a worker caches. */
async function bundleKilobytes(workflowsPath: string): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return code.length / 1024;
}

/** Training cycles waiting months for their first reminder, on the production worker. */
async function trainingPass(stack: BenchStack, label: string, measure: Measure, memberIds: string[], courseId: string) {
  const reviews = watchTrainingReviews();
  const engine = await startEngine(stack, {
    taskQueue: `bench-memory-${randomUUID()}`,
    adjust: reviews.adjust,
    tuning: { maxCachedWorkflows: CACHE },
  });
  return measurePass(label, measure, engine, async (from, to) => {
    await startTrainingCycles(engine, memberIds.slice(from, to), courseId);
    await reviews.waitForCycles(to);
  });
}

runBenchmark(
  `Worker memory per cached duty workflow (${SIZES.map((size) => figure(size)).join(', ')} training cycles) against an empty worker`,
  { temporal: 'dev-server', smtp: true },
  async (stack) => {
    if (!gc)
      console.log('  (node runs without --expose-gc, so figures include uncollected garbage; `npm run bench:worker-memory` adds it)');
    const council = await createCouncil(stack.db, 'Benchshire County Council');
    // Members who joined today have a year to do the induction: each cycle waits months for its first reminder.
    const memberIds = await addCouncillors(stack.db, council.id, LARGEST, localDateOf(new Date()));
    const plan = { inductionWeeks: 52, reminderDays: [60, 30, 7] };
    const threadedCourse = await addInductionCourse(stack.db, council.id, 'induction-threaded', plan);
    const mainThreadCourse = await addInductionCourse(stack.db, council.id, 'induction-main-thread', plan);

    // As in production, workflows run in the worker's own thread, whose heap only the process's RSS shows.
    const production = await trainingPass(stack, 'Workflow thread, RSS', 'rss', memberIds, threadedCourse.id);
    // TEMPORAL_DEBUG runs workflows in the main thread, so V8's heap figures include them.
    process.env.TEMPORAL_DEBUG = '1';
    const mainThread = await trainingPass(stack, 'Main thread, V8 heap', 'heapUsed', memberIds, mainThreadCourse.id);
    const baseline = await startBaselineWorker(stack.temporal!, { taskQueue: `bench-memory-${randomUUID()}`, maxCachedWorkflows: CACHE });
    const empty = await measurePass('Empty workflow, V8 heap', 'heapUsed', baseline, (from, to) =>
      inParallel(
        Array.from({ length: to - from }, (_, index) => from + index),
        START_CONCURRENCY,
        async (index) => {
          await baseline.client.workflow.start(benchSleeper, {
            workflowId: `bench-memory-empty-${index}`,
            taskQueue: baseline.taskQueue,
            args: [24 * 60 * 60 * 1000],
          });
        },
      ),
    );
    delete process.env.TEMPORAL_DEBUG;
    const bundles = {
      engine: await bundleKilobytes(require.resolve('../workflows')),
      empty: await bundleKilobytes(require.resolve('./workflows')),
    };

    printTable('Results (process RSS with workflows in their own thread; V8 heap used with them in the main thread)', [
      ...production.rows,
      ...mainThread.rows,
      ...empty.rows,
      ['Training cycle / empty workflow (V8 heap)', ratio(mainThread.kilobytesEach, empty.kilobytesEach)],
      ['Workflow bundle (code)', `${figure(bundles.engine)} KB; the empty workflow's ${figure(bundles.empty)} KB`],
    ]);
    return {
      name: 'worker-memory',
      figures: {
        kilobytesPerWorkflow: mainThread.kilobytesEach,
        rssKilobytesPerWorkflow: production.kilobytesEach,
        bundleKilobytes: bundles.engine,
      },
      baseline: { kilobytesPerWorkflow: empty.kilobytesEach, bundleKilobytes: bundles.empty },
      ratio: mainThread.kilobytesEach / empty.kilobytesEach,
      goals: [
        {
          goal: "memory per cached duty workflow ≤ 4× an empty workflow's",
          figure: ratio(mainThread.kilobytesEach, empty.kilobytesEach),
          met: mainThread.kilobytesEach <= 4 * empty.kilobytesEach,
        },
      ],
    };
  },
);
