import { sleep } from '@temporalio/workflow';

/** The benchmarks' empty workflow: it does nothing but wait, so what it costs is Temporal's alone. */
export async function benchSleeper(milliseconds: number): Promise<void> {
  await sleep(milliseconds);
}
