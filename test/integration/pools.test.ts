import { randomUUID } from 'node:crypto';

import { toDbDate } from '../../domain/calendar';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../services/errors';
import { endPoolMembership, importPoolMembers, listPools, poolMembers, registerPool } from '../../services/visits/pools';
import { visitProgramme, visitProgrammeWorkflowId } from '../../workflows/visit-programme';
import { createCouncil, createMember, createMembersToFind, createOfficer } from '../support/fixtures';
import { inputErrorOf } from '../support/input-error';
import { useTestCouncil } from '../support/services';
import { useCouncilApi } from '../support/web-app';

/** Today in these tests: Monday 23 November 2026. */
const NOW = new Date('2026-11-23T12:00:00Z');
// No worker polls this queue: the tests check that programmes are signalled, not what they then do.
const TASK_QUEUE = 'pools-test-no-worker';

const council = useTestCouncil({ taskQueue: TASK_QUEUE, clock: () => NOW });

/** A freshly registered pool, so each test starts from an empty one. */
async function newPool(actor = council.officer) {
  return registerPool(council.deps, actor, {
    key: `reg33-${randomUUID().slice(0, 8)}`,
    name: 'Regulation 33 visiting pool',
    purpose: 'REG33_HOMES',
    approvedBy: 'Cabinet',
    approvedOn: '2026-05-19',
  });
}

const csvOf = (...rows: string[]) => ['member_reference,email,from,to', ...rows].join('\n');

const poolIdOf = async (key: string) => (await council.db.pool.findFirstOrThrow({ where: { key }, select: { id: true } })).id;

const membershipCount = async (poolKey: string) => council.db.poolMembership.count({ where: { pool: { key: poolKey } } });

test('an officer registers a pool agreed by Cabinet and sees it listed with its approval and nobody in it yet', async () => {
  const pool = await newPool();

  const listed = (await listPools(council.deps, council.officer)).find((candidate) => candidate.key === pool.key);
  expect(listed).toEqual({
    key: pool.key,
    name: 'Regulation 33 visiting pool',
    purpose: 'REG33_HOMES',
    approvedBy: 'Cabinet',
    approvedOn: '2026-05-19',
    membersNow: 0,
  });
  expect(await council.db.auditEvent.count({ where: { action: 'pool.registered', entityId: await poolIdOf(pool.key) } })).toBe(1);
});

test('registering a second pool with a key already in use is refused, saying to choose another key', async () => {
  const pool = await newPool();
  const again = registerPool(council.deps, council.officer, { ...pool, name: 'Another pool' });
  await expect(again).rejects.toThrow(ConflictError);
  await expect(again).rejects.toThrow(`A pool with key "${pool.key}" is already registered in this council; choose another key`);
});

test('a pool key that is not a lower-case slug and a date not written YYYY-MM-DD are refused, each with its fix', async () => {
  const error = await inputErrorOf(
    registerPool(council.deps, council.officer, {
      key: 'Reg 33',
      name: 'Pool',
      purpose: 'REG33_HOMES',
      approvedBy: 'Cabinet',
      approvedOn: '19/05/2026',
    }),
  );
  expect(error.problems).toEqual([
    { field: 'key', message: 'must be lower-case letters, digits and hyphens, e.g. reg33-pool' },
    { field: 'approvedOn', message: 'must be a date written YYYY-MM-DD, e.g. 2026-05-21' },
  ]);
});

test('importing a CSV adds each member with the dates given, found by reference or email, and the list counts who is in the pool today', async () => {
  const pool = await newPool();
  const { byReference, byEmail, byBoth } = await createMembersToFind(council.db, council.id);
  const csv = csvOf(
    `${byReference.reference},,2026-06-01,`,
    `,${byEmail.email.toUpperCase()},2026-12-01,`,
    `${byBoth.reference},${byBoth.email},2026-01-05,2026-03-31`,
    `${byBoth.reference},,2026-11-01,2026-11-23`,
  );

  expect(await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv })).toEqual({ added: 4, poolName: pool.name });

  const { members, on } = await poolMembers(council.deps, council.officer, { poolKey: pool.key });
  expect(on).toBe('2026-11-23');
  expect(members).toEqual([
    {
      reference: byReference.reference,
      name: 'Councillor Alex Adebayo',
      email: byReference.email,
      inPool: true,
      spells: [{ from: '2026-06-01', to: null }],
    },
    {
      reference: byEmail.reference,
      name: 'Councillor Alex Brennan',
      email: byEmail.email,
      inPool: false,
      spells: [{ from: '2026-12-01', to: null }],
    },
    {
      reference: byBoth.reference,
      name: 'Councillor Alex Chowdhury',
      email: byBoth.email,
      inPool: true,
      spells: [
        { from: '2026-01-05', to: '2026-03-31' },
        { from: '2026-11-01', to: '2026-11-23' },
      ],
    },
  ]);
  const listed = (await listPools(council.deps, council.officer)).find((candidate) => candidate.key === pool.key);
  expect(listed?.membersNow).toBe(2);
  const audit = await council.db.auditEvent.findFirstOrThrow({
    where: { action: 'pool.members-imported', entityId: await poolIdOf(pool.key) },
  });
  expect(audit.details).toEqual({ added: 4 });
});

/** Members for a file with every kind of mistake, and the file as first written and as corrected. */
async function membersAndFiles() {
  const pool = await newPool();
  const stayer = await createMember(council.db, council.id);
  const leaver = await createMember(council.db, council.id);
  const newcomer = await createMember(council.db, council.id);
  await council.db.member.update({ where: { id: leaver.id }, data: { leftOn: toDbDate('2026-05-04') } });
  const mistaken = csvOf(
    `${stayer.reference},,2026-06-01,2026-09-30`,
    'NM999,,2026-06-01,',
    `${leaver.reference},,2026-05-04,`,
    `${newcomer.reference},not-an-email,2026-06-01,`,
    `,${stayer.email},2026-09-01,`,
    `${newcomer.reference},,2026-07-01,2026-06-30`,
    `${newcomer.reference},${stayer.email},2026-06-01,`,
  );
  const corrected = csvOf(
    `${stayer.reference},,2026-06-01,2026-09-30`,
    `${leaver.reference},,2026-01-05,2026-05-03`,
    `${newcomer.reference},${newcomer.email},2026-06-01,2026-06-30`,
    `,${stayer.email},2026-10-01,`,
  );
  return { pool, stayer, leaver, newcomer, mistaken, corrected };
}

test('a CSV with several bad rows is refused as a whole, naming every problem by row, and nothing is written', async () => {
  const { pool, stayer, leaver, newcomer, mistaken } = await membersAndFiles();
  const auditBefore = await council.db.auditEvent.count({ where: { action: 'pool.members-imported' } });

  const error = await inputErrorOf(importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: mistaken }));

  expect(error.message).toMatch(/^The file has 6 problem\(s\); nothing was imported/);
  expect(error.problems).toEqual([
    { field: 'row 3, member_reference', message: 'no member NM999 in this council; check the reference in the members list' },
    {
      field: 'row 4, from',
      message: `Councillor Alex Member ${leaver.reference} (${leaver.reference}) left the council on Monday 4 May 2026; remove the row, or give a date before they left`,
    },
    { field: 'row 5, email', message: 'must be an email address, e.g. sam.jones@members.example, or left blank' },
    { field: 'row 6, from', message: `overlaps row 2 for the same member (${stayer.reference}); merge the two rows or change their dates` },
    {
      field: 'row 7, to',
      message: 'is before from; give the last day in the pool (on or after from), or leave it blank if the member stays',
    },
    {
      field: 'row 8, email',
      message: `belongs to Councillor Alex Member ${stayer.reference} (${stayer.reference}), not ${newcomer.reference}; correct one of them, or leave one blank`,
    },
  ]);
  expect(await membershipCount(pool.key)).toBe(0);
  expect(await council.db.auditEvent.count({ where: { action: 'pool.members-imported' } })).toBe(auditBefore);
});

test('once the officer corrects the refused file, importing it again adds every row', async () => {
  const { pool, stayer, mistaken, corrected } = await membersAndFiles();
  await expect(importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: mistaken })).rejects.toThrow(InputError);

  expect(await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: corrected })).toMatchObject({ added: 4 });

  expect(await membershipCount(pool.key)).toBe(4);
  const { members } = await poolMembers(council.deps, council.officer, { poolKey: pool.key });
  expect(members.find((member) => member.reference === stayer.reference)?.spells).toEqual([
    { from: '2026-06-01', to: '2026-09-30' },
    { from: '2026-10-01', to: null },
  ]);
});

test('a spell that overlaps one the member already has in the pool is refused, naming the existing spell', async () => {
  const pool = await newPool();
  const member = await createMember(council.db, council.id);
  await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2026-06-01,`) });

  const error = await inputErrorOf(
    importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2026-09-01,2026-10-31`) }),
  );

  expect(error.problems).toEqual([
    {
      field: 'row 2, from',
      message: expect.stringContaining(
        "spell in the pool from Monday 1 June 2026 with no end date; change this row's dates, or end that spell first with `cpe pools end`",
      ),
    },
  ]);
  expect(await membershipCount(pool.key)).toBe(1);
});

test('imports of the same members at the same moment record one spell for each member and refuse the rest as overlapping', async () => {
  const pool = await newPool();
  const members = await Promise.all([1, 2, 3].map(() => createMember(council.db, council.id)));
  const importing = (reference: string) =>
    importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${reference},,2026-06-01,`) });

  const outcomes = await Promise.allSettled(members.flatMap((member) => [1, 2, 3, 4].map(() => importing(member.reference))));

  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
  for (const outcome of outcomes.filter((candidate) => candidate.status === 'rejected')) expect(outcome.reason).toBeInstanceOf(InputError);
  expect(await membershipCount(pool.key)).toBe(3);
});

test('ending a membership closes the open spell on the day given, after which the member may rejoin with a new spell', async () => {
  const pool = await newPool();
  const member = await createMember(council.db, council.id);
  await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2026-06-01,`) });

  const ended = await endPoolMembership(council.deps, council.officer, {
    poolKey: pool.key,
    memberReference: member.reference,
    on: '2026-11-30',
  });

  expect(ended).toMatchObject({ reference: member.reference, pool: pool.name, from: '2026-06-01', to: '2026-11-30' });
  const inPoolOn = async (on: string) =>
    (await poolMembers(council.deps, council.officer, { poolKey: pool.key, on })).members.find(
      (entry) => entry.reference === member.reference,
    )?.inPool;
  expect(await inPoolOn('2026-11-30')).toBe(true);
  expect(await inPoolOn('2026-12-01')).toBe(false);
  expect(
    await council.db.auditEvent.count({
      where: { action: 'pool.membership-ended', details: { path: ['member'], equals: member.reference } },
    }),
  ).toBe(1);
  await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2027-01-04,`) });
  expect(await membershipCount(pool.key)).toBe(2);
});

test('a membership cannot be ended before its spell began, nor ended when the member has no open spell', async () => {
  const pool = await newPool();
  const member = await createMember(council.db, council.id);
  await importPoolMembers(council.deps, council.officer, {
    poolKey: pool.key,
    csv: csvOf(`${member.reference},,2026-06-01,2026-07-31`, `${member.reference},,2026-09-01,`),
  });
  const end = (on: string) =>
    endPoolMembership(council.deps, council.officer, { poolKey: pool.key, memberReference: member.reference, on });

  const early = await inputErrorOf(end('2026-08-31'));
  expect(early.problems).toEqual([{ field: 'on', message: expect.stringContaining('spell began on Tuesday 1 September 2026') }]);

  await end('2026-10-31');
  await expect(end('2026-11-30')).rejects.toThrow(ConflictError);
  await expect(end('2026-11-30')).rejects.toThrow('has no open spell in Regulation 33 visiting pool, so there is nothing to end');
});

test("an officer of another council cannot see this council's pool, import into it or end its memberships", async () => {
  const pool = await newPool();
  const member = await createMember(council.db, council.id);
  await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2026-06-01,`) });
  const outsider = await createOfficer(council.db, (await createCouncil(council.db, 'Otherton District Council')).id, 'ADMIN');

  expect((await listPools(council.deps, outsider)).map((candidate) => candidate.key)).not.toContain(pool.key);
  await expect(poolMembers(council.deps, outsider, { poolKey: pool.key })).rejects.toThrow(NotFoundError);
  await expect(
    importPoolMembers(council.deps, outsider, { poolKey: pool.key, csv: csvOf(`${member.reference},,2027-01-04,`) }),
  ).rejects.toThrow(NotFoundError);
  await expect(
    endPoolMembership(council.deps, outsider, { poolKey: pool.key, memberReference: member.reference, on: '2026-11-30' }),
  ).rejects.toThrow(NotFoundError);
  expect(await poolMembers(council.deps, council.officer, { poolKey: pool.key })).toMatchObject({
    members: [{ spells: [{ from: '2026-06-01', to: null }] }],
  });
});

test('a read-only officer can see who is in a pool but cannot register pools, import members or end memberships', async () => {
  const pool = await newPool();
  const member = await createMember(council.db, council.id);
  await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2026-06-01,`) });

  expect((await poolMembers(council.deps, council.readOnly, { poolKey: pool.key })).members).toHaveLength(1);
  await expect(newPool(council.readOnly)).rejects.toThrow(ForbiddenError);
  await expect(
    importPoolMembers(council.deps, council.readOnly, { poolKey: pool.key, csv: csvOf(`${member.reference},,2027-01-04,`) }),
  ).rejects.toThrow('Read-only officers cannot change who is in a pool; ask an officer or an admin.');
  await expect(
    endPoolMembership(council.deps, council.readOnly, { poolKey: pool.key, memberReference: member.reference, on: '2026-11-30' }),
  ).rejects.toThrow(ForbiddenError);
  expect(await membershipCount(pool.key)).toBe(1);
});

test('new members are announced to the running visit programmes that draw on the pool; a programme that is not running is no obstacle', async () => {
  const pool = await newPool();
  const poolId = await poolIdOf(pool.key);
  const programmeFor = async (name: string) => {
    const establishment = await council.db.establishment.create({
      data: { councilId: council.id, key: `home-${randomUUID().slice(0, 8)}`, name, kind: 'CHILDRENS_HOME' },
    });
    const programme = await council.db.visitProgramme.create({
      data: {
        councilId: council.id,
        establishmentId: establishment.id,
        poolId,
        reminderDays: [14, 3],
        startsOn: toDbDate('2026-11-01'),
      },
    });
    return { establishmentId: establishment.id, programmeId: programme.id };
  };
  const running = await programmeFor('Oakfield House');
  await programmeFor('Willow Lodge');
  const handle = await council.deps.temporal.workflow.start(visitProgramme, {
    workflowId: visitProgrammeWorkflowId(running.establishmentId),
    taskQueue: TASK_QUEUE,
    args: [{ programmeId: running.programmeId }],
  });
  const member = await createMember(council.db, council.id);
  const signals = async () =>
    (await handle.fetchHistory()).events?.filter(
      (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'programmeChanged',
    ).length;

  try {
    await importPoolMembers(council.deps, council.officer, { poolKey: pool.key, csv: csvOf(`${member.reference},,2026-11-23,`) });
    expect(await signals()).toBe(1);
    await endPoolMembership(council.deps, council.officer, { poolKey: pool.key, memberReference: member.reference, on: '2026-12-31' });
    expect(await signals()).toBe(2);
  } finally {
    await handle.terminate('test finished');
  }
});

describe('over HTTP', () => {
  const http = useCouncilApi(council, 'pools test');

  async function post(path: string, contentType: string, body: string) {
    const response = await fetch(`${http.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${http.token}`, 'content-type': contentType },
      body,
    });
    return { statusCode: response.status, body: (await response.json()) as any };
  }

  test('a CSV uploaded as text/csv with bad rows is refused with 400 naming each row; the corrected file sent as JSON is added', async () => {
    const { pool, mistaken, corrected } = await membersAndFiles();

    const refused = await post(`/pools/${pool.key}/members/import`, 'text/csv', mistaken);
    expect(refused.statusCode).toBe(400);
    expect(refused.body.error.message).toBe('The file has 6 problem(s); nothing was imported:');
    expect(refused.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual([
      'row 3, member_reference',
      'row 4, from',
      'row 5, email',
      'row 6, from',
      'row 7, to',
      'row 8, email',
    ]);

    const accepted = await post(`/pools/${pool.key}/members/import`, 'application/json', JSON.stringify({ csv: corrected }));
    expect(accepted).toEqual({ statusCode: 200, body: { added: 4, poolName: pool.name } });
  });
});
