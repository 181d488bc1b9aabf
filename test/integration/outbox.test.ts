import { createOutbox, type NotificationRequest } from '../../email/outbox';
import { renderEmail } from '../../email/layout';
import type { Mailer } from '../../email/mailer';
import { TEST_MAIL_FROM } from '../support/activities';
import { startDirectActivities, type DirectActivities } from '../support/direct-activities';
import { createCouncil } from '../support/fixtures';
import type { SmtpSink } from '../support/smtp-sink';

let direct: DirectActivities;
let sink: SmtpSink;
let councilId: string;

beforeAll(async () => {
  direct = await startDirectActivities();
  ({ sink } = direct);
  councilId = (await createCouncil(direct.db)).id;
});

afterAll(async () => {
  await direct?.close();
});

beforeEach(() => {
  sink.messages.length = 0;
  sink.refuseRecipientsMatching(null);
});

let counter = 0;
function request(to = 'cllr.rivers@members.example'): NotificationRequest {
  counter += 1;
  return {
    councilId,
    idempotencyKey: `test:${counter}:${Date.now()}`,
    kind: 'test.message',
    to: { address: to, name: 'Councillor Rivers' },
    email: renderEmail(
      { subject: `Reminder ${counter}`, preview: 'A reminder', greeting: 'Dear Councillor Rivers,', paragraphs: ['Please visit.'] },
      { signOff: 'Democratic Services' },
    ),
  };
}

const outbox = () => createOutbox({ db: direct.db, mailer: direct.mailer, from: TEST_MAIL_FROM, clock: () => new Date() });

test('sending the same notification twice delivers one email and records it as sent', async () => {
  const message = request();
  const first = await outbox().send(message);
  const second = await outbox().send(message);

  expect(first.status).toBe('SENT');
  expect(second).toEqual({ notificationId: first.notificationId, status: 'ALREADY_SENT' });
  expect(sink.messages).toHaveLength(1);
  const row = await direct.db.notification.findUniqueOrThrow({ where: { id: first.notificationId } });
  expect(row).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
  expect(sink.messages[0]!.messageId).toBe(row.messageId);
});

test('concurrent attempts at the same notification deliver exactly one email', async () => {
  const id = await outbox().enqueue(request());
  const results = await Promise.all(Array.from({ length: 5 }, () => outbox().deliver(id)));

  expect(results.filter((result) => result.status === 'SENT')).toHaveLength(1);
  expect(results.filter((result) => result.status === 'ALREADY_SENT')).toHaveLength(4);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(sink.messages).toHaveLength(1);
});

test('a relay outage leaves the email pending with the error, and the retry after it delivers it once', async () => {
  const id = await outbox().enqueue(request());
  await sink.stop();
  await expect(outbox().deliver(id)).rejects.toThrow();
  const pending = await direct.db.notification.findUniqueOrThrow({ where: { id } });
  expect(pending).toMatchObject({ status: 'PENDING', attempts: 1 });
  expect(pending.lastError).toMatch(/ECONNREFUSED|connect/i);

  await sink.restart();
  await expect(outbox().deliver(id)).resolves.toMatchObject({ status: 'SENT' });
  expect(sink.messages).toHaveLength(1);
  expect(await direct.db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'SENT', attempts: 2 });
});

test('an address the relay refuses is marked failed, not retried, and democratic services are told', async () => {
  sink.refuseRecipientsMatching('no-such-councillor');
  const result = await outbox().send(request('no-such-councillor@members.example'));

  expect(result.status).toBe('FAILED');
  const failed = await direct.db.notification.findUniqueOrThrow({ where: { id: result.notificationId } });
  expect(failed.status).toBe('FAILED');
  expect(failed.lastError).toMatch(/550|mailbox unavailable/);
  await sink.waitForMessages(1);
  expect(sink.messages[0]!.subject).toBe(`Email not delivered: ${failed.subject}`);
  expect(sink.messages[0]!.text).toContain('no-such-councillor@members.example');
  expect((await outbox().deliver(result.notificationId)).status).toBe('FAILED');
});

test('if the process dies after the relay accepted but before the commit, the resend carries the same Message-ID', async () => {
  const id = await outbox().enqueue(request());
  const dyingMailer: Mailer = {
    async send(email) {
      await direct.mailer.send(email);
      throw new Error('worker killed between SMTP delivery and marking');
    },
    close: () => undefined,
  };
  const dying = createOutbox({ db: direct.db, mailer: dyingMailer, from: TEST_MAIL_FROM, clock: () => new Date() });
  await expect(dying.deliver(id)).rejects.toThrow('worker killed');
  expect(await direct.db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'PENDING' });

  await outbox().deliver(id);
  expect(sink.messages).toHaveLength(2);
  expect(sink.messages[1]!.messageId).toBe(sink.messages[0]!.messageId);
});

test('no database transaction stays open while the relay talks', async () => {
  const openTransactions: number[] = [];
  const watchingMailer: Mailer = {
    async send(email) {
      const [row] = await direct.db.$queryRaw<Array<{ open: number }>>`
        SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
      openTransactions.push(row!.open);
      return direct.mailer.send(email);
    },
    close: () => undefined,
  };
  const watched = createOutbox({ db: direct.db, mailer: watchingMailer, from: TEST_MAIL_FROM, clock: () => new Date() });

  await expect(watched.send(request())).resolves.toMatchObject({ status: 'SENT' });
  expect(openTransactions).toEqual([0]);
});

test('an attempt that died holding its claim is taken over once the claim lapses, and the email goes once', async () => {
  const id = await outbox().enqueue(request());
  await direct.db.$executeRaw`
    UPDATE "Notification" SET "claimToken" = gen_random_uuid(), "claimedUntil" = clock_timestamp() + interval '1 second' WHERE id = ${id}::uuid`;

  const [takeover, waiting] = await Promise.all([outbox().deliver(id), outbox().deliver(id)]);

  expect([takeover.status, waiting.status].sort()).toEqual(['ALREADY_SENT', 'SENT']);
  expect(sink.messages).toHaveLength(1);
  expect(await direct.db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'SENT',
    claimToken: null,
    claimedUntil: null,
  });
});
