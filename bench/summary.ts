import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';

import { BENCH_PREFIX, type BenchGoal, type BenchResult, machineDescription } from './support/figures';

// `npm run bench`: every benchmark in its own process, one after another, then a table of issue 15's goals.
// `node dist/bench/summary.js reminders municipal-year` runs only those.

const BENCHES = ['reminders', 'workflow-starts', 'dev-server-starts', 'quarterly-summary', 'worker-memory', 'municipal-year'];

/** Runs one benchmark, passing its output through: its `BENCH {json}` result, or why there is none. */
async function runBench(name: string): Promise<BenchResult | string> {
  const child = spawn(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const lines = readline.createInterface({ input: child.stdout });
  let result: BenchResult | null = null;
  lines.on('line', (line) => {
    console.log(line);
    if (line.startsWith(BENCH_PREFIX)) result = JSON.parse(line.slice(BENCH_PREFIX.length)) as BenchResult;
  });
  const [[code, signal]] = await Promise.all([exited, once(lines, 'close')]);
  if (code !== 0) return `failed (${signal ?? `exit code ${code}`})`;
  return result ?? 'printed no BENCH line';
}

/** Columns padded to their widest cell. */
function printColumns(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}

async function main(): Promise<void> {
  const names = process.argv.length > 2 ? process.argv.slice(2) : BENCHES;
  const unknown = names.filter((name) => !BENCHES.includes(name));
  if (unknown.length) throw new Error(`No benchmark named ${unknown.join(', ')}; the benchmarks are ${BENCHES.join(', ')}.`);
  const rows: string[][] = [['goal', 'figure', 'met']];
  let failed = 0;
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    const result = await runBench(name);
    if (typeof result === 'string') {
      failed += 1;
      rows.push([`${name}: ${result}`, '—', 'not measured']);
      continue;
    }
    rows.push(...result.goals.map((goal: BenchGoal) => [goal.goal, goal.figure, goal.met ? 'met' : 'NOT met']));
  }
  console.log(`\nGoals (issue 15), ${new Date().toISOString()}\n  ${machineDescription()}`);
  printColumns(rows);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
