// `npm run test:dates`: the unit and workflow tests again, with this process
// tree's clock shifted by libfaketime (Debian's faketime) to the days a
// council's calendar turns on. A test that reads the machine's clock where it
// should take a pinned one fails on one of these days.
//
// The time-skipping test server's JVM is kept out of the shift (see
// stack/temporal-binaries.ts): its clock starts where each test pins it.
import { spawn } from 'node:child_process';

import { projectRoot } from '../../stack/project-root';
import bundleWorkflowsForRun from '../support/workflow-bundle';

/** Instants in UTC, each with why it is on the list. */
export const SHIFTED_CLOCKS: ReadonlyArray<readonly [at: string, why: string]> = [
  ['2027-03-27 23:30:00', 'Saturday night before the clocks go forward (Sunday 28 March 2027)'],
  ['2027-10-30 23:30:00', 'Saturday night before the clocks go back (Sunday 31 October 2027)'],
  ['2028-02-28 12:00:00', 'the day before 29 February in a leap year'],
  ['2027-04-30 22:30:00', 'the last evening of a municipal year (23:30 in London)'],
  ['2026-12-31 23:30:00', 'New Year’s Eve, half an hour before the year turns'],
  ['2027-08-15 09:00:00', 'a Sunday in August (10:00 in London, summer time)'],
];

function runShifted(at: string): Promise<number> {
  const jest = ['jest', '--ci', '--selectProjects', 'unit', 'workflows'];
  const child = spawn('faketime', [at, 'npx', ...jest], {
    cwd: projectRoot(),
    // Shift the wall clock only: Node's timers and the SDK's deadlines run on the monotonic one.
    env: { ...process.env, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`faketime could not run (${error.message}): run npm run provision to install it.`)));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  // Once for all six runs, on the real clock: each run's global setup finds the bundle and skips bundling.
  await bundleWorkflowsForRun();
  const failed: string[] = [];
  for (const [at, why] of SHIFTED_CLOCKS) {
    console.log(`\n== test:dates: the clock reads ${at} UTC — ${why}`);
    if ((await runShifted(at)) !== 0) failed.push(`${at} UTC (${why})`);
  }
  const passed = SHIFTED_CLOCKS.length - failed.length;
  console.log(`\ntest:dates: the unit and workflow tests passed at ${passed} of ${SHIFTED_CLOCKS.length} shifted clocks.`);
  if (failed.length > 0) {
    console.log(`Failed at:\n${failed.map((line) => `  - ${line}`).join('\n')}`);
    process.exitCode = 1;
  }
}

void main();
