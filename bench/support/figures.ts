import os from 'node:os';
import { performance } from 'node:perf_hooks';

// Sizes, timings and how they are printed.

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

/** What a benchmark found, for scripts that compare runs: its figures, the baseline from the same run, and their ratio. */
export interface BenchResult {
  /** The benchmark's script name, e.g. "worker-memory". */
  name: string;
  /** Measurements, each key naming its unit ("kilobytesPerWorkflow"). */
  figures: Record<string, number>;
  /** The same measurements of the baseline, under the same keys. */
  baseline: Record<string, number>;
  /** The headline figure over its baseline. */
  ratio: number;
  /** Issue 15's goals for this benchmark, and whether this run met each. */
  goals: BenchGoal[];
}

/** One goal, as the summary table of `npm run bench` shows it. */
export interface BenchGoal {
  /** What the goal asks, e.g. "memory per cached duty workflow ≤ 4× an empty workflow's". */
  goal: string;
  /** What this run measured, for people: "2.98×". */
  figure: string;
  met: boolean;
}

/** The prefix of a `BENCH {json}` line. */
export const BENCH_PREFIX = 'BENCH ';

/** The line a benchmark ends with: `BENCH {json}`. */
export const benchLine = (result: BenchResult): string => `${BENCH_PREFIX}${JSON.stringify(result)}`;

export interface StartFigures {
  perSecond: number;
  medianMs: number;
}

/** Runs `count` starts with `concurrency` in flight: the rate, and the median latency of one start. */
export async function measureStarts(
  label: string,
  size: { count: number; concurrency: number },
  startOne: (index: number) => Promise<unknown>,
): Promise<StartFigures> {
  console.log(`  ${label}...`);
  const latencies: number[] = [];
  const began = performance.now();
  await inParallel(
    Array.from({ length: size.count }, (_, index) => index),
    size.concurrency,
    async (index) => {
      const started = performance.now();
      await startOne(index);
      latencies.push(performance.now() - started);
    },
  );
  const elapsed = performance.now() - began;
  latencies.sort((a, b) => a - b);
  return { perSecond: perSecond(size.count, elapsed), medianMs: latencies[Math.floor(latencies.length / 2)]! };
}
