import { OFFICER_ALERT_KIND } from '../../email/outbox';
import { eventually } from '../support/eventually';
import { outboxRows, receivedCopies, recipientAndSubject, tally, waitUntilDelivered } from './support/deliveries';
import { createSmallCouncil } from './support/small-council';
import { startEngineStack, type EngineStack } from './support/stack';

jest.setTimeout(240_000);

let stack: EngineStack | null = null;

afterAll(async () => {
  await stack?.close();
});

/**
 * The relay is down (its port refuses connections) when the duties start and
 * their invitations fall due, and stays down until each home's first
 * invitation has failed twice (email activities retry after 10 s, then 20 s,
 * and so on, without limit). Once it is back, every invitation arrives, once;
 * nothing is given up as undeliverable and no officer is alerted, because a
 * relay outage is not a refused address.
 */
test('with the SMTP relay down while invitations fall due, every one arrives once it is back, none FAILED, no officer alerted', async () => {
  stack = await startEngineStack('smtp-outage');
  const { db, sink } = stack;
  const council = await createSmallCouncil(stack.deps);
  await sink.stop();
  const worker = await stack.startWorker();
  worker.go();
  await council.startDuties();

  const failedTwice = await eventually(
    () => outboxRows(db),
    (rows) => rows.filter((row) => row.kind === 'visit.invite' && row.attempts >= 2).length >= council.homes.length,
    60_000,
  );
  expect(failedTwice.filter((row) => row.status !== 'PENDING')).toEqual([]);
  expect(sink.messages).toHaveLength(0);
  await sink.restart();

  const outbox = await waitUntilDelivered(db, sink, { count: council.emailsAtStart, timeoutMs: 60_000 });
  const received = receivedCopies(sink);

  // Every invitation the duties called for: two visitors for each home, and every member to the pledge.
  const assignments = await db.visitAssignment.findMany({ where: { councilId: council.councilId }, include: { member: true } });
  const members = await db.member.findMany({ where: { councilId: council.councilId } });
  expect(assignments).toHaveLength(2 * council.homes.length);
  expect(
    outbox
      .filter((row) => row.kind === 'visit.invite')
      .map((row) => row.toAddress)
      .sort(),
  ).toEqual(assignments.map((assignment) => assignment.member.email).sort());
  expect(
    outbox
      .filter((row) => row.kind === 'pledge.invite')
      .map((row) => row.toAddress)
      .sort(),
  ).toEqual(members.map((member) => member.email).sort());
  expect(outbox).toHaveLength(assignments.length + members.length);

  // All sent, none given up; the first invitations went on the third attempt or later, after the outage.
  expect(outbox.filter((row) => row.status !== 'SENT')).toEqual([]);
  const firstInvites = new Set(failedTwice.filter((row) => row.kind === 'visit.invite').map((row) => row.messageId));
  expect(outbox.filter((row) => firstInvites.has(row.messageId)).every((row) => row.attempts >= 3)).toBe(true);

  // One copy of each at the sink.
  expect(tally(received.map((copy) => copy.messageId))).toEqual(Object.fromEntries(outbox.map((row) => [row.messageId, 1])));
  expect(tally(received.map((copy) => recipientAndSubject(copy.to, copy.subject)))).toEqual(
    tally(outbox.map((row) => recipientAndSubject(row.toAddress, row.subject))),
  );

  // Nothing escalated: no officer alert queued or received, no "not delivered" notice.
  expect(outbox.filter((row) => row.kind === OFFICER_ALERT_KIND)).toEqual([]);
  expect(received.filter((copy) => copy.to === council.alertsEmail || copy.subject.startsWith('Email not delivered'))).toEqual([]);

  // The duties carry on.
  const { programmes, pledgeCampaign } = await council.dutyWorkflowIds();
  for (const workflowId of [...Object.values(programmes), pledgeCampaign]) {
    expect((await stack.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  }
  expect(worker.running()).toBe(true);
});
