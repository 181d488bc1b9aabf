import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DEV_SERVER_SQLITE_PRAGMAS } from '../stack/dev-server-sqlite';
import { START_CONCURRENCY } from './support/council';
import { figure, inParallel, measureStarts, printTable, ratio, sizeFromEnv, type StartFigures } from './support/figures';
import { runBenchmark, startDevServer } from './support/stack';
import { benchSleeper } from './workflows';

const SIZE = { count: sizeFromEnv('BENCH_DEV_SERVER_STARTS', 1000), concurrency: START_CONCURRENCY };
const WARM_UP = 50;

/** Empty workflow starts against a fresh dev server whose SQLite file has `pragmas`; no worker polls their queue. */
async function startsOnSqliteFile(label: string, pragmas: readonly string[]): Promise<StartFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-bench-sqlite-'));
  const server = await startDevServer({ dbFilename: path.join(dir, 'temporal.sqlite'), pragmas });
  try {
    const start = (prefix: string) => (index: number) =>
      server.client.workflow.start(benchSleeper, { workflowId: `${prefix}-${index}`, taskQueue: 'bench-dev-server', args: [60_000] });
    // The first starts open connections and warm the server's caches; they are not counted.
    await inParallel(
      Array.from({ length: WARM_UP }, (_, index) => index),
      SIZE.concurrency,
      async (index) => {
        await start('bench-warm-up')(index);
      },
    );
    return await measureStarts(label, SIZE, start('bench-empty'));
  } finally {
    await server.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBenchmark(
  `Dev server on its SQLite file (npm start): ${figure(SIZE.count)} empty workflow starts without pragmas, then with ${DEV_SERVER_SQLITE_PRAGMAS.join(', ')}`,
  { temporal: 'none' },
  async () => {
    const before = await startsOnSqliteFile('SQLite defaults (rollback journal, synchronous=full)', []);
    const after = await startsOnSqliteFile(`With ${DEV_SERVER_SQLITE_PRAGMAS.join(', ')}`, DEV_SERVER_SQLITE_PRAGMAS);
    const line = (starts: StartFigures) => `${figure(starts.perSecond)} starts/s (median ${figure(starts.medianMs, 1)} ms each)`;
    printTable(`Results (${SIZE.concurrency} in flight)`, [
      ['SQLite defaults (baseline)', line(before)],
      [DEV_SERVER_SQLITE_PRAGMAS.join(', '), `${line(after)}; ${ratio(after.perSecond, before.perSecond)} the baseline`],
    ]);
    return {
      name: 'dev-server-starts',
      figures: { startsPerSecond: after.perSecond, medianMs: after.medianMs },
      baseline: { startsPerSecond: before.perSecond, medianMs: before.medianMs },
      ratio: after.perSecond / before.perSecond,
      goals: [
        {
          goal: "dev server on its SQLite file starts ≥ 2× today's (no pragmas)",
          figure: ratio(after.perSecond, before.perSecond),
          met: after.perSecond >= 2 * before.perSecond,
        },
      ],
    };
  },
);
