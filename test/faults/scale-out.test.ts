import { findFreePort } from '../../stack/ports';
import { DEFAULT_RATE_LIMITS } from '../../web/security';
import { startEngineProcess, waitUntilAnswers, type EngineProcess } from '../support/engine-process';
import { eventually } from '../support/eventually';
import { completingAttempt, receivedCopies, recipientAndSubject, tally, waitUntilDelivered } from './support/deliveries';
import { createSmallCouncil, type SmallCouncil } from './support/small-council';
import { startEngineStack, type EngineStack } from './support/stack';
import type { WorkerProcess } from './support/worker-process';

jest.setTimeout(240_000);

/*
 * The engine scaled out: two worker processes and two web processes on one
 * Postgres and one Temporal dev server, serving three councils. One worker is
 * worker/main.ts itself; the other is built as it is (fault-worker.ts) so the
 * test can kill it at a known moment. Both web processes are web/main.ts.
 */

const AREAS = ['Ashshire', 'Beechshire', 'Cedarshire'];

let stack: EngineStack | null = null;
const processes: EngineProcess[] = [];
let councils: SmallCouncil[];
let mainWorker: EngineProcess;
let healthPort: number;
let healthUrl: string;
let killedWorker: WorkerProcess;
let webUrls: string[];

function start(entry: 'web' | 'worker', port: number, portVariable: string): EngineProcess {
  const engineProcess = startEngineProcess(entry, { ...stack!.settings, [portVariable]: String(port) }, 'source');
  processes.push(engineProcess);
  return engineProcess;
}

beforeAll(async () => {
  stack = await startEngineStack('scale-out');
  const webPorts = await Promise.all([findFreePort(), findFreePort()]);
  healthPort = await findFreePort();
  healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
  webUrls = webPorts.map((port) => `http://127.0.0.1:${port}`);
  const webs = webPorts.map((port) => start('web', port, 'APP_PORT'));
  [killedWorker, councils] = await Promise.all([
    stack.startWorker('hold-after-email-activity'),
    // The worker's start-up reconciliation finds nothing of theirs to start: no programme or campaign has begun.
    (async () => {
      const created: SmallCouncil[] = [];
      for (const area of AREAS) created.push(await createSmallCouncil(stack!.deps, area));
      return created;
    })(),
    ...webs.map((web, index) => waitUntilAnswers(`${webUrls[index]}/readyz`, web)),
  ]);
});

afterAll(async () => {
  await Promise.all(processes.map((engineProcess) => engineProcess.kill()));
  await stack?.close();
});

/**
 * Every council's duties fall due at once (54 invitations in 27 email
 * activities). The burst begins on the fault worker; once it has sent the
 * emails of one activity, and before Temporal hears it finished, worker/main.ts
 * joins and both poll; then the first is killed (SIGKILL). Temporal gives the
 * held activity to the surviving worker, whose retry finds the emails already
 * sent; the rest of the burst goes on there. (Started together, the worker that
 * is ready first can take every activity, and the kill would find none held.)
 */
test('a burst of invitations for three councils, with one of two workers killed mid-burst, reaches the sink exactly once', async () => {
  const { db, sink, client } = stack!;
  const expectedCount = councils.reduce((sum, council) => sum + council.emailsAtStart, 0);
  killedWorker.go();
  await Promise.all(councils.map((council) => council.startDuties()));

  const held = await killedWorker.waitFor('held-after-email-activity');
  mainWorker = start('worker', healthPort, 'WORKER_HEALTH_PORT');
  await waitUntilAnswers(healthUrl, mainWorker);
  await killedWorker.kill();
  await stack!.expireLostAttempt(held.activity);
  const attempt = await eventually(
    () => completingAttempt(client, held.activity),
    (found) => found !== null,
    60_000,
  );
  expect(attempt).toBeGreaterThanOrEqual(2);

  const outbox = await waitUntilDelivered(db, sink, { count: expectedCount, timeoutMs: 60_000 });
  const received = receivedCopies(sink);

  // Each council's members got their own invitations: eighteen for each, as the duties call for.
  expect(outbox).toHaveLength(expectedCount);
  expect(tally(outbox.map((row) => row.toAddress.split('@members.')[1] ?? row.toAddress))).toEqual(
    Object.fromEntries(AREAS.map((area, index) => [`${area.toLowerCase()}.example`, councils[index]!.emailsAtStart])),
  );
  expect(tally(outbox.map((row) => row.kind))).toEqual({ 'visit.invite': 24, 'pledge.invite': 30 });

  // Every one sent in a single attempt, the killed worker's included, and at the sink once: by Message-ID and by recipient and subject.
  expect(outbox.filter((row) => row.status !== 'SENT' || row.attempts !== 1)).toEqual([]);
  expect(held.messageIds.filter((id) => !outbox.some((row) => row.messageId === id))).toEqual([]);
  expect(tally(received.map((copy) => copy.messageId))).toEqual(Object.fromEntries(outbox.map((row) => [row.messageId, 1])));
  expect(tally(received.map((copy) => recipientAndSubject(copy.to, copy.subject)))).toEqual(
    tally(outbox.map((row) => recipientAndSubject(row.toAddress, row.subject))),
  );

  // The surviving worker is still polling.
  expect(await waitUntilAnswers(healthUrl, mainWorker)).toEqual({ status: 'ok', worker: 'RUNNING' });
});

/**
 * Requests from one address to members' link pages, alternately to each web
 * process: each process sees only half the limit's worth, yet the request
 * after the limit is refused by both, because the count is in Postgres.
 */
test('a rate limit holds across both web processes: requests spread over the two count as one', async () => {
  const { max } = DEFAULT_RATE_LIMITS.memberLinks;
  const statuses: number[] = [];
  for (let request = 0; request < max; request += 1) {
    statuses.push((await fetch(`${webUrls[request % 2]}/m/not-a-real-link`)).status);
  }
  expect(statuses.filter((status) => status === 429)).toEqual([]);
  const after = await Promise.all(webUrls.map((url) => fetch(`${url}/m/not-a-real-link`)));
  expect(after.map((response) => response.status)).toEqual([429, 429]);
  expect(await after[0]!.text()).toContain('Too many requests');
});
