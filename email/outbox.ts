import { createHash, randomUUID } from 'node:crypto';

import type { Db } from '../db/client';
import { Prisma } from '../prisma/generated/client';
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
  /** How long a claim holds unless renewed (tests shorten it); CLAIM_SECONDS by default. */
  claimSeconds?: number;
}

export const OFFICER_ALERT_KIND = 'officer.alert';

function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'corporate-parenting.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

/** A message claimed by one attempt: what it needs to send it. */
interface ClaimedMessage {
  id: string;
  messageId: string;
  toAddress: string;
  toName: string | null;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  attachments: StoredAttachments;
}

/** One attempt's hold on a message: its token, and how long the hold lasts unless renewed. */
interface Claim {
  token: string;
  seconds: number;
}

const CLAIMED_COLUMNS = Prisma.sql`"id", "messageId", "toAddress", "toName", "replyTo", "subject", "html", "text", "attachments"`;

/** Claims are timed by the database's clock, which every worker shares, not by the engine's (possibly pinned) business clock. */
const claimExpiry = (seconds: number) => Prisma.sql`clock_timestamp() + make_interval(secs => ${seconds}::double precision)`;
const CLAIMABLE = Prisma.sql`"Notification"."status" = 'PENDING' AND ("Notification"."claimedUntil" IS NULL OR "Notification"."claimedUntil" <= clock_timestamp())`;

function storedAttachments(request: NotificationRequest): StoredAttachments {
  return {
    calendar: request.calendar,
    files: request.files?.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      contentBase64: file.content.toString('base64'),
    })),
  };
}

const INSERTED_COLUMNS = Prisma.sql`"id", "councilId", "idempotencyKey", "kind", "toAddress", "toName", "replyTo", "subject", "html", "text", "attachments", "messageId"`;

const insertedValues = ({ from }: OutboxDependencies, request: NotificationRequest) =>
  Prisma.sql`gen_random_uuid(), ${request.councilId}::uuid, ${request.idempotencyKey}, ${request.kind}, ${request.to.address},
    ${request.to.name ?? null}, ${request.replyTo ?? null}, ${request.email.subject}, ${request.email.html}, ${request.email.text},
    ${JSON.stringify(storedAttachments(request))}::jsonb, ${messageIdFor(request.idempotencyKey, from)}`;

/** Writes the message under its idempotency key, or finds the one already written: its notification id, in one statement. */
async function enqueue(deps: OutboxDependencies, request: NotificationRequest): Promise<string> {
  const rows = await deps.db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "Notification" (${INSERTED_COLUMNS}) VALUES (${insertedValues(deps, request)})
    ON CONFLICT ("idempotencyKey") DO UPDATE SET "idempotencyKey" = EXCLUDED."idempotencyKey"
    RETURNING "id"`;
  return rows[0]!.id;
}

/**
 * Writes the message (or finds it) and, in the same statement, claims it for
 * this attempt when it is pending and no other attempt's claim holds: the
 * claimed message, or null.
 */
async function enqueueAndClaim(deps: OutboxDependencies, request: NotificationRequest, claim: Claim): Promise<ClaimedMessage | null> {
  const rows = await deps.db.$queryRaw<ClaimedMessage[]>`
    INSERT INTO "Notification" (${INSERTED_COLUMNS}, "attempts", "claimToken", "claimedUntil")
    VALUES (${insertedValues(deps, request)}, 1, ${claim.token}::uuid, ${claimExpiry(claim.seconds)})
    ON CONFLICT ("idempotencyKey") DO UPDATE
      SET "attempts" = "Notification"."attempts" + 1, "claimToken" = EXCLUDED."claimToken", "claimedUntil" = EXCLUDED."claimedUntil"
      WHERE ${CLAIMABLE}
    RETURNING ${CLAIMED_COLUMNS}`;
  return rows[0] ?? null;
}

/** Claims a pending message nobody else holds: the message, or null. */
async function claimMessage({ db }: OutboxDependencies, notificationId: string, claim: Claim): Promise<ClaimedMessage | null> {
  const rows = await db.$queryRaw<ClaimedMessage[]>`
    UPDATE "Notification" SET "attempts" = "attempts" + 1, "claimToken" = ${claim.token}::uuid, "claimedUntil" = ${claimExpiry(claim.seconds)}
    WHERE "id" = ${notificationId}::uuid AND ${CLAIMABLE}
    RETURNING ${CLAIMED_COLUMNS}`;
  return rows[0] ?? null;
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

/** How long a claim holds unless renewed; the sending attempt renews it every third of that while the relay talks. */
const CLAIM_SECONDS = 20;
/** How often an attempt that finds another attempt's claim looks again. */
const CLAIM_POLL_MS = 250;

/**
 * The email outbox. `send` writes the message under its idempotency key (or
 * finds it) and claims it in one statement, sends it holding no database
 * connection, and marks it sent: two round trips. A concurrent attempt finds
 * the claim, waits for the outcome and sends nothing; an attempt that died
 * holding a claim is taken over once the claim lapses (CLAIM_SECONDS). If the
 * process dies after the relay accepted the message but before it was marked
 * sent, the retry sends again with the same Message-ID, which receiving
 * servers use to drop the copy; no protocol closes that last gap.
 */
export function createOutbox(deps: OutboxDependencies) {
  const { db } = deps;
  const claimFor = (): Claim => ({ token: randomUUID(), seconds: deps.claimSeconds ?? CLAIM_SECONDS });

  /** Ends this attempt's claim with its outcome; a claim already lapsed and taken over is left to its new holder. */
  const settle = (notificationId: string, claim: Claim, outcome: Prisma.NotificationUpdateManyMutationInput) =>
    db.notification.updateMany({
      where: { id: notificationId, claimToken: claim.token },
      data: { ...outcome, claimToken: null, claimedUntil: null },
    });

  const renew = (notificationId: string, claim: Claim) => db.$executeRaw`
    UPDATE "Notification" SET "claimedUntil" = ${claimExpiry(claim.seconds)}
    WHERE "id" = ${notificationId}::uuid AND "claimToken" = ${claim.token}::uuid`;

  async function sendClaimed(message: ClaimedMessage, claim: Claim): Promise<DeliveryResult> {
    const renewal = setInterval(() => void renew(message.id, claim).catch(() => undefined), (claim.seconds * 1000) / 3);
    try {
      await deps.mailer.send({
        messageId: message.messageId,
        from: deps.from,
        to: { address: message.toAddress, name: message.toName },
        replyTo: message.replyTo,
        subject: message.subject,
        html: message.html,
        text: message.text,
        calendar: message.attachments.calendar,
        files: message.attachments.files?.map((file) => ({
          filename: file.filename,
          contentType: file.contentType,
          content: Buffer.from(file.contentBase64, 'base64'),
        })),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!(error instanceof PermanentDeliveryError)) {
        await settle(message.id, claim, { lastError: reason });
        throw error;
      }
      await settle(message.id, claim, { status: 'FAILED', lastError: reason });
      await alertOfficersAbout(message.id, reason);
      return { notificationId: message.id, status: 'FAILED' };
    } finally {
      clearInterval(renewal);
    }
    await settle(message.id, claim, { status: 'SENT', sentAt: deps.clock(), lastError: null });
    return { notificationId: message.id, status: 'SENT' };
  }

  /** Claims and sends a message already written; while another attempt holds it, waits for that attempt's outcome. */
  async function deliver(notificationId: string): Promise<DeliveryResult> {
    for (;;) {
      const claim = claimFor();
      const message = await claimMessage(deps, notificationId, claim);
      if (message) return sendClaimed(message, claim);
      const { status } = await db.notification.findUniqueOrThrow({ where: { id: notificationId }, select: { status: true } });
      if (status !== 'PENDING') return { notificationId, status: status === 'SENT' ? 'ALREADY_SENT' : 'FAILED' };
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    }
  }

  /** A permanently undeliverable email is reported to the council's democratic services mailbox. */
  async function alertOfficersAbout(notificationId: string, reason: string): Promise<void> {
    const alert = await undeliverableAlert(db, notificationId, reason);
    if (alert) await send(alert);
  }

  /**
   * Writes and delivers. `withheld` is text the stored copy must not keep
   * once the attempt is over, whatever its outcome (a one-time link of which
   * only a hash is kept): it is replaced there by `replacement`.
   */
  async function send(request: NotificationRequest, withheld?: { text: string; replacement: string }): Promise<DeliveryResult> {
    const claim = claimFor();
    const claimed = await enqueueAndClaim(deps, request, claim);
    const notificationId = claimed?.id ?? (await enqueue(deps, request));
    try {
      return claimed ? await sendClaimed(claimed, claim) : await deliver(notificationId);
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
