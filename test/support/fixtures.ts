import { randomUUID } from 'node:crypto';

import { addDays, instantAt, toDbDate, type IsoDate } from '../../domain/calendar';
import type { Db } from '../../db/client';
import { signLink } from '../../links/signed-links';
import type { Prisma } from '../../prisma/generated/client';
import type { Actor, ServiceDependencies } from '../../services/context';
import { hashPassword } from '../../services/officer-auth';
import { importPoolMembers, registerPool } from '../../services/visits/pools';
import { TEST_LINK_SECRET } from './activities';

/** A small council for a test; the demo council in seeds/ is for people. */
export async function createCouncil(db: Db, name = 'Testshire County Council') {
  const slug = `test-${randomUUID().slice(0, 8)}`;
  return db.council.create({ data: { slug, name, alertsEmail: `democratic.services@${slug}.example` } });
}

/**
 * Another council, Otherton, with an officer who can sign in: the one a
 * test has look for this council's records and find none.
 */
export async function createOtherCouncilOfficer(db: Db, role: Actor['role'] = 'OFFICER') {
  const council = await createCouncil(db, 'Otherton Borough Council');
  const password = 'otherton password';
  const email = 'olu@otherton.example';
  await db.officer.create({ data: { councilId: council.id, name: 'Olu Other', email, role, passwordHash: await hashPassword(password) } });
  return { id: council.id, slug: council.slug, email, password };
}

export async function createPanelWithMeeting(
  db: Db,
  councilId: string,
  options: { recipients: Array<{ name: string; email: string }>; startsAt: Date },
) {
  const panel = await db.panel.create({
    data: {
      councilId,
      key: `panel-${randomUUID().slice(0, 8)}`,
      name: 'Children and Young People Scrutiny Panel',
      kind: 'CYP_SCRUTINY',
      distribution: { create: options.recipients.map((recipient) => ({ councilId, ...recipient })) },
    },
  });
  const meeting = await db.panelMeeting.create({
    data: { councilId, panelId: panel.id, startsAt: options.startsAt, location: 'Committee Room 1, Town Hall' },
  });
  return { panel, meeting };
}

export async function createMember(
  db: Db,
  councilId: string,
  overrides: Partial<{ givenName: string; familyName: string; email: string; joinedOn: string }> = {},
) {
  const reference = `M${randomUUID().slice(0, 6)}`;
  return db.member.create({
    data: {
      councilId,
      reference,
      givenName: overrides.givenName ?? 'Alex',
      familyName: overrides.familyName ?? `Member ${reference}`,
      email: overrides.email ?? `${reference.toLowerCase()}@members.example`,
      roles: ['COUNCILLOR'],
      joinedOn: toDbDate(overrides.joinedOn ?? '2022-05-05'),
    },
  });
}

/** Three members for a CSV to name in each way an import finds a member: by reference, by email, and by both. */
export async function createMembersToFind(db: Db, councilId: string) {
  return {
    byReference: await createMember(db, councilId, { familyName: 'Adebayo' }),
    byEmail: await createMember(db, councilId, { familyName: 'Brennan' }),
    byBoth: await createMember(db, councilId, { familyName: 'Chowdhury' }),
  };
}

/** An officer of the council with `role`, as the services' actor. */
export async function createOfficer(db: Db, councilId: string, role: Actor['role']): Promise<Actor> {
  const row = await db.officer.create({
    data: { councilId, name: `${role} officer`, email: `${randomUUID().slice(0, 8)}@officers.example`, role },
  });
  return { councilId, officerId: row.id, role };
}

/** An officer of the council who signs in with an email and password, as the browser tests do. */
export async function createOfficerWithPassword(
  db: Db,
  councilId: string,
  officer: { name: string; email: string; password: string; role: Actor['role'] },
) {
  const { password, ...details } = officer;
  return db.officer.create({ data: { councilId, ...details, passwordHash: await hashPassword(password) } });
}

/** An enhanced DBS check, valid three years and needed to visit children's homes, reminded `reminderDays` before it expires. */
export function createDbsCourse(
  db: Db,
  councilId: string,
  options: Pick<Prisma.CourseUncheckedCreateInput, 'reminderDays' | 'requiredForRoles'>,
) {
  return db.course.create({
    data: {
      councilId,
      key: 'dbs',
      title: 'Enhanced DBS check',
      kind: 'DBS_CHECK',
      validityMonths: 36,
      requiredForPools: ['REG33_HOMES'],
      ...options,
    },
  });
}

/** The panel's quarterly summary of Regulation 33 visits (a generated report), on the municipal year. */
export function createReg33QuarterlyDuty(db: Db, councilId: string, panelId: string, key = 'reg33-quarterly') {
  return db.reportDuty.create({
    data: {
      councilId,
      panelId,
      key,
      title: 'Regulation 33 visits: quarterly summary',
      authoring: 'GENERATED',
      generator: 'visit-summary:REG33_HOMES',
      cadence: 'QUARTERLY',
      yearBasis: 'MUNICIPAL',
    },
  });
}

/** The council's Regulation 33 pool (key reg33), approved by Cabinet on `approvedOn`, with the members in it from `from`. */
export function createReg33Pool(db: Db, councilId: string, options: { approvedOn: IsoDate; from: IsoDate; memberIds: string[] }) {
  return db.pool.create({
    data: {
      councilId,
      key: 'reg33',
      name: 'Regulation 33 pool',
      purpose: 'REG33_HOMES',
      approvedBy: 'Cabinet',
      approvedOn: toDbDate(options.approvedOn),
      memberships: { create: options.memberIds.map((memberId) => ({ councilId, memberId, fromDate: toDbDate(options.from) })) },
    },
  });
}

/**
 * The same pool as an officer registers it through the services, approved
 * on `since`, with `members` added from a CSV file from that day; returns
 * what the import added.
 */
export async function registerReg33Pool(
  deps: ServiceDependencies,
  officer: Actor,
  since: IsoDate,
  members: ReadonlyArray<{ reference: string; email: string }>,
) {
  await registerPool(deps, officer, {
    key: 'reg33',
    name: 'Regulation 33 pool',
    purpose: 'REG33_HOMES',
    approvedBy: 'Cabinet',
    approvedOn: since,
  });
  const csv = ['member_reference,email,from,to', ...members.map((member) => `${member.reference},${member.email},${since},`)].join('\n');
  return importPoolMembers(deps, officer, { poolKey: 'reg33', csv });
}

/** A home with its manager (if any), and a visit this month accepted by one member: the visit and the member's link to it (a path). */
export async function createAcceptedVisit(db: Db, councilId: string, options: { today: IsoDate; managerEmail: string | null }) {
  const { today } = options;
  const member = await createMember(db, councilId, { givenName: 'Amara', familyName: 'Okafor', email: 'amara@members.example' });
  const pool = await createReg33Pool(db, councilId, { approvedOn: addDays(today, -60), from: addDays(today, -60), memberIds: [member.id] });
  const home = await db.establishment.create({
    data: {
      councilId,
      key: 'oakfield',
      name: 'Oakfield House',
      kind: 'CHILDRENS_HOME',
      managerName: 'Morgan Manager',
      managerEmail: options.managerEmail,
    },
  });
  const programme = await db.visitProgramme.create({
    data: { councilId, establishmentId: home.id, poolId: pool.id, startsOn: toDbDate(addDays(today, -30)) },
  });
  const visit = await db.visit.create({
    data: {
      councilId,
      programmeId: programme.id,
      establishmentId: home.id,
      periodStart: toDbDate(addDays(today, -10)),
      periodEnd: toDbDate(addDays(today, 20)),
      assignments: { create: { councilId, memberId: member.id, status: 'ACCEPTED' } },
    },
    include: { assignments: true },
  });
  const claims = { purpose: 'visit' as const, councilId, subjectId: visit.assignments[0]!.id, memberId: member.id };
  return {
    visitId: visit.id,
    memberLink: `/m/${signLink(TEST_LINK_SECRET, { ...claims, expiresAt: instantAt(addDays(today, 30), '00:00') })}`,
  };
}
