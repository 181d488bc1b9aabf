import { eventually } from '../support/eventually';
import {
  completingAttempt,
  receivedCopies,
  recipientAndSubject,
  tally,
  waitUntilDelivered,
  type OutboxRow,
  type ReceivedCopy,
} from './support/deliveries';
import { createSmallCouncil } from './support/small-council';
import { startEngineStack, type EngineStack } from './support/stack';
import type { HeldActivity } from './support/worker-process';

jest.setTimeout(240_000);

/** Workers killed in each test: two tests, so twelve kill -9s in a run. */
const KILLS = 6;

interface Kill {
  activity: HeldActivity;
  /** The messages the relay had accepted from the killed attempt. */
  messageIds: string[];
}

interface KilledRun {
  kills: Kill[];
  /** The attempt that finally completed each killed activity. */
  completingAttempts: number[];
  /** How many emails of each kind the duties should have sent. */
  expectedKinds: Record<string, number>;
  outbox: OutboxRow[];
  received: ReceivedCopy[];
}

let stack: EngineStack | null = null;

afterEach(async () => {
  await stack?.close();
  stack = null;
});

/**
 * A small council's duties started (eighteen invitations, in nine email
 * activities, fall due at once), with the worker process killed (SIGKILL)
 * `KILLS` times, each at the moment `fault` holds it. Each successor loaded
 * while its predecessor ran and starts polling once the predecessor is dead;
 * the last runs without faults. Returns once every killed activity has been
 * retried to completion and every email in the outbox is at the sink.
 */
async function runDutiesKillingTheWorker(
  engine: EngineStack,
  fault: 'hold-after-smtp-accept' | 'hold-after-email-activity',
): Promise<KilledRun> {
  const council = await createSmallCouncil(engine.deps);
  const kills: Kill[] = [];
  let current = await engine.startWorker(fault);
  let successor = engine.startWorker(KILLS > 1 ? fault : 'none');
  current.go();
  await council.startDuties();

  for (let n = 1; n <= KILLS; n += 1) {
    const held = await current.waitFor(fault === 'hold-after-smtp-accept' ? 'held-after-smtp-accept' : 'held-after-email-activity');
    await current.kill();
    kills.push({ activity: held.activity, messageIds: 'messageId' in held ? [held.messageId] : held.messageIds });
    await engine.expireLostAttempt(held.activity);
    current = await successor;
    if (n < KILLS) successor = engine.startWorker(n + 1 < KILLS ? fault : 'none');
    current.go(kills.flatMap((kill) => kill.messageIds));
  }

  const completingAttempts: number[] = [];
  for (const kill of kills) {
    const attempt = await eventually(
      () => completingAttempt(engine.client, kill.activity),
      (found) => found !== null,
      90_000,
    );
    completingAttempts.push(attempt ?? 0);
  }
  const outbox = await waitUntilDelivered(engine.db, engine.sink, { count: council.emailsAtStart, timeoutMs: 30_000 });
  return { kills, completingAttempts, expectedKinds: council.invitationsAtStart, outbox, received: receivedCopies(engine.sink) };
}

test('killed after the email was sent and marked sent, before Temporal heard: every email arrives exactly once', async () => {
  stack = await startEngineStack('kill-after-activity');
  const { kills, completingAttempts, expectedKinds, outbox, received } = await runDutiesKillingTheWorker(
    stack,
    'hold-after-email-activity',
  );

  // Each kill interrupted an activity that had sent email, and Temporal ran it again on a later worker.
  expect(kills).toHaveLength(KILLS);
  expect(kills.filter((kill) => kill.messageIds.length === 0)).toEqual([]);
  expect(completingAttempts.filter((attempt) => attempt < 2)).toEqual([]);

  // The outbox holds every invitation the duties call for; the retries found each ALREADY_SENT,
  // so every one was handed to the relay in a single attempt and is marked sent.
  expect(tally(outbox.map((row) => row.kind))).toEqual(expectedKinds);
  expect(outbox.filter((row) => row.status !== 'SENT' || row.attempts !== 1)).toEqual([]);
  const outboxIds = outbox.map((row) => row.messageId);
  expect(kills.flatMap((kill) => kill.messageIds).filter((id) => !outboxIds.includes(id))).toEqual([]);

  // Exactly one copy of each at the sink, by Message-ID and by recipient and subject.
  expect(tally(received.map((copy) => copy.messageId))).toEqual(Object.fromEntries(outboxIds.map((id) => [id, 1])));
  expect(tally(received.map((copy) => recipientAndSubject(copy.to, copy.subject)))).toEqual(
    tally(outbox.map((row) => recipientAndSubject(row.toAddress, row.subject))),
  );
});

/**
 * Killed after the relay accepted a message but before the outbox committed
 * it as sent, the transaction rolls back and the retry sends the message
 * again. No protocol closes that gap, so delivery here is at-least-once with
 * the same Message-ID: the resend carries the original's Message-ID, by which
 * receiving servers and mail clients drop the copy. Nothing is lost, and the
 * only extra copies are of the interrupted messages, one each.
 */
test('killed after the relay accepted, before the outbox committed: nothing lost, each resend has the original Message-ID', async () => {
  stack = await startEngineStack('kill-after-smtp');
  const { kills, completingAttempts, expectedKinds, outbox, received } = await runDutiesKillingTheWorker(stack, 'hold-after-smtp-accept');

  const interrupted = kills.flatMap((kill) => kill.messageIds);
  expect(new Set(interrupted).size).toBe(KILLS);
  expect(completingAttempts.filter((attempt) => attempt < 2)).toEqual([]);

  // Every invitation is in the outbox and sent; the interrupted ones took two attempts, the rest one.
  expect(tally(outbox.map((row) => row.kind))).toEqual(expectedKinds);
  expect(outbox.filter((row) => row.status !== 'SENT')).toEqual([]);
  expect(outbox.filter((row) => row.attempts !== (interrupted.includes(row.messageId) ? 2 : 1))).toEqual([]);

  // Distinct Message-IDs at the sink are exactly the outbox's messages: two copies of each interrupted one, one of every other.
  const outboxIds = outbox.map((row) => row.messageId);
  expect(tally(received.map((copy) => copy.messageId))).toEqual(
    Object.fromEntries(outboxIds.map((id) => [id, interrupted.includes(id) ? 2 : 1])),
  );
  // Each duplicate is the same email to the same person as its original.
  for (const id of interrupted) {
    const copies = received.filter((copy) => copy.messageId === id);
    expect(new Set(copies.map((copy) => recipientAndSubject(copy.to, copy.subject))).size).toBe(1);
  }
  // By recipient and subject, the sink has what the outbox sent plus one resend of each interrupted message.
  const expected = tally(outbox.map((row) => recipientAndSubject(row.toAddress, row.subject)));
  for (const row of outbox.filter((candidate) => interrupted.includes(candidate.messageId))) {
    const key = recipientAndSubject(row.toAddress, row.subject);
    expected[key] = (expected[key] ?? 0) + 1;
  }
  expect(tally(received.map((copy) => recipientAndSubject(copy.to, copy.subject)))).toEqual(expected);
});
