import type { Activities } from '../../activities';
import { toDbDate } from '../../domain/calendar';
import { startDirectActivities, type DirectActivities } from '../support/direct-activities';
import { createCouncil, createDbsCourse, createMember, createReg33Pool } from '../support/fixtures';
import { parseInvite } from '../support/ics';
import type { SmtpSink } from '../support/smtp-sink';

let direct: DirectActivities;
let sink: SmtpSink;
let activities: Activities;

beforeAll(async () => {
  direct = await startDirectActivities();
  ({ sink, activities } = direct);
});

afterAll(async () => {
  await direct?.close();
});

beforeEach(() => {
  sink.messages.length = 0;
});

/** A council with one home, a pool, a CYP panel (clerk and chair) and a lead member for children. */
async function homeWithPool(options: { poolMembers: number; dbsLapsedFor?: number[] }) {
  const { db } = direct;
  const council = await createCouncil(db);
  const members = [];
  for (let n = 0; n < options.poolMembers; n += 1)
    members.push(await createMember(db, council.id, { givenName: `Member${n}`, familyName: 'Visitor' }));
  const lead = await createMember(db, council.id, { givenName: 'Lena', familyName: 'Lead', email: `lead-${council.slug}@members.example` });
  await db.member.update({ where: { id: lead.id }, data: { roles: ['COUNCILLOR', 'LEAD_MEMBER_CHILDREN'] } });
  const chair = await createMember(db, council.id, {
    givenName: 'Chris',
    familyName: 'Chair',
    email: `chair-${council.slug}@members.example`,
  });
  await db.panel.create({
    data: {
      councilId: council.id,
      key: 'cyp',
      name: 'CYP Scrutiny Panel',
      kind: 'CYP_SCRUTINY',
      clerkName: 'Clerk',
      clerkEmail: `clerk-${council.slug}@council.example`,
      chairMemberId: chair.id,
    },
  });
  const dbs = await createDbsCourse(db, council.id, { reminderDays: [] });
  for (const [index, member] of members.entries()) {
    const lapsed = options.dbsLapsedFor?.includes(index);
    await db.trainingRecord.create({
      data: {
        councilId: council.id,
        memberId: member.id,
        courseId: dbs.id,
        completedOn: toDbDate(lapsed ? '2023-06-01' : '2025-06-01'),
        expiresOn: toDbDate(lapsed ? '2026-06-01' : '2028-06-01'),
        source: 'OFFICER',
      },
    });
  }
  const pool = await createReg33Pool(db, council.id, {
    approvedOn: '2026-05-01',
    from: '2026-05-01',
    memberIds: members.map((member) => member.id),
  });
  const home = await db.establishment.create({
    data: { councilId: council.id, key: 'oak', name: 'Oakfield House', kind: 'CHILDRENS_HOME' },
  });
  const programme = await db.visitProgramme.create({
    data: { councilId: council.id, establishmentId: home.id, poolId: pool.id, reminderDays: [14, 3], startsOn: toDbDate('2026-05-01') },
  });
  return { council, members, lead, chair, programme };
}

const recipients = () => sink.messages.map((message) => (Array.isArray(message.to) ? message.to[0] : message.to)!.value[0]!.address).sort();

test('a period that closes without a report is missed: officers and the clerk are told; a second miss in a row also reaches the chair and the lead member', async () => {
  const { council, chair, lead, programme } = await homeWithPool({ poolMembers: 2 });
  const september = await activities.openVisitPeriod({
    programmeId: programme.id,
    asOf: '2026-09-01T00:00:00Z',
    periodStart: '2026-09-01',
  });
  if (september.state !== 'OPEN') throw new Error('expected an open period');
  await activities.allocateVisit({ visitId: september.visitId, asOf: '2026-09-01T00:00:00Z' });
  expect(await activities.closeVisitPeriod(september.visitId)).toEqual({ outcome: 'MISSED', consecutiveMisses: 1 });
  await sink.waitForMessages(2);
  expect(recipients()).toEqual([council.alertsEmail, `clerk-${council.slug}@council.example`].sort());
  expect(sink.messages[0]!.subject).toBe('Visit missed: Oakfield House');

  sink.messages.length = 0;
  const october = await activities.openVisitPeriod({ programmeId: programme.id, asOf: '2026-10-01T00:00:00Z', periodStart: '2026-10-01' });
  if (october.state !== 'OPEN') throw new Error('expected an open period');
  await activities.allocateVisit({ visitId: october.visitId, asOf: '2026-10-01T00:00:00Z' });
  expect(await activities.closeVisitPeriod(october.visitId)).toEqual({ outcome: 'MISSED', consecutiveMisses: 2 });
  await sink.waitForMessages(4);
  expect(recipients()).toEqual([council.alertsEmail, `clerk-${council.slug}@council.example`, chair.email, lead.email].sort());
  expect(sink.messages[0]!.subject).toBe('2 visits missed in a row: Oakfield House');
  expect(sink.messages[0]!.text).toContain('second period in a row');

  sink.messages.length = 0;
  expect(await activities.closeVisitPeriod(october.visitId)).toEqual({ outcome: 'MISSED', consecutiveMisses: 2 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sink.messages).toHaveLength(0);
});

test('when nobody in the pool can visit, the officers are told who was passed over and why, and the visit is unallocated', async () => {
  const { council, programme } = await homeWithPool({ poolMembers: 2, dbsLapsedFor: [0, 1] });
  const plan = await activities.openVisitPeriod({ programmeId: programme.id, asOf: '2026-11-02T09:00:00Z' });
  if (plan.state !== 'OPEN') throw new Error('expected an open period');
  expect(await activities.allocateVisit({ visitId: plan.visitId, asOf: '2026-11-02T09:00:00Z' })).toEqual({ invited: [], shortfall: 1 });
  const [alert] = await sink.waitForMessages(1);
  expect(recipients()).toEqual([council.alertsEmail]);
  expect(alert!.subject).toBe('Oakfield House: 1 visitor(s) still needed for Sunday 1 November 2026 to Monday 30 November 2026');
  expect(alert!.text).toContain('Councillor Member0 Visitor: Enhanced DBS check lapsed on Monday 1 June 2026');
  expect(alert!.text).toContain('Councillor Member1 Visitor: Enhanced DBS check lapsed on Monday 1 June 2026');
  expect(await direct.db.visit.findUniqueOrThrow({ where: { id: plan.visitId } })).toMatchObject({ status: 'UNALLOCATED' });
});

test('pausing cancels the open visit and sends each visitor a calendar cancellation; resuming re-invites them', async () => {
  const { programme, members } = await homeWithPool({ poolMembers: 1 });
  const plan = await activities.openVisitPeriod({ programmeId: programme.id, asOf: '2026-11-02T09:00:00Z' });
  if (plan.state !== 'OPEN') throw new Error('expected an open period');
  const { invited } = await activities.allocateVisit({ visitId: plan.visitId, asOf: '2026-11-02T09:00:00Z' });
  await activities.sendVisitInvite(invited[0]!);
  await activities.cancelOpenVisit(plan.visitId);
  await sink.waitForMessages(2);
  const cancellation = sink.messages.find((message) => message.subject?.startsWith('Cancelled:'))!;
  expect(cancellation.text).toContain('paused');
  expect(
    parseInvite(cancellation.attachments.find((attachment) => attachment.filename === 'cancellation.ics')!.content.toString('utf8')),
  ).toMatchObject({
    method: 'CANCEL',
    uid: `visit-${plan.visitId}-${members[0]!.id}@corporate-parenting-engine`,
  });

  sink.messages.length = 0;
  await direct.db.visitProgramme.update({ where: { id: programme.id }, data: { status: 'ACTIVE' } });
  const reopened = await activities.openVisitPeriod({ programmeId: programme.id, asOf: '2026-11-05T09:00:00Z' });
  expect(reopened).toMatchObject({ state: 'OPEN', visitId: plan.visitId });
  const again = await activities.allocateVisit({ visitId: plan.visitId, asOf: '2026-11-05T09:00:00Z' });
  expect(again.invited).toEqual(invited);
  await activities.sendVisitInvite(again.invited[0]!);
  const [reinvite] = await sink.waitForMessages(1);
  expect(reinvite!.subject).toContain('please reply by Tuesday 10 November 2026');
});
