import { randomUUID } from 'node:crypto';

import { fromDbDate, toDbDate } from '../../domain/calendar';
import type { Actor } from '../../services/context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../services/errors';
import {
  importMembers,
  listMembers,
  recordMemberLeft,
  registerMember,
  updateMember,
  type MemberEntry,
  type RegisterMemberInput,
} from '../../services/members';
import { trainingWorkflowId } from '../../workflows/training-renewal';
import { createCouncil, createOfficer } from '../support/fixtures';
import { inputErrorOf } from '../support/input-error';
import { useTestCouncil } from '../support/services';
import { useCouncilApi } from '../support/web-app';

/** Today in these tests: Monday 23 November 2026. */
const NOW = new Date('2026-11-23T12:00:00Z');
// No worker polls this queue: the tests check that training cycles are started, not what they then do.
const TASK_QUEUE = 'members-test-no-worker';

const council = useTestCouncil({ taskQueue: TASK_QUEUE, clock: () => NOW });

/** A new member's details with a reference and email of their own, so tests never clash. */
function newMember(overrides: Partial<RegisterMemberInput> = {}) {
  const reference = `M${randomUUID().slice(0, 6)}`;
  return {
    reference,
    givenName: 'Sam',
    familyName: `Jones ${reference}`,
    email: `${reference.toLowerCase()}@members.example`,
    ward: 'Eastgate',
    party: 'Independent',
    roles: ['COUNCILLOR'],
    joinedOn: '2022-05-05',
    ...overrides,
  };
}

const HEADER = 'reference,given_name,family_name,email,ward,party,roles,joined_on,elected_on';
const csvOf = (...rows: string[]) => [HEADER, ...rows].join('\n');

const storedMember = (reference: string, inCouncil = council.id) =>
  council.db.member.findUniqueOrThrow({ where: { councilId_reference: { councilId: inCouncil, reference } } });

const listedReferences = async (actor: Actor, input: Parameters<typeof listMembers>[2] = {}) =>
  (await listMembers(council.deps, actor, input)).members.map((member) => member.reference);

test('an officer registers a member, who is listed among the serving members with their name, ward, party, roles and dates', async () => {
  const input = newMember({ roles: ['COUNCILLOR', 'CABINET_MEMBER'], electedOn: '2026-05-07' });

  const registered = await registerMember(council.deps, council.officer, input);

  const expected: MemberEntry = {
    reference: input.reference,
    name: `Councillor Sam ${input.familyName}`,
    givenName: 'Sam',
    familyName: input.familyName,
    email: input.email,
    ward: 'Eastgate',
    party: 'Independent',
    roles: ['COUNCILLOR', 'CABINET_MEMBER'],
    joinedOn: '2022-05-05',
    electedOn: '2026-05-07',
    leftOn: null,
  };
  expect(registered).toEqual(expected);
  const list = await listMembers(council.deps, council.officer, {});
  expect(list.on).toBe('2026-11-23');
  expect(list.members.find((member) => member.reference === input.reference)).toEqual({ ...expected, serving: true });
  const { id } = await storedMember(input.reference);
  expect(await council.db.auditEvent.findFirst({ where: { action: 'member.registered', entityId: id } })).toMatchObject({
    actorId: council.officer.officerId,
    details: { reference: input.reference },
  });
});

test('a member registered to join next month is not on the serving list until the day they join', async () => {
  const { reference } = await registerMember(council.deps, council.officer, newMember({ joinedOn: '2026-12-07' }));

  expect(await listedReferences(council.officer)).not.toContain(reference);
  expect(await listedReferences(council.officer, { on: '2026-12-07' })).toContain(reference);
});

test('registering a member whose reference or email is already used is refused, saying whose they are', async () => {
  const first = await registerMember(council.deps, council.officer, newMember());
  const second = newMember();

  const sameReference = registerMember(council.deps, council.officer, { ...second, reference: first.reference });
  await expect(sameReference).rejects.toThrow(ConflictError);
  await expect(sameReference).rejects.toThrow(
    `The reference ${first.reference} is already used by Councillor Sam ${first.familyName} (${first.reference}); give the new member their own reference`,
  );
  const sameEmail = registerMember(council.deps, council.officer, { ...second, email: first.email.toUpperCase() });
  await expect(sameEmail).rejects.toThrow(
    `The email ${first.email.toUpperCase()} is already used by Councillor Sam ${first.familyName} (${first.reference}); each member needs their own address`,
  );

  expect(await council.db.member.count({ where: { councilId: council.id, reference: { in: [first.reference, second.reference] } } })).toBe(
    1,
  );
});

test('members registered several times at the same moment are each recorded once; the other attempts are refused as duplicates', async () => {
  const members = [1, 2, 3].map(() => newMember());

  const outcomes = await Promise.allSettled(
    members.flatMap((member) => [1, 2, 3, 4].map(() => registerMember(council.deps, council.officer, member))),
  );

  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
  for (const outcome of outcomes.filter((candidate) => candidate.status === 'rejected'))
    expect(outcome.reason).toBeInstanceOf(ConflictError);
  const references = members.map((member) => member.reference);
  expect(await council.db.member.count({ where: { councilId: council.id, reference: { in: references } } })).toBe(3);
});

test('updating a member changes only the details given and records which changed; an email another member uses is refused', async () => {
  const member = await registerMember(council.deps, council.officer, newMember());
  const other = await registerMember(council.deps, council.officer, newMember());
  const email = `sam.jones.${member.reference.toLowerCase()}@members.example`;

  const { member: updated, changed } = await updateMember(council.deps, council.officer, {
    reference: member.reference,
    givenName: 'Sam',
    email,
    ward: null,
    roles: ['COUNCILLOR', 'LEAD_MEMBER_CHILDREN'],
  });

  expect(changed).toEqual(['email', 'ward', 'roles']);
  expect(updated).toEqual({ ...member, email, ward: null, roles: ['COUNCILLOR', 'LEAD_MEMBER_CHILDREN'] });
  const audit = await council.db.auditEvent.findFirstOrThrow({
    where: { action: 'member.updated', details: { path: ['reference'], equals: member.reference } },
  });
  expect(audit.details).toEqual({ reference: member.reference, changed });
  const again = await updateMember(council.deps, council.officer, { reference: member.reference, party: 'Independent' });
  expect(again).toEqual({ member: updated, changed: [] });
  expect(await council.db.auditEvent.count({ where: { action: 'member.updated', entityId: audit.entityId } })).toBe(1);

  const clash = updateMember(council.deps, council.officer, { reference: member.reference, email: other.email.toUpperCase() });
  await expect(clash).rejects.toThrow(ConflictError);
  await expect(clash).rejects.toThrow(`is already used by Councillor Sam ${other.familyName} (${other.reference})`);
  expect((await storedMember(member.reference)).email).toBe(email);
  await expect(updateMember(council.deps, council.officer, { reference: 'NM-NOBODY', ward: 'Westgate' })).rejects.toThrow(NotFoundError);
});

test('importing the member list registers new references and updates recorded ones, leaving unchanged members and blank columns alone', async () => {
  const changing = await registerMember(council.deps, council.officer, newMember());
  const unchanged = await registerMember(council.deps, council.officer, newMember({ electedOn: '2026-05-07' }));
  const arriving = newMember();
  const csv = csvOf(
    `${arriving.reference},Robin,Okafor,${arriving.email},Northgate,Labour,COUNCILLOR;CABINET_MEMBER,2026-05-11,2026-05-07`,
    `${changing.reference},Sam,Jones-Smith,${changing.email},,,cabinet member; councillor,2022-05-05,`,
    `${unchanged.reference},Sam,${unchanged.familyName},${unchanged.email},Eastgate,Independent,COUNCILLOR,2022-05-05,2026-05-07`,
  );

  expect(await importMembers(council.deps, council.officer, { csv })).toEqual({ added: 1, updated: 1 });

  const { members } = await listMembers(council.deps, council.officer, {});
  const listed = (reference: string) => members.find((member) => member.reference === reference);
  expect(listed(arriving.reference)).toMatchObject({
    name: 'Councillor Robin Okafor',
    email: arriving.email,
    ward: 'Northgate',
    party: 'Labour',
    roles: ['COUNCILLOR', 'CABINET_MEMBER'],
    joinedOn: '2026-05-11',
    electedOn: '2026-05-07',
  });
  expect(listed(changing.reference)).toEqual({
    ...changing,
    name: 'Councillor Sam Jones-Smith',
    familyName: 'Jones-Smith',
    roles: ['CABINET_MEMBER', 'COUNCILLOR'],
    serving: true,
  });
  expect(listed(unchanged.reference)).toEqual({ ...unchanged, serving: true });
  const audit = await council.db.auditEvent.findFirstOrThrow({ where: { action: 'members.imported' }, orderBy: { at: 'desc' } });
  expect(audit).toMatchObject({ actorId: council.officer.officerId, entityId: council.id });
  expect(audit.details).toEqual({
    added: 1,
    updated: 1,
    addedReferences: [arriving.reference],
    changedFields: { [changing.reference]: ['familyName', 'roles'] },
  });
});

test('a member list with several bad rows is refused whole, naming each problem by its row, and no member is added or changed', async () => {
  const recorded = await registerMember(council.deps, council.officer, newMember());
  const another = await registerMember(council.deps, council.officer, newMember());
  const [fine, badEmail, badRole, blanks, clash, sameEmail] = [1, 2, 3, 4, 5, 6].map(() => newMember());
  const row = (member: ReturnType<typeof newMember>, values: Partial<Record<'given' | 'email' | 'roles' | 'joined', string>> = {}) =>
    [
      member.reference,
      values.given ?? 'Robin',
      'Okafor',
      values.email ?? member.email,
      '',
      '',
      values.roles ?? 'COUNCILLOR',
      values.joined ?? '2026-05-11',
      '',
    ].join(',');
  const csv = csvOf(
    row(fine!),
    row(badEmail!, { email: 'robin.okafor' }),
    row(badRole!, { roles: 'COUNCILLOR;MAYOR' }),
    row(blanks!, { given: '', joined: '' }),
    row({ ...clash!, reference: fine!.reference }),
    row(clash!, { email: another.email }),
    row(sameEmail!, { email: fine!.email.toUpperCase() }),
    `${recorded.reference},Samantha,Jones,${recorded.email},,,COUNCILLOR,2022-05-05,`,
  );
  const auditBefore = await council.db.auditEvent.count({ where: { action: 'members.imported' } });

  const error = await inputErrorOf(importMembers(council.deps, council.officer, { csv }));

  expect(error.message).toMatch(/^The file has 7 problem\(s\); nothing was imported/);
  expect(error.problems).toEqual([
    { field: 'row 3, email', message: 'must be an email address, e.g. sam.jones@members.example' },
    {
      field: 'row 4, roles',
      message: expect.stringMatching(/^"MAYOR" is not a role; use one or more of COUNCILLOR, CO_OPTEE, .*, separated by ;$/),
    },
    { field: 'row 5, given_name', message: 'give the given (first) name, e.g. Sam' },
    { field: 'row 5, joined_on', message: 'must be a date written YYYY-MM-DD, e.g. 2026-05-21' },
    {
      field: 'row 6, reference',
      message: `repeats ${fine!.reference} from row 2; each member appears once, so remove or merge one of the rows`,
    },
    {
      field: 'row 7, email',
      message: `${another.email} is already used by Councillor Sam ${another.familyName} (${another.reference}); each member needs their own address, so give another one, or change theirs first with \`cpe members update ${another.reference} --email …\``,
    },
    { field: 'row 8, email', message: `repeats the email of row 2 (${fine!.reference}); each member needs their own address` },
  ]);
  expect(await council.db.member.count({ where: { councilId: council.id, reference: { in: [fine!.reference, clash!.reference] } } })).toBe(
    0,
  );
  expect((await storedMember(recorded.reference)).givenName).toBe('Sam');
  expect(await council.db.auditEvent.count({ where: { action: 'members.imported' } })).toBe(auditBefore);
});

/** Pool spells (past, current, planned), panel seats (current, planned) and a record of what the member did while serving. */
async function serviceOf(memberId: string) {
  const key = randomUUID().slice(0, 8);
  const pool = await council.db.pool.create({
    data: {
      councilId: council.id,
      key: `pool-${key}`,
      name: 'Regulation 33 visiting pool',
      purpose: 'REG33_HOMES',
      approvedBy: 'Cabinet',
      approvedOn: toDbDate('2022-05-19'),
    },
  });
  const spell = (from: string, to: string | null) => ({
    councilId: council.id,
    poolId: pool.id,
    memberId,
    fromDate: toDbDate(from),
    toDate: to && toDbDate(to),
  });
  await council.db.poolMembership.createMany({
    data: [spell('2023-01-02', '2023-12-31'), spell('2026-06-01', null), spell('2027-02-01', null)],
  });
  const panel = await council.db.panel.create({
    data: { councilId: council.id, key: `panel-${key}`, name: 'Corporate Parenting Panel', kind: 'CORPORATE_PARENTING' },
  });
  const seat = (from: string) => ({ councilId: council.id, panelId: panel.id, memberId, fromDate: toDbDate(from) });
  await council.db.panelSeat.createMany({ data: [seat('2025-01-06'), seat('2027-01-04')] });
  const course = await council.db.course.create({
    data: {
      councilId: council.id,
      key: `dbs-${key}`,
      title: 'DBS check',
      kind: 'DBS_CHECK',
      validityMonths: 36,
      reminderDays: [60],
    },
  });
  await council.db.trainingRecord.create({
    data: {
      councilId: council.id,
      memberId,
      courseId: course.id,
      completedOn: toDbDate('2025-03-03'),
      source: 'OFFICER',
      verifiedAt: NOW,
    },
  });
  const pledge = await council.db.pledge.create({
    data: { councilId: council.id, municipalYear: 2026, text: 'We pledge…', version: '1' },
  });
  await council.db.pledgeSignature.create({
    data: { councilId: council.id, pledgeId: pledge.id, memberId, signedAt: NOW, method: 'ONLINE' },
  });
  const home = await council.db.establishment.create({
    data: { councilId: council.id, key: `home-${key}`, name: 'Oakfield House', kind: 'CHILDRENS_HOME' },
  });
  const programme = await council.db.visitProgramme.create({
    data: {
      councilId: council.id,
      establishmentId: home.id,
      poolId: pool.id,
      reminderDays: [14, 3],
      startsOn: toDbDate('2026-06-01'),
    },
  });
  const visit = await council.db.visit.create({
    data: {
      councilId: council.id,
      programmeId: programme.id,
      establishmentId: home.id,
      periodStart: toDbDate('2026-10-01'),
      periodEnd: toDbDate('2026-10-31'),
      status: 'REPORTED',
    },
  });
  await council.db.visitAssignment.create({ data: { councilId: council.id, visitId: visit.id, memberId, status: 'ACCEPTED' } });
  return { poolId: pool.id, panelId: panel.id };
}

const historyCounts = async (memberId: string) => ({
  trainingRecords: await council.db.trainingRecord.count({ where: { memberId } }),
  pledgeSignatures: await council.db.pledgeSignature.count({ where: { memberId } }),
  visitAssignments: await council.db.visitAssignment.count({ where: { memberId } }),
});

test('a member who leaves drops off the serving list that day; their pool spell and panel seat end then, and their history stays', async () => {
  const { reference } = await registerMember(council.deps, council.officer, newMember());
  const { id } = await storedMember(reference);
  const { poolId, panelId } = await serviceOf(id);

  const left = await recordMemberLeft(council.deps, council.officer, { reference, leftOn: '2026-11-30' });

  expect(left).toMatchObject({ member: { reference, leftOn: '2026-11-30' }, poolSpellsEnded: 2, seatsEnded: 2 });
  expect(await listedReferences(council.officer, { on: '2026-11-29' })).toContain(reference);
  expect(await listedReferences(council.officer, { on: '2026-11-30' })).not.toContain(reference);
  const everyone = await listMembers(council.deps, council.officer, { on: '2026-12-01', includeLeft: true });
  expect(everyone.members.find((member) => member.reference === reference)).toMatchObject({ leftOn: '2026-11-30', serving: false });
  const spells = await council.db.poolMembership.findMany({ where: { poolId, memberId: id }, orderBy: { fromDate: 'asc' } });
  expect(spells.map((spell) => [fromDbDate(spell.fromDate), spell.toDate && fromDbDate(spell.toDate)])).toEqual([
    ['2023-01-02', '2023-12-31'],
    ['2026-06-01', '2026-11-30'],
  ]);
  const seats = await council.db.panelSeat.findMany({ where: { panelId, memberId: id } });
  expect(seats.map((seat) => [fromDbDate(seat.fromDate), seat.toDate && fromDbDate(seat.toDate)])).toEqual([['2025-01-06', '2026-11-30']]);
  expect(await historyCounts(id)).toEqual({ trainingRecords: 1, pledgeSignatures: 1, visitAssignments: 1 });
  expect(await council.db.auditEvent.findFirst({ where: { action: 'member.left', entityId: id } })).toMatchObject({
    details: { reference, leftOn: '2026-11-30', poolSpellsEnded: 2, seatsEnded: 2 },
  });
});

test('a leaving date before the member joined is refused, and so is recording a second leaving', async () => {
  const member = await registerMember(council.deps, council.officer, newMember({ joinedOn: '2024-05-13' }));

  const early = await inputErrorOf(recordMemberLeft(council.deps, council.officer, { reference: member.reference, leftOn: '2024-05-10' }));
  expect(early.problems).toEqual([
    {
      field: 'leftOn',
      message: `is before Monday 13 May 2024, when Councillor Sam ${member.familyName} (${member.reference}) joined the council; give the day they left`,
    },
  ]);

  await recordMemberLeft(council.deps, council.officer, { reference: member.reference, leftOn: '2026-11-30' });
  const again = recordMemberLeft(council.deps, council.officer, { reference: member.reference, leftOn: '2026-12-31' });
  await expect(again).rejects.toThrow(ConflictError);
  await expect(again).rejects.toThrow('already left the council on Monday 30 November 2026, so nothing was changed');
  expect(fromDbDate((await storedMember(member.reference)).leftOn!)).toBe('2026-11-30');
});

test('after a member joins, registered or imported, their training cycle starts for a course required of every councillor', async () => {
  const course = await council.db.course.create({
    data: {
      councilId: council.id,
      key: `safeguarding-${randomUUID().slice(0, 8)}`,
      title: 'Safeguarding children seminar',
      kind: 'SAFEGUARDING_SEMINAR',
      validityMonths: 12,
      inductionWeeks: 8,
      reminderDays: [60, 30, 7],
      requiredForRoles: ['COUNCILLOR'],
    },
  });
  const registered = await registerMember(council.deps, council.officer, newMember({ joinedOn: '2026-11-23' }));
  const imported = newMember();
  await importMembers(council.deps, council.officer, {
    csv: csvOf(`${imported.reference},Robin,Okafor,${imported.email},,,COUNCILLOR,2026-11-23,`),
  });

  for (const { reference } of [registered, imported]) {
    const { id } = await storedMember(reference);
    const cycle = await council.deps.temporal.workflow.getHandle(trainingWorkflowId(id, course.id)).describe();
    expect(cycle.status.name).toBe('RUNNING');
  }
});

test("an officer of another council cannot see or change this council's members; importing the same reference registers their own", async () => {
  const member = await registerMember(council.deps, council.officer, newMember());
  const otherCouncilId = (await createCouncil(council.db, 'Otherton District Council')).id;
  const outsider = await createOfficer(council.db, otherCouncilId, 'ADMIN');

  expect(await listedReferences(outsider, { includeLeft: true })).not.toContain(member.reference);
  await expect(updateMember(council.deps, outsider, { reference: member.reference, givenName: 'Changed' })).rejects.toThrow(NotFoundError);
  await expect(recordMemberLeft(council.deps, outsider, { reference: member.reference, leftOn: '2026-11-30' })).rejects.toThrow(
    NotFoundError,
  );
  const csv = csvOf(`${member.reference},Changed,Name,${member.email},,,CO_OPTEE,2025-01-06,`);
  expect(await importMembers(council.deps, outsider, { csv })).toEqual({ added: 1, updated: 0 });

  expect(await storedMember(member.reference)).toMatchObject({ givenName: 'Sam', roles: ['COUNCILLOR'], leftOn: null });
  expect(await storedMember(member.reference, otherCouncilId)).toMatchObject({ givenName: 'Changed', roles: ['CO_OPTEE'] });
});

test('a read-only officer can list the members but cannot register, change, import or record a leaver', async () => {
  const member = await registerMember(council.deps, council.officer, newMember());
  const refused = 'Read-only officers cannot register or change members; ask an officer or an admin.';

  expect(await listedReferences(council.readOnly)).toContain(member.reference);
  await expect(registerMember(council.deps, council.readOnly, newMember())).rejects.toThrow(ForbiddenError);
  await expect(updateMember(council.deps, council.readOnly, { reference: member.reference, givenName: 'Changed' })).rejects.toThrow(
    refused,
  );
  await expect(recordMemberLeft(council.deps, council.readOnly, { reference: member.reference, leftOn: '2026-11-30' })).rejects.toThrow(
    refused,
  );
  const csv = csvOf(`${member.reference},Changed,Name,${member.email},,,COUNCILLOR,2022-05-05,`);
  await expect(importMembers(council.deps, council.readOnly, { csv })).rejects.toThrow(refused);

  expect(await storedMember(member.reference)).toMatchObject({ givenName: 'Sam', leftOn: null });
});

describe('over HTTP', () => {
  const http = useCouncilApi(council, 'members test');

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: { json: unknown } | { csv: string | Uint8Array }) => {
    const response = await fetch(`${http.baseUrl}/api/v1${url}`, {
      method,
      headers: {
        authorization: `Bearer ${http.token}`,
        ...(body && { 'content-type': 'csv' in body ? 'text/csv' : 'application/json' }),
      },
      body: body && ('csv' in body ? body.csv : JSON.stringify(body.json)),
    });
    return { statusCode: response.status, body: (await response.json()) as unknown };
  };

  test('an officer registers (201), changes, imports as text/csv or JSON and records a leaver, and a bad query is refused naming it', async () => {
    const member = newMember();
    expect(await call('POST', '/members', { json: member })).toMatchObject({
      statusCode: 201,
      body: { member: { reference: member.reference } },
    });
    expect(await call('PATCH', `/members/${member.reference}`, { json: { party: 'Labour' } })).toMatchObject({
      statusCode: 200,
      body: { member: { party: 'Labour' }, changed: ['party'] },
    });
    const [byCsv, byJson] = [newMember(), newMember()];
    const rowOf = (input: typeof member) => `${input.reference},Robin,Okafor,${input.email},,,COUNCILLOR,2026-05-11,`;
    expect(await call('POST', '/members/import', { csv: csvOf(rowOf(byCsv)) })).toEqual({
      statusCode: 200,
      body: { added: 1, updated: 0 },
    });
    expect(await call('POST', '/members/import', { json: { csv: csvOf(rowOf(byJson)) } })).toEqual({
      statusCode: 200,
      body: { added: 1, updated: 0 },
    });
    expect(await call('POST', `/members/${member.reference}/left`, { json: { leftOn: '2026-11-30' } })).toMatchObject({
      statusCode: 200,
      body: { member: { leftOn: '2026-11-30' } },
    });

    const onTheDay = await call('GET', '/members?on=2026-11-30');
    expect(onTheDay.statusCode).toBe(200);
    expect(onTheDay.body).toMatchObject({
      on: '2026-11-30',
      members: expect.arrayContaining([expect.objectContaining({ reference: byCsv.reference })]),
    });
    expect(JSON.stringify(onTheDay.body)).not.toContain(member.reference);
    expect(await call('GET', '/members?includeLeft=true&on=2026-11-30')).toMatchObject({
      body: { members: expect.arrayContaining([expect.objectContaining({ reference: member.reference, serving: false })]) },
    });
    expect(await call('GET', '/members?includeLeft=perhaps')).toMatchObject({
      statusCode: 400,
      body: { error: { problems: [{ field: 'includeLeft', message: 'must be true or false, e.g. ?includeLeft=true' }] } },
    });
  });

  test('a file sent as text/csv in Windows-1252, as Excel saves it, registers Siân Lloyd (and Llŷr Prŷs in UTF-8) as spelt; a NUL in a file is refused naming its line', async () => {
    const member = newMember();
    // Windows-1252 has â where Latin-1 does; it has no ŷ, which a UTF-8 file carries.
    const excel = Buffer.from(
      csvOf(`${member.reference},Siân,Lloyd,${member.email},,,COUNCILLOR,2026-05-11,`).replace(/\n/g, '\r\n'),
      'latin1',
    );
    expect(excel.includes(0xe2)).toBe(true);
    expect(await call('POST', '/members/import', { csv: excel })).toEqual({ statusCode: 200, body: { added: 1, updated: 0 } });
    expect(await storedMember(member.reference)).toMatchObject({ givenName: 'Siân', familyName: 'Lloyd' });

    const welsh = newMember();
    const utf8 = Buffer.from(csvOf(`${welsh.reference},Llŷr,Prŷs,${welsh.email},,,COUNCILLOR,2026-05-11,`));
    expect(await call('POST', '/members/import', { csv: utf8 })).toEqual({ statusCode: 200, body: { added: 1, updated: 0 } });
    expect(await storedMember(welsh.reference)).toMatchObject({ givenName: 'Llŷr', familyName: 'Prŷs' });

    const withNul = Buffer.from(csvOf(`${newMember().reference},Si\u0000n,Lloyd,x@members.example,,,COUNCILLOR,2026-05-11,`));
    expect(await call('POST', '/members/import', { csv: withNul })).toMatchObject({
      statusCode: 400,
      body: { error: { problems: [{ field: 'file', message: 'must not contain the control character NUL (line 2); remove it' }] } },
    });
  });
});
