import type { Client } from '@temporalio/client';

import type { Db } from '../../../db/client';
import type { SmtpSink } from '../../support/smtp-sink';
import type { HeldActivity } from './worker-process';

/** One copy of an email as the sink received it. */
export interface ReceivedCopy {
  messageId: string;
  to: string;
  subject: string;
}

export function receivedCopies(sink: SmtpSink): ReceivedCopy[] {
  return sink.messages.map((message) => {
    const to = Array.isArray(message.to) ? message.to[0] : message.to;
    return { messageId: message.messageId ?? '(none)', to: to?.value[0]?.address ?? '(none)', subject: message.subject ?? '(none)' };
  });
}

/** Every email the engine decided to send, as its outbox (the Notification table) records it. */
export function outboxRows(db: Db) {
  return db.notification.findMany({
    select: { messageId: true, toAddress: true, subject: true, kind: true, status: true, attempts: true, idempotencyKey: true },
    orderBy: { createdAt: 'asc' },
  });
}

export type OutboxRow = Awaited<ReturnType<typeof outboxRows>>[number];

/** How many times each value occurs. */
export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export const recipientAndSubject = (to: string, subject: string) => `${to} | ${subject}`;

/**
 * Waits until the outbox holds at least `count` messages, none pending, the
 * sink holds every one of them, and neither has changed for `quietMs` (so a
 * late duplicate or a late new message would still be seen).
 */
export async function waitUntilDelivered(
  db: Db,
  sink: SmtpSink,
  options: { count: number; timeoutMs: number; quietMs?: number },
): Promise<OutboxRow[]> {
  const quietMs = options.quietMs ?? 3_000;
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  let unchangedSince = Date.now();
  for (;;) {
    const rows = await outboxRows(db);
    const received = new Set(receivedCopies(sink).map((copy) => copy.messageId));
    const pending = rows.filter((row) => row.status === 'PENDING');
    const missing = rows.filter((row) => !received.has(row.messageId));
    const fingerprint = `${rows.length}/${sink.messages.length}`;
    if (fingerprint !== last) {
      last = fingerprint;
      unchangedSince = Date.now();
    }
    if (rows.length >= options.count && pending.length === 0 && missing.length === 0 && Date.now() - unchangedSince >= quietMs) return rows;
    if (Date.now() > deadline) {
      throw new Error(
        `After ${options.timeoutMs} ms the outbox has ${rows.length} message(s) of ${options.count} expected; ${pending.length} pending: ${listed(pending)}; ` +
          `${missing.length} not at the sink: ${listed(missing)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const listed = (rows: OutboxRow[]) => rows.map((row) => `${row.kind} to ${row.toAddress} (${row.idempotencyKey})`).join('; ');

/** The attempt that completed an activity, once it has completed (else null), from the workflow run's history. */
export async function completingAttempt(client: Client, activity: HeldActivity): Promise<number | null> {
  const history = await client.workflow.getHandle(activity.workflowId, activity.runId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityId === activity.activityId);
  if (!scheduled) throw new Error(`Activity ${activity.activityId} is not in the history of ${activity.workflowId}`);
  const scheduledId = String(scheduled.eventId);
  const ofThisActivity = (attributes: { scheduledEventId?: unknown } | null | undefined) =>
    String(attributes?.scheduledEventId) === scheduledId;
  const completed = events.some((event) => ofThisActivity(event.activityTaskCompletedEventAttributes));
  if (!completed) return null;
  const started = events.find((event) => ofThisActivity(event.activityTaskStartedEventAttributes));
  return started?.activityTaskStartedEventAttributes?.attempt ?? null;
}
