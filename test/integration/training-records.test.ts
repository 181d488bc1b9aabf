import { randomUUID } from 'node:crypto';

import { toDbDate } from '../../domain/calendar';
import { signLink, type LinkClaims } from '../../links/signed-links';
import type { Prisma } from '../../prisma/generated/client';
import { ConflictError, ForbiddenError, NotFoundError } from '../../services/errors';
import {
  confirmTrainingByMember,
  importSessionRegister,
  pendingVerifications,
  recordTraining,
  trainingHistory,
  verifyTraining,
} from '../../services/training/records';
import { trainingWorkflowId } from '../../workflows/training-renewal';
import { TEST_LINK_SECRET } from '../support/activities';
import { createCouncil, createMember, createMembersToFind, createOfficer } from '../support/fixtures';
import { postForm } from '../support/forms';
import { inputErrorOf } from '../support/input-error';
import { useTestCouncil } from '../support/services';
import { useCouncilApi } from '../support/web-app';
import { expectRedirect } from '../support/officer-browser';

/** Today in these tests: Monday 23 November 2026. */
const NOW = new Date('2026-11-23T12:00:00Z');
// No worker polls this queue: the tests check that training workflows are started, not what they then do.
const TASK_QUEUE = 'training-records-test-no-worker';

const council = useTestCouncil({ taskQueue: TASK_QUEUE, clock: () => NOW });

/** A course every councillor needs, valid 12 months from completion unless the test says otherwise. */
async function newCourse(rules: Partial<Prisma.CourseUncheckedCreateInput> = {}) {
  return council.db.course.create({
    data: {
      councilId: council.id,
      key: `course-${randomUUID().slice(0, 8)}`,
      title: 'Safeguarding children seminar',
      kind: 'SAFEGUARDING_SEMINAR',
      validityMonths: 12,
      renewalBasis: 'COMPLETION_DATE',
      renewalWindowDays: 60,
      reminderDays: [60, 30, 7],
      requiredForRoles: ['COUNCILLOR'],
      ...rules,
    },
  });
}

const nameOf = (member: { familyName: string }) => `Councillor Alex ${member.familyName}`;

const registerOf = (...rows: string[]) => ['member_reference,email,evidence', ...rows].join('\n');

const recordsOf = (courseId: string) => council.db.trainingRecord.count({ where: { courseId } });

const auditCount = (action: string) => council.db.auditEvent.count({ where: { action } });

const claimsFor = (member: { id: string }, course: { id: string }, expiresAt = new Date('2027-01-31T00:00:00Z')): LinkClaims => ({
  purpose: 'training',
  councilId: council.id,
  subjectId: course.id,
  memberId: member.id,
  expiresAt,
});

test("recording a completion makes it valid for the course's months from that day, verified at once by the recording officer, and starts the member's training cycle", async () => {
  const course = await newCourse({ validityMonths: 12, renewalBasis: 'COMPLETION_DATE' });
  const member = await createMember(council.db, council.id);

  const recorded = await recordTraining(council.deps, council.officer, {
    memberReference: member.reference,
    courseKey: course.key,
    completedOn: '2026-11-02',
    evidenceRef: 'CERT-2026-118',
  });

  expect(recorded).toEqual({
    recordId: expect.any(String),
    member: { reference: member.reference, name: nameOf(member) },
    courseTitle: 'Safeguarding children seminar',
    completedOn: '2026-11-02',
    expiresOn: '2027-11-02',
  });
  expect(await council.db.trainingRecord.findUniqueOrThrow({ where: { id: recorded.recordId } })).toMatchObject({
    completedOn: toDbDate('2026-11-02'),
    expiresOn: toDbDate('2027-11-02'),
    source: 'OFFICER',
    evidenceRef: 'CERT-2026-118',
    recordedByOfficerId: council.officer.officerId,
    verifiedByOfficerId: council.officer.officerId,
    verifiedAt: NOW,
  });
  const audit = await council.db.auditEvent.findFirstOrThrow({ where: { action: 'training.recorded', entityId: recorded.recordId } });
  expect(audit).toMatchObject({ actorType: 'OFFICER', actorId: council.officer.officerId });
  const cycle = await council.deps.temporal.workflow.getHandle(trainingWorkflowId(member.id, course.id)).describe();
  expect(cycle.status.name).toBe('RUNNING');
});

test('renewing a course renewed from its previous expiry inside the renewal window runs on from that expiry, so renewing early loses no time', async () => {
  const course = await newCourse({ validityMonths: 12, renewalBasis: 'PREVIOUS_EXPIRY', renewalWindowDays: 60 });
  const member = await createMember(council.db, council.id);
  const record = (completedOn: string) =>
    recordTraining(council.deps, council.officer, { memberReference: member.reference, courseKey: course.key, completedOn });

  expect((await record('2025-12-10')).expiresOn).toBe('2026-12-10');
  // 38 days before it expires, inside the 60-day window: the new year starts when the old one ends.
  expect((await record('2026-11-02')).expiresOn).toBe('2027-12-10');

  const history = await trainingHistory(council.deps, council.officer, { memberReference: member.reference });
  expect(history.courses).toHaveLength(1);
  expect(history.courses[0]!.position).toMatchObject({ state: 'VALID', validUntil: '2027-12-10' });
  expect(history.courses[0]!.records).toEqual([
    expect.objectContaining({ completedOn: '2026-11-02', expiresOn: '2027-12-10', source: 'OFFICER', recordedBy: 'OFFICER officer' }),
    expect.objectContaining({ completedOn: '2025-12-10', expiresOn: '2026-12-10', verifiedBy: 'OFFICER officer', verifiedAt: NOW }),
  ]);
});

test('recording the same completion twice is refused as already recorded, and the member keeps one record', async () => {
  const course = await newCourse();
  const member = await createMember(council.db, council.id);
  const input = { memberReference: member.reference, courseKey: course.key, completedOn: '2026-11-02' };
  await recordTraining(council.deps, council.officer, input);

  const again = recordTraining(council.deps, council.officer, { ...input, evidenceRef: 'a second certificate' });

  await expect(again).rejects.toThrow(ConflictError);
  await expect(again).rejects.toThrow(
    `${nameOf(member)} (${member.reference}) already has Safeguarding children seminar recorded as completed on Monday 2 November 2026, so nothing was added.`,
  );
  expect(await recordsOf(course.id)).toBe(1);
});

test('a completion dated in the future, or before the member joined the council, is refused naming the date and what to give instead', async () => {
  const course = await newCourse();
  const member = await createMember(council.db, council.id, { joinedOn: '2026-05-07' });
  const record = (completedOn: string) =>
    recordTraining(council.deps, council.officer, { memberReference: member.reference, courseKey: course.key, completedOn });

  expect((await inputErrorOf(record('2026-11-24'))).problems).toEqual([
    { field: 'completedOn', message: 'is in the future (today is Monday 23 November 2026); give the day they completed it as a member' },
  ]);
  expect((await inputErrorOf(record('2026-05-06'))).problems).toEqual([
    {
      field: 'completedOn',
      message: `is before Thursday 7 May 2026, when ${nameOf(member)} (${member.reference}) joined the council; give the day they completed it as a member`,
    },
  ]);
  expect(await recordsOf(course.id)).toBe(0);
});

test("a session register records the course on the session's day for every member listed, found by reference or email, with each row's evidence", async () => {
  const course = await newCourse();
  const { byReference, byEmail, byBoth } = await createMembersToFind(council.db, council.id);
  const csv = registerOf(
    `${byReference.reference},,SHEET-7`,
    `,${byEmail.email.toUpperCase()},`,
    `${byBoth.reference},${byBoth.email},SHEET-7`,
  );

  expect(await importSessionRegister(council.deps, council.officer, { courseKey: course.key, completedOn: '2026-11-18', csv })).toEqual({
    recorded: 3,
    courseTitle: 'Safeguarding children seminar',
  });

  const records = await council.db.trainingRecord.findMany({
    where: { courseId: course.id },
    orderBy: { member: { familyName: 'asc' } },
    select: {
      memberId: true,
      completedOn: true,
      expiresOn: true,
      source: true,
      evidenceRef: true,
      verifiedByOfficerId: true,
      verifiedAt: true,
    },
  });
  const recorded = { completedOn: toDbDate('2026-11-18'), expiresOn: toDbDate('2027-11-18'), source: 'REGISTER_IMPORT' };
  const verified = { verifiedByOfficerId: council.officer.officerId, verifiedAt: NOW };
  expect(records).toEqual([
    { memberId: byReference.id, ...recorded, evidenceRef: 'SHEET-7', ...verified },
    { memberId: byEmail.id, ...recorded, evidenceRef: null, ...verified },
    { memberId: byBoth.id, ...recorded, evidenceRef: 'SHEET-7', ...verified },
  ]);
  const audit = await council.db.auditEvent.findFirstOrThrow({ where: { action: 'training.register-imported', entityId: course.id } });
  expect(audit.details).toEqual({ completedOn: '2026-11-18', recorded: 3 });
});

test('a register with several bad rows is refused as a whole, naming every problem by row, and nothing is recorded', async () => {
  const course = await newCourse();
  const attendee = await createMember(council.db, council.id);
  const leaver = await createMember(council.db, council.id);
  const other = await createMember(council.db, council.id);
  const already = await createMember(council.db, council.id);
  const newcomer = await createMember(council.db, council.id, { joinedOn: '2026-11-20' });
  await council.db.member.update({ where: { id: leaver.id }, data: { leftOn: toDbDate('2026-09-30') } });
  await recordTraining(council.deps, council.officer, {
    memberReference: already.reference,
    courseKey: course.key,
    completedOn: '2026-11-18',
  });
  const auditBefore = await auditCount('training.register-imported');
  const who = (member: { familyName: string; reference: string }) => `${nameOf(member)} (${member.reference})`;
  const csv = registerOf(
    `${attendee.reference},,SHEET-7`,
    'NM999,,',
    `${leaver.reference},,`,
    `${attendee.reference},,`,
    `${other.reference},${attendee.email},`,
    ',not-an-email,',
    `,${already.email},`,
    `${newcomer.reference},,`,
    ',,SHEET-7',
  );

  const error = await inputErrorOf(
    importSessionRegister(council.deps, council.officer, { courseKey: course.key, completedOn: '2026-11-18', csv }),
  );

  expect(error.message).toMatch(/^The file has 8 problem\(s\); nothing was imported/);
  expect(error.problems).toEqual([
    { field: 'row 3, member_reference', message: 'no member NM999 in this council; check the reference in the members list' },
    {
      field: 'row 4, member_reference',
      message: `the session date is on or after Wednesday 30 September 2026, when ${who(leaver)} left the council; remove the row, or check the session date`,
    },
    { field: 'row 5, member_reference', message: `lists ${who(attendee)} again, who is already on row 2; remove one of the two rows` },
    {
      field: 'row 6, email',
      message: `belongs to ${who(attendee)}, not ${other.reference}; correct one of them, or leave one blank`,
    },
    { field: 'row 7, email', message: 'must be an email address, e.g. sam.jones@members.example, or left blank' },
    {
      field: 'row 8, email',
      message: `${who(already)} already has this course recorded on Wednesday 18 November 2026; remove the row (see \`cpe training history ${already.reference}\`)`,
    },
    {
      field: 'row 9, member_reference',
      message: `the session date is before Friday 20 November 2026, when ${who(newcomer)} joined the council; remove the row, or check the session date`,
    },
    { field: 'row 10, member_reference', message: 'give the member_reference or the email of the member (or both)' },
  ]);
  expect(await recordsOf(course.id)).toBe(1);
  expect(await auditCount('training.register-imported')).toBe(auditBefore);
});

test("another council's officer cannot see this council's members' training, record or verify it, or import a register naming them", async () => {
  const course = await newCourse({ requiresOfficerVerification: true });
  const member = await createMember(council.db, council.id);
  const confirmed = await confirmTrainingByMember(council.deps, claimsFor(member, course), { completedOn: '2026-11-02' });
  const outsiderCouncil = await createCouncil(council.db, 'Otherton District Council');
  const outsider = await createOfficer(council.db, outsiderCouncil.id, 'ADMIN');
  // The same course key in their own council, so only the member is out of reach.
  await council.db.course.create({
    data: { councilId: outsiderCouncil.id, key: course.key, title: 'Safeguarding', kind: 'SAFEGUARDING_SEMINAR', reminderDays: [] },
  });

  await expect(trainingHistory(council.deps, outsider, { memberReference: member.reference })).rejects.toThrow(NotFoundError);
  await expect(
    recordTraining(council.deps, outsider, { memberReference: member.reference, courseKey: course.key, completedOn: '2026-11-03' }),
  ).rejects.toThrow(NotFoundError);
  await expect(verifyTraining(council.deps, outsider, confirmed)).rejects.toThrow(NotFoundError);
  expect(await pendingVerifications(council.deps, outsider)).toEqual([]);
  const refused = await inputErrorOf(
    importSessionRegister(council.deps, outsider, {
      courseKey: course.key,
      completedOn: '2026-11-03',
      csv: registerOf(`${member.reference},,`),
    }),
  );
  expect(refused.problems).toEqual([
    { field: 'row 2, member_reference', message: `no member ${member.reference} in this council; check the reference in the members list` },
  ]);

  expect(await council.db.trainingRecord.findMany({ where: { memberId: member.id }, select: { id: true, verifiedAt: true } })).toEqual([
    { id: confirmed.recordId, verifiedAt: null },
  ]);
});

test('a read-only officer can see training history and what awaits verification, but cannot record, import or verify', async () => {
  const course = await newCourse({ requiresOfficerVerification: true });
  const member = await createMember(council.db, council.id);
  const confirmed = await confirmTrainingByMember(council.deps, claimsFor(member, course), { completedOn: '2026-11-02' });

  expect((await trainingHistory(council.deps, council.readOnly, { memberReference: member.reference })).courses[0]!.records).toHaveLength(
    1,
  );
  expect((await pendingVerifications(council.deps, council.readOnly)).map((pending) => pending.recordId)).toContain(confirmed.recordId);
  await expect(
    recordTraining(council.deps, council.readOnly, { memberReference: member.reference, courseKey: course.key, completedOn: '2026-11-03' }),
  ).rejects.toThrow('Read-only officers cannot record training; ask an officer or an admin.');
  await expect(
    importSessionRegister(council.deps, council.readOnly, {
      courseKey: course.key,
      completedOn: '2026-11-03',
      csv: registerOf(`${member.reference},,`),
    }),
  ).rejects.toThrow(ForbiddenError);
  await expect(verifyTraining(council.deps, council.readOnly, confirmed)).rejects.toThrow(ForbiddenError);

  expect(await council.db.trainingRecord.findMany({ where: { memberId: member.id }, select: { id: true, verifiedAt: true } })).toEqual([
    { id: confirmed.recordId, verifiedAt: null },
  ]);
});

const http = useCouncilApi(council, 'training records test');

const linkFor = (claims: LinkClaims, secret = TEST_LINK_SECRET) => `${http.baseUrl}/t/${signLink(secret, claims)}`;

async function api(path: string, init: { method?: string; contentType?: string; body?: string } = {}) {
  const response = await fetch(`${http.baseUrl}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${http.token}`, ...(init.contentType ? { 'content-type': init.contentType } : {}) },
    body: init.body,
  });
  return { statusCode: response.status, body: (await response.json()) as any };
}

describe('over HTTP: a member confirming through their link', () => {
  test("a member's confirmation on a course needing an officer's check is awaiting verification and does not count until an officer verifies it", async () => {
    const course = await newCourse({
      title: 'Enhanced DBS check',
      kind: 'DBS_CHECK',
      validityMonths: 36,
      requiresOfficerVerification: true,
    });
    const member = await createMember(council.db, council.id);
    const link = linkFor(claimsFor(member, course));
    const before = await fetch(link);
    expect(before.status).toBe(200);
    expect(await before.text()).toMatch(new RegExp(`Enhanced DBS check[\\s\\S]*${nameOf(member)}[\\s\\S]*Not completed yet`));

    const confirmed = await postForm(link, { completedOn: '2026-11-02', evidenceRef: 'DBS-0042' });
    expectRedirect(confirmed, `${new URL(link).pathname}?done=awaiting`);
    const thanked = await (await fetch(`${link}?done=awaiting`)).text();
    expect(thanked).toContain('Thank you: democratic services will check your evidence and verify your completion.');
    expect(thanked).toContain('You told us you completed it on Monday 2 November 2026. This is awaiting verification');
    expect((await postForm(link, { completedOn: '2026-11-02' })).status).toBe(303);
    expect(await recordsOf(course.id)).toBe(1);

    const waiting = await trainingHistory(council.deps, council.officer, { memberReference: member.reference });
    expect(waiting.courses[0]!.position).toMatchObject({ state: 'NEVER_DONE', validUntil: null, awaitingVerification: true });
    const [record] = waiting.courses[0]!.records;
    expect(record).toMatchObject({
      source: 'MEMBER_LINK',
      expiresOn: '2029-11-02',
      evidenceRef: 'DBS-0042',
      recordedBy: null,
      verifiedBy: null,
      verifiedAt: null,
    });
    expect(await pendingVerifications(council.deps, council.officer)).toContainEqual({
      recordId: record!.recordId,
      member: { reference: member.reference, name: nameOf(member) },
      course: { key: course.key, title: 'Enhanced DBS check' },
      completedOn: '2026-11-02',
      completedOnText: 'Monday 2 November 2026',
      evidenceRef: 'DBS-0042',
      confirmedAt: NOW,
    });
    expect(await council.db.auditEvent.findFirstOrThrow({ where: { entityId: record!.recordId } })).toMatchObject({
      actorType: 'MEMBER',
      actorId: member.id,
      action: 'training.confirmed-by-member',
    });

    const verified = await api(`/training/records/${record!.recordId}/verify`, { method: 'POST' });
    expect(verified).toMatchObject({ statusCode: 200, body: { recordId: record!.recordId, alreadyVerified: false } });

    const counted = await trainingHistory(council.deps, council.officer, { memberReference: member.reference });
    expect(counted.courses[0]!.position).toMatchObject({ state: 'VALID', validUntil: '2029-11-02', awaitingVerification: false });
    expect(counted.courses[0]!.records[0]).toMatchObject({ verifiedBy: 'OFFICER officer', verifiedAt: NOW });
    expect((await api('/training/pending')).body.pending.map((pending: { recordId: string }) => pending.recordId)).not.toContain(
      record!.recordId,
    );
    expect(await (await fetch(link)).text()).toContain('Valid until Friday 2 November 2029.');
    expect(await verifyTraining(council.deps, council.officer, { recordId: record!.recordId })).toMatchObject({ alreadyVerified: true });
    expect(await council.db.auditEvent.count({ where: { action: 'training.verified', entityId: record!.recordId } })).toBe(1);
  });

  test("a member's confirmation on a course that takes their word counts at once; a date in the future is shown again with the problem by the date field", async () => {
    const course = await newCourse();
    const member = await createMember(council.db, council.id);
    const link = linkFor(claimsFor(member, course));

    const refused = await postForm(link, { completedOn: '2026-11-30', evidenceRef: '' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      '<a href="#completedOn">Date completed: is in the future (today is Monday 23 November 2026); give the day you completed it</a>',
    );
    expect(await recordsOf(course.id)).toBe(0);

    const confirmed = await postForm(link, { completedOn: '2026-11-20', evidenceRef: '' });
    expect(confirmed.headers.get('location')).toMatch(/\?done=recorded$/);
    expect(await council.db.trainingRecord.findFirstOrThrow({ where: { courseId: course.id } })).toMatchObject({
      source: 'MEMBER_LINK',
      evidenceRef: null,
      expiresOn: toDbDate('2027-11-20'),
      recordedByOfficerId: null,
      verifiedByOfficerId: null,
      verifiedAt: NOW,
    });
    expect(
      (await trainingHistory(council.deps, council.officer, { memberReference: member.reference })).courses[0]!.position,
    ).toMatchObject({
      state: 'VALID',
      validUntil: '2027-11-20',
    });
  });
});

describe('over HTTP: a link that does not hold', () => {
  test('a forged, expired or visit link on the training page changes nothing and says why: 400 for forged, 410 for expired', async () => {
    const course = await newCourse();
    const member = await createMember(council.db, council.id);
    const forged = linkFor(claimsFor(member, course), 'not-the-councils-secret-but-long-enough');
    const expired = linkFor(claimsFor(member, course, new Date('2026-11-01T00:00:00Z')));
    const visitLink = linkFor({ ...claimsFor(member, course), purpose: 'visit' });

    for (const link of [forged, visitLink]) {
      const shown = await fetch(link);
      expect(shown.status).toBe(400);
      expect(await shown.text()).toContain('This link is not valid');
      expect((await postForm(link, { completedOn: '2026-11-02' })).status).toBe(400);
    }
    const expiredPage = await fetch(expired);
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.text()).toContain('This link has expired');
    expect((await postForm(expired, { completedOn: '2026-11-02' })).status).toBe(410);

    expect(await recordsOf(course.id)).toBe(0);
    expect(await council.db.auditEvent.count({ where: { actorId: member.id } })).toBe(0);
  });
});

describe('over HTTP: an officer through the API', () => {
  test('an officer records a completion as JSON and a register as text/csv with the session in the query, and sees both in the history', async () => {
    const course = await newCourse();
    const member = await createMember(council.db, council.id);
    const colleague = await createMember(council.db, council.id);

    const recorded = await api('/training/records', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ memberReference: member.reference, courseKey: course.key, completedOn: '2025-11-10' }),
    });
    expect(recorded).toMatchObject({ statusCode: 201, body: { record: { completedOn: '2025-11-10', expiresOn: '2026-11-10' } } });

    const register = registerOf(`${member.reference},,SHEET-9`, `${colleague.reference},,SHEET-9`);
    const withoutSession = await api('/training/registers', { method: 'POST', contentType: 'text/csv', body: register });
    expect(withoutSession.statusCode).toBe(400);
    expect(withoutSession.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['course', 'completedOn']);
    const imported = await api(`/training/registers?course=${course.key}&completedOn=2026-11-18`, {
      method: 'POST',
      contentType: 'text/csv',
      body: register,
    });
    expect(imported).toEqual({ statusCode: 201, body: { recorded: 2, courseTitle: 'Safeguarding children seminar' } });

    const history = await api(`/members/${member.reference}/training`);
    expect(history.statusCode).toBe(200);
    expect(
      history.body.courses[0].records.map((entry: { completedOn: string; source: string }) => [entry.completedOn, entry.source]),
    ).toEqual([
      ['2026-11-18', 'REGISTER_IMPORT'],
      ['2025-11-10', 'OFFICER'],
    ]);
  });
});
