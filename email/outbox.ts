import { createHash } from 'node:crypto';

import type { Db } from '../db/client';
import type { Prisma } from '../prisma/generated/client';
import type { CalendarAttachment } from './calendar-invite';
import type { RenderedEmail } from './layout';
import { PermanentDeliveryError, type FileAttachment, type Mailer } from './mailer';
import { officerAlertEmail } from './templates/alerts';

export interface NotificationRequest {
  councilId: string;
  /** e.g. "visit:<id>:reminder:14d"; the same key never sends twice. */
  idempotencyKey: string;
  /** A short machine name for the kind of message, e.g. "visit.invite". */
  kind: string;
  to: { address: string; name?: string | null };
  /** Where replies go, when not to the From address (e.g. the council's democratic services mailbox). */
  replyTo?: string | null;
  email: RenderedEmail;
  calendar?: CalendarAttachment;
  files?: FileAttachment[];
}

export type DeliveryStatus = 'SENT' | 'ALREADY_SENT' | 'FAILED';

/** What a workflow learns about a delivery: IDs and a status, never the message. */
export interface DeliveryResult {
  notificationId: string;
  status: DeliveryStatus;
}

interface StoredAttachments {
  calendar?: CalendarAttachment;
  files?: Array<{ filename: string; contentType: string; contentBase64: string }>;
}

export interface OutboxDependencies {
  db: Db;
  mailer: Mailer;
  /** The From header, e.g. "Democratic Services <democratic.services@council.gov.uk>". */
  from: string;
  clock: () => Date;
}

export const OFFICER_ALERT_KIND = 'officer.alert';

function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'corporate-parenting.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/** Writes the message under its idempotency key, or finds the one already written: its notification id. */
async function enqueue({ db, from }: OutboxDependencies, request: NotificationRequest): Promise<string> {
  const stored: StoredAttachments = {
    calendar: request.calendar,
    files: request.files?.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      contentBase64: file.content.toString('base64'),
    })),
  };
  await db.notification.createMany({
    data: [
      {
        councilId: request.councilId,
        idempotencyKey: request.idempotencyKey,
        kind: request.kind,
        toAddress: request.to.address,
        toName: request.to.name ?? null,
        replyTo: request.replyTo ?? null,
        subject: request.email.subject,
        html: request.email.html,
        text: request.email.text,
        attachments: stored as Prisma.InputJsonObject,
        messageId: messageIdFor(request.idempotencyKey, from),
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.notification.findUniqueOrThrow({ where: { idempotencyKey: request.idempotencyKey }, select: { id: true } });
  return row.id;
}

/** Sends a pending message and marks it sent, holding its row lock throughout; a message already sent is left alone. */
async function sendUnderLock({ db, mailer, from, clock }: OutboxDependencies, notificationId: string): Promise<'SENT' | 'ALREADY_SENT'> {
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<
        Array<{ status: string }>
      >`SELECT status FROM "Notification" WHERE id = ${notificationId}::uuid FOR UPDATE`;
      if (locked[0]?.status !== 'PENDING') return 'ALREADY_SENT' as const;
      const row = await tx.notification.findUniqueOrThrow({ where: { id: notificationId } });
      const attachments = row.attachments as StoredAttachments;
      await mailer.send({
        messageId: row.messageId,
        from,
        to: { address: row.toAddress, name: row.toName },
        replyTo: row.replyTo,
        subject: row.subject,
        html: row.html,
        text: row.text,
        calendar: attachments.calendar,
        files: attachments.files?.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: Buffer.from(file.contentBase64, 'base64'),
        })),
      });
      await tx.notification.update({ where: { id: notificationId }, data: { status: 'SENT', sentAt: clock(), lastError: null } });
      return 'SENT' as const;
    },
    // The transaction spans one SMTP exchange; a slow relay must not abort it.
    { maxWait: 60_000, timeout: 120_000 },
  );
}

/** The alert to democratic services about a message the relay refused for good; none about an alert itself. */
async function undeliverableAlert(db: Db, notificationId: string, reason: string): Promise<NotificationRequest | null> {
  const failed = await db.notification.findUniqueOrThrow({
    where: { id: notificationId },
    select: {
      kind: true,
      idempotencyKey: true,
      toAddress: true,
      subject: true,
      councilId: true,
      council: { select: { name: true, alertsEmail: true } },
    },
  });
  if (failed.kind === OFFICER_ALERT_KIND) return null;
  return {
    councilId: failed.councilId,
    idempotencyKey: `${failed.idempotencyKey}:undeliverable-alert`,
    kind: OFFICER_ALERT_KIND,
    to: { address: failed.council.alertsEmail, name: 'Democratic Services' },
    email: officerAlertEmail({
      subject: `Email not delivered: ${failed.subject}`,
      preview: `The message to ${failed.toAddress} was refused and will not be retried.`,
      paragraphs: [
        'An email from the Corporate Parenting Engine could not be delivered and will not be retried.',
        "Check the address on the recipient's record, correct it, and send the message again.",
      ],
      facts: [
        ['To', failed.toAddress],
        ['Subject', failed.subject],
        ['Reason', reason],
      ],
      councilName: failed.council.name,
    }),
  };
}

/**
 * The email outbox. `send` writes the message under its idempotency key (or
 * finds it), then sends and marks it sent inside one transaction that holds
 * the row lock: a retried or concurrent attempt waits, sees SENT, and sends
 * nothing. If the process dies after the relay accepted the message but before
 * the commit, the retry sends again with the same Message-ID, which receiving
 * servers use to drop the copy; no protocol closes that last gap.
 */
export function createOutbox(deps: OutboxDependencies) {
  const { db } = deps;

  async function deliver(notificationId: string): Promise<DeliveryResult> {
    const counted = await db.notification.updateMany({
      where: { id: notificationId, status: 'PENDING' },
      data: { attempts: { increment: 1 } },
    });
    if (counted.count === 0) {
      const row = await db.notification.findUniqueOrThrow({ where: { id: notificationId }, select: { status: true } });
      return { notificationId, status: row.status === 'SENT' ? 'ALREADY_SENT' : 'FAILED' };
    }
    try {
      return { notificationId, status: await sendUnderLock(deps, notificationId) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentDeliveryError) {
        await db.notification.update({ where: { id: notificationId }, data: { status: 'FAILED', lastError: message } });
        await alertOfficersAbout(notificationId, message);
        return { notificationId, status: 'FAILED' };
      }
      await db.notification.update({ where: { id: notificationId }, data: { lastError: message } });
      throw error;
    }
  }

  /** A permanently undeliverable email is reported to the council's democratic services mailbox. */
  async function alertOfficersAbout(notificationId: string, reason: string): Promise<void> {
    const alert = await undeliverableAlert(db, notificationId, reason);
    if (alert) await deliver(await enqueue(deps, alert));
  }

  /**
   * Enqueues and delivers. `withheld` is text the stored copy must not keep
   * once the attempt is over, whatever its outcome (a one-time link of which
   * only a hash is kept): it is replaced there by `replacement`.
   */
  async function send(request: NotificationRequest, withheld?: { text: string; replacement: string }): Promise<DeliveryResult> {
    const notificationId = await enqueue(deps, request);
    try {
      return await deliver(notificationId);
    } finally {
      if (withheld) await withholdFromCopy(notificationId, withheld);
    }
  }

  async function withholdFromCopy(notificationId: string, withheld: { text: string; replacement: string }): Promise<void> {
    const copy = await db.notification.findUniqueOrThrow({ where: { id: notificationId }, select: { html: true, text: true } });
    await db.notification.update({
      where: { id: notificationId },
      data: {
        html: copy.html.replaceAll(withheld.text, withheld.replacement),
        text: copy.text.replaceAll(withheld.text, withheld.replacement),
      },
    });
  }

  return { enqueue: (request: NotificationRequest) => enqueue(deps, request), deliver, send };
}

export type Outbox = ReturnType<typeof createOutbox>;
