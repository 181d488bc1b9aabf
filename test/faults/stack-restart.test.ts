import { OFFICER_ALERT_KIND } from '../../email/outbox';
import { registerMember } from '../../services/members';
import { answerVisit } from '../../services/visits/visits';
import { assignmentAnswered, programmeState } from '../../workflows';
import { eventually } from '../support/eventually';
import { receivedCopies, recipientAndSubject, tally, waitUntilDelivered, type OutboxRow } from './support/deliveries';
import { createSmallCouncil, type SmallCouncil } from './support/small-council';
import { startEngineStack, type EngineStack } from './support/stack';

jest.setTimeout(240_000);

let stack: EngineStack | null = null;

afterAll(async () => {
  await stack?.close();
});

/** Everyone invited to a home's visit so far, first invited first. */
function visitorsOf(engine: EngineStack, council: SmallCouncil, homeKey: string) {
  return engine.db.visitAssignment.findMany({
    where: { councilId: council.councilId, visit: { establishment: { key: homeKey } } },
    include: { member: true },
    orderBy: [{ invitedAt: 'asc' }, { id: 'asc' }],
  });
}

type Visitor = Awaited<ReturnType<typeof visitorsOf>>[number];

/** What the outbox added since `before`, as "kind to address". */
const added = (before: OutboxRow[], after: OutboxRow[]) =>
  after
    .filter((row) => !before.some((old) => old.messageId === row.messageId))
    .map((row) => `${row.kind} to ${row.toAddress}`)
    .sort();

/**
 * After the first of a home's visitors declined: the three emails that follow
 * (a cancellation to them, an alert to the officers, an invitation to a
 * replacement not asked before) arrive after those `delivered`, and the visit
 * has the replacement. Returns the outbox then.
 */
async function expectReplaced(
  engine: EngineStack,
  council: SmallCouncil,
  visit: { homeKey: string; before: Visitor[]; delivered: OutboxRow[] },
): Promise<OutboxRow[]> {
  const decliner = visit.before[0]!;
  const outbox = await waitUntilDelivered(engine.db, engine.sink, { count: visit.delivered.length + 3, timeoutMs: 60_000 });
  const after = await visitorsOf(engine, council, visit.homeKey);
  expect(after.map((visitor) => visitor.status)).toEqual(['DECLINED', 'INVITED', 'INVITED']);
  const replacement = after[2]!;
  expect(visit.before.map((visitor) => visitor.memberId)).not.toContain(replacement.memberId);
  expect(added(visit.delivered, outbox)).toEqual(
    [
      `visit.cancel to ${decliner.member.email}`,
      `${OFFICER_ALERT_KIND} to ${council.alertsEmail}`,
      `visit.invite to ${replacement.member.email}`,
    ].sort(),
  );
  return outbox;
}

/** Every email in the outbox sent, and received once: by Message-ID, and by recipient and subject. */
function expectEverythingSentOnce(engine: EngineStack, outbox: OutboxRow[]): void {
  const received = receivedCopies(engine.sink);
  expect(outbox.filter((row) => row.status !== 'SENT')).toEqual([]);
  expect(tally(received.map((copy) => copy.messageId))).toEqual(Object.fromEntries(outbox.map((row) => [row.messageId, 1])));
  expect(tally(received.map((copy) => recipientAndSubject(copy.to, copy.subject)))).toEqual(
    tally(outbox.map((row) => recipientAndSubject(row.toAddress, row.subject))),
  );
}

/**
 * The duties run on a worker process that is never restarted. The Temporal
 * dev server is killed (SIGKILL) and started again on the same SQLite file,
 * then Postgres is stopped (fast shutdown, every connection cut) and started
 * again. After each, a member declines a visit and the programme that has
 * been waiting since before the restarts replaces them; after both, a new
 * member joins and the pledge campaign invites them. Every email is sent
 * once, and the same workflow runs are still going.
 */
test('after the Temporal dev server and Postgres restart, every duty carries on from where it was, sending nothing twice', async () => {
  stack = await startEngineStack('restarts');
  const engine = stack;
  const { db, sink, client } = engine;
  const council = await createSmallCouncil(engine.deps);
  const worker = await engine.startWorker();
  worker.go();
  await council.startDuties();
  const atStart = await waitUntilDelivered(db, sink, { count: council.emailsAtStart, timeoutMs: 60_000 });
  expect(tally(atStart.map((row) => row.kind))).toEqual(council.invitationsAtStart);
  const { programmes, pledgeCampaign } = await council.dutyWorkflowIds();
  const duties = [...Object.values(programmes), pledgeCampaign];
  const runsOf = () => Promise.all(duties.map(async (workflowId) => (await client.workflow.getHandle(workflowId).describe()).runId));
  const runs = await runsOf();

  // The Temporal dev server crashes and comes back with its SQLite file; then a member declines through their link.
  await engine.temporal.stop('SIGKILL');
  await engine.temporal.start();
  const oakfieldBefore = await visitorsOf(engine, council, 'oakfield');
  const oakfieldDecliner = oakfieldBefore[0]!;
  await answerVisit(
    engine.deps,
    {
      purpose: 'visit',
      councilId: council.councilId,
      subjectId: oakfieldDecliner.id,
      memberId: oakfieldDecliner.memberId,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    { answer: 'decline', reason: 'I am away that month' },
  );
  const afterTemporal = await expectReplaced(engine, council, { homeKey: 'oakfield', before: oakfieldBefore, delivered: atStart });

  // A decline is recorded, then Postgres goes down, and the programme hears of the decline while it is down
  // (as answerVisit records it and then signals): its activities fail and retry until Postgres is back.
  const willowBefore = await visitorsOf(engine, council, 'willow');
  const willowDecliner = willowBefore[0]!;
  await db.visitAssignment.update({ where: { id: willowDecliner.id }, data: { status: 'DECLINED', respondedAt: new Date() } });
  await engine.postgres.stop();
  await client.workflow.getHandle(programmes.willow!).signal(assignmentAnswered, { assignmentId: willowDecliner.id });
  await eventually(
    async () => (await client.workflow.getHandle(programmes.willow!).describe()).raw.pendingActivities ?? [],
    (pending) => pending.some((activity) => (activity.attempt ?? 0) >= 2),
    30_000,
  );
  await engine.postgres.start();
  const afterPostgres = await expectReplaced(engine, council, { homeKey: 'willow', before: willowBefore, delivered: afterTemporal });

  // The pledge campaign, waiting since before both restarts, invites a member who joins now.
  await registerMember(engine.deps, council.officer, {
    reference: 'NEW01',
    givenName: 'Kit',
    familyName: 'Newcomer',
    email: 'kit.newcomer@members.testshire.example',
    roles: ['COUNCILLOR'],
    joinedOn: (await db.member.findFirstOrThrow({ where: { councilId: council.councilId } })).joinedOn.toISOString().slice(0, 10),
  });
  const outbox = await waitUntilDelivered(db, sink, { count: afterPostgres.length + 1, timeoutMs: 60_000 });
  expect(added(afterPostgres, outbox)).toEqual(['pledge.invite to kit.newcomer@members.testshire.example']);

  expectEverythingSentOnce(engine, outbox);

  // The same runs carry on, each programme with its visit open, on the worker that lived through it all.
  expect(await runsOf()).toEqual(runs);
  for (const workflowId of duties) {
    expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
  }
  for (const workflowId of Object.values(programmes)) {
    expect(await client.workflow.getHandle(workflowId).query(programmeState)).toMatchObject({ phase: 'RUNNING' });
  }
  expect(worker.running()).toBe(true);
});
