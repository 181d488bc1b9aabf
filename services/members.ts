import { z } from 'zod';

import { addMonths, formatDate, fromDbDate, isWithin, toDbDate, type IsoDate } from '../domain/calendar';
import { isoDateSchema } from '../domain/calendar-input';
import { memberDisplayName } from '../domain/people';
import { cellOf, type TrainingCell } from '../domain/training/reports';
import { servingOn } from '../db/members';
import { positionOnCourse, trainingMemberInclude } from '../db/training/positions';
import { MemberRole, type AssignmentStatus, type Prisma, type VisitStatus } from '../prisma/generated/client';
import { requireWriter } from './access';
import { recordAudit } from './audit';
import { councilToday, type Actor, type ServiceDependencies } from './context';
import { csvFileSchema, readCsvRows, rejectIfProblems, rowField, type CsvFile, type NumberedRow } from './csv-import';
import { nudgePledgeCampaigns, nudgeProgrammesOfPool, nudgeTrainingOfMember } from './duty-signals';
import { ConflictError, InputError, NotFoundError, parseInput, type FieldProblem } from './errors';
import { membersNamedIn, type DirectoryMember } from './member-directory';

// ───────────────────────────── inputs ─────────────────────────────

const ROLE_LIST = Object.keys(MemberRole).join(', ');
const EMAIL_EXAMPLE = 'sam.jones@members.example';

const referenceSchema = z
  .string({ error: 'give the member reference, e.g. NM001 (their payroll or modern.gov id)' })
  .trim()
  .min(1, { error: 'give the member reference, e.g. NM001 (their payroll or modern.gov id)', abort: true })
  .max(40, { error: 'must be at most 40 characters' });

const nameSchema = (what: string) =>
  z
    .string({ error: `give the ${what}` })
    .trim()
    .min(1, { error: `give the ${what}`, abort: true })
    .max(80, { error: 'must be at most 80 characters' });

const emailSchema = z
  .string({ error: `give the email address the member reads, e.g. ${EMAIL_EXAMPLE}` })
  .trim()
  .max(254, { error: 'must be at most 254 characters' })
  .pipe(z.email({ error: `must be an email address, e.g. ${EMAIL_EXAMPLE}` }));

/** A ward or party; blank means none. */
const labelSchema = (example: string) =>
  z
    .string({ error: `must be text, e.g. ${example}` })
    .trim()
    .max(80, { error: 'must be at most 80 characters' })
    .transform((value) => value || null);

/** Role names are matched forgivingly: "cabinet member" is CABINET_MEMBER. */
const roleSchema = z
  .string({ error: `each role must be one of ${ROLE_LIST}` })
  .transform((name) =>
    name
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_'),
  )
  .pipe(z.enum(MemberRole, { error: (issue) => `"${String(issue.input)}" is not a role; use one or more of ${ROLE_LIST}` }));

const ROLES_NEEDED = `give at least one role, e.g. COUNCILLOR (one or more of ${ROLE_LIST})`;

const rolesSchema = z
  .array(roleSchema, { error: `give the roles as a list, e.g. ["COUNCILLOR", "CABINET_MEMBER"] (one or more of ${ROLE_LIST})` })
  .min(1, { error: ROLES_NEEDED })
  .transform((roles) => [...new Set(roles)]);

const memberFields = {
  givenName: nameSchema('given (first) name, e.g. Sam'),
  familyName: nameSchema('family name (surname), e.g. Jones'),
  email: emailSchema,
  ward: labelSchema('Eastgate'),
  party: labelSchema('Independent'),
  roles: rolesSchema,
  /** The day they joined the council: courses required of their roles are due from then. */
  joinedOn: isoDateSchema,
  /** Their most recent election: courses renewed after elections are due again from then. */
  electedOn: isoDateSchema,
};

export const registerMemberInput = z.object({
  reference: referenceSchema,
  ...memberFields,
  ward: memberFields.ward.optional(),
  party: memberFields.party.optional(),
  electedOn: memberFields.electedOn.optional(),
});
export type RegisterMemberInput = z.input<typeof registerMemberInput>;

const CHANGEABLE_FIELDS = ['givenName', 'familyName', 'email', 'ward', 'party', 'roles', 'electedOn'] as const;

/** Only the fields given change; null clears a ward, party or election date. */
export const updateMemberInput = z
  .object({
    reference: referenceSchema,
    givenName: memberFields.givenName.optional(),
    familyName: memberFields.familyName.optional(),
    email: memberFields.email.optional(),
    ward: memberFields.ward.nullable().optional(),
    party: memberFields.party.nullable().optional(),
    roles: memberFields.roles.optional(),
    electedOn: memberFields.electedOn.nullable().optional(),
  })
  .refine((input) => CHANGEABLE_FIELDS.some((field) => input[field] !== undefined), {
    error: `give at least one detail to change: ${CHANGEABLE_FIELDS.join(', ')}`,
  });
export type UpdateMemberInput = z.input<typeof updateMemberInput>;

export const memberLeftInput = z.object({
  reference: referenceSchema,
  /** The day they left: from then on they no longer serve. */
  leftOn: isoDateSchema,
});
export type MemberLeftInput = z.input<typeof memberLeftInput>;

export const listMembersInput = z.object({
  on: isoDateSchema.optional(),
  /** Also list members who have left (and any not yet joined). */
  includeLeft: z.boolean({ error: 'must be true or false' }).optional(),
});
export type ListMembersInput = z.input<typeof listMembersInput>;

export const memberOverviewInput = z.object({ reference: referenceSchema });
export type MemberOverviewInput = z.input<typeof memberOverviewInput>;

export const MEMBER_COLUMNS = [
  'reference',
  'given_name',
  'family_name',
  'email',
  'ward',
  'party',
  'roles',
  'joined_on',
  'elected_on',
] as const;

export const importMembersInput = z.object({
  csv: csvFileSchema(MEMBER_COLUMNS),
});
export type ImportMembersInput = z.input<typeof importMembersInput>;

/** The roles column: names separated by semicolons, e.g. COUNCILLOR;CABINET_MEMBER. */
const roleListColumn = z.string({ error: `${ROLES_NEEDED}, separated by ;` }).transform((text, ctx) => {
  const parsed = rolesSchema.safeParse(text.split(';').filter((name) => name.trim() !== ''));
  if (parsed.success) return parsed.data;
  // One problem per unknown role, all under the roles column.
  for (const issue of parsed.error.issues) ctx.issues.push({ code: 'custom', message: `${issue.message}, separated by ;`, input: text });
  return z.NEVER;
});

/** One row of a member list: a member to register, or (by reference) one whose details are replaced. */
export const memberRow = z.object({
  reference: referenceSchema,
  given_name: memberFields.givenName,
  family_name: memberFields.familyName,
  email: memberFields.email,
  ward: memberFields.ward.optional(),
  party: memberFields.party.optional(),
  roles: roleListColumn,
  joined_on: memberFields.joinedOn,
  elected_on: memberFields.electedOn.optional(),
});
export type MemberRow = z.infer<typeof memberRow>;

// ───────────────────────────── results ─────────────────────────────

/** What an officer records about a member, dates as IsoDates. */
export interface MemberDetails {
  givenName: string;
  familyName: string;
  email: string;
  ward: string | null;
  party: string | null;
  roles: MemberRole[];
  joinedOn: IsoDate;
  electedOn: IsoDate | null;
}

export interface MemberEntry extends MemberDetails {
  reference: string;
  /** How the member is addressed: "Councillor Sam Jones", or the name alone for co-opted members. */
  name: string;
  /** The day they left, from which they no longer serve; null while they serve. */
  leftOn: IsoDate | null;
}

export interface ListedMember extends MemberEntry {
  /** Whether they serve on the day listed. */
  serving: boolean;
}

export interface MemberList {
  on: IsoDate;
  members: ListedMember[];
}

export type MemberField = (typeof CHANGEABLE_FIELDS)[number];

export interface UpdatedMember {
  member: MemberEntry;
  /** The fields whose values changed; empty when everything given was already recorded. */
  changed: MemberField[];
}

export interface LeftMember {
  member: MemberEntry;
  /** Pool spells and panel seats that now end on the day they left, or were removed because they were to start later. */
  poolSpellsEnded: number;
  seatsEnded: number;
}

/** A member's details and what an officer checks beside them: their pools, visits and training. */
export interface MemberOverview {
  today: IsoDate;
  member: ListedMember;
  /** Their spells in the council's pools, latest first; `current` when a spell covers today. */
  pools: Array<{ key: string; name: string; from: IsoDate; to: IsoDate | null; current: boolean }>;
  /** Visits they were asked to make whose period has not ended or ended within the last year, latest first. */
  visits: Array<{
    visitId: string;
    establishment: string;
    periodStart: IsoDate;
    periodEnd: IsoDate;
    status: VisitStatus;
    /** Their answer to the invitation. */
    answer: AssignmentStatus;
  }>;
  /** Courses required of them today or that they have done, with where they stand. */
  training: Array<Omit<TrainingCell, 'completedInPeriod'> & { title: string }>;
}

/** What importing a member list would do, row by row. */
export interface MemberImportPreview {
  additions: Array<{ row: number; reference: string; name: string; details: MemberDetails }>;
  updates: Array<{ row: number; reference: string; name: string; changes: DetailChange[] }>;
  /** Rows matching what is recorded: importing them changes nothing. */
  unchanged: Array<{ row: number; reference: string; name: string }>;
}

export interface DetailChange {
  field: keyof MemberDetails;
  recorded: MemberDetails[keyof MemberDetails];
  wanted: MemberDetails[keyof MemberDetails];
}

// ───────────────────────────── use cases ─────────────────────────────

/** Registers a member; their training cycles and the live pledge campaign pick them up. */
export async function registerMember(deps: ServiceDependencies, actor: Actor, input: RegisterMemberInput): Promise<MemberEntry> {
  const { reference, ...given } = parseInput(registerMemberInput, input);
  requireWriter(actor, 'register or change members');
  const details = completeDetails(given);
  const member = await deps.db.$transaction(async (tx) => {
    await lockMemberList(tx, actor.councilId);
    await refuseClashes(tx, actor.councilId, reference, details.email);
    const created = await tx.member.create({
      data: { councilId: actor.councilId, reference, ...columnsOf(details) },
      select: memberEntrySelect,
    });
    await recordAudit(tx, actor, 'member.registered', { type: 'Member', id: created.id }, { reference });
    return created;
  });
  await nudgeDutiesOf(deps, actor.councilId, [member.id]);
  return entryOf(member);
}

/** Changes the details given; their duties look again when anything changed. */
export async function updateMember(deps: ServiceDependencies, actor: Actor, input: UpdateMemberInput): Promise<UpdatedMember> {
  const { reference, ...wanted } = parseInput(updateMemberInput, input);
  requireWriter(actor, 'register or change members');
  const outcome = await deps.db.$transaction(async (tx) => {
    await lockMemberList(tx, actor.councilId);
    const member = await memberByReference(tx, actor.councilId, reference);
    if (wanted.email !== undefined) await refuseEmailClash(tx, actor.councilId, wanted.email, member.id);
    const changes = changesFrom(member, wanted);
    const changed = Object.keys(changes) as MemberField[];
    if (changed.length === 0) return { member, changed };
    const updated = await tx.member.update({ where: { id: member.id }, data: columnsOf(changes), select: memberEntrySelect });
    await recordAudit(tx, actor, 'member.updated', { type: 'Member', id: member.id }, { reference, changed });
    return { member: updated, changed };
  });
  if (outcome.changed.length) await nudgeDutiesOf(deps, actor.councilId, [outcome.member.id]);
  return { member: entryOf(outcome.member), changed: outcome.changed };
}

/**
 * Records that a member left the council. Their pool spells and panel seats
 * end that day, so the rota stops choosing them and the courses those
 * required fall away; spells and seats planned to start later are removed.
 * What they did while serving (visits, reports, training, pledge
 * signatures) is kept.
 */
export async function recordMemberLeft(deps: ServiceDependencies, actor: Actor, input: MemberLeftInput): Promise<LeftMember> {
  const { reference, leftOn } = parseInput(memberLeftInput, input);
  requireWriter(actor, 'register or change members');
  const outcome = await deps.db.$transaction(async (tx) => {
    await lockMemberList(tx, actor.councilId);
    const member = await memberByReference(tx, actor.councilId, reference);
    if (member.leftOn) {
      throw new ConflictError(
        `${whoIs(member)} already left the council on ${formatDate(fromDbDate(member.leftOn))}, so nothing was changed; see who has left with \`cpe members list --all\`.`,
      );
    }
    const joinedOn = fromDbDate(member.joinedOn);
    if (leftOn < joinedOn) {
      throw new InputError([
        { field: 'leftOn', message: `is before ${formatDate(joinedOn)}, when ${whoIs(member)} joined the council; give the day they left` },
      ]);
    }
    const left = await tx.member.update({ where: { id: member.id }, data: { leftOn: toDbDate(leftOn) }, select: memberEntrySelect });
    const pools = await endPoolSpells(tx, member.id, leftOn);
    const seatsEnded = await endPanelSeats(tx, member.id, leftOn);
    await recordAudit(
      tx,
      actor,
      'member.left',
      { type: 'Member', id: member.id },
      { reference, leftOn, poolSpellsEnded: pools.spellsEnded, seatsEnded },
    );
    return { member: left, poolIds: pools.poolIds, poolSpellsEnded: pools.spellsEnded, seatsEnded };
  });
  // Programmes drawing on their pools look again, so a visit they were asked to make can go to someone else.
  for (const poolId of outcome.poolIds) await nudgeProgrammesOfPool(deps, poolId);
  await nudgeDutiesOf(deps, actor.councilId, [outcome.member.id]);
  return { member: entryOf(outcome.member), poolSpellsEnded: outcome.poolSpellsEnded, seatsEnded: outcome.seatsEnded };
}

/** Members serving on `on` (default today in the council's zone), or with `includeLeft` every member recorded. */
export async function listMembers(deps: ServiceDependencies, actor: Actor, input: ListMembersInput = {}): Promise<MemberList> {
  const values = parseInput(listMembersInput, input);
  const on = values.on ?? (await councilToday(deps, actor.councilId));
  const members = await deps.db.member.findMany({
    where: { councilId: actor.councilId, ...(values.includeLeft ? {} : servingOn(on)) },
    orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }, { reference: 'asc' }],
    select: memberEntrySelect,
  });
  return { on, members: members.map(entryOf).map((entry) => ({ ...entry, serving: isServing(entry, on) })) };
}

/** The member by reference, with their pool spells, recent and coming visits, and training on each course that concerns them. */
export async function memberOverview(deps: ServiceDependencies, actor: Actor, input: MemberOverviewInput): Promise<MemberOverview> {
  const { reference } = parseInput(memberOverviewInput, input);
  const stored = await memberByReference(deps.db, actor.councilId, reference);
  const today = await councilToday(deps, actor.councilId);
  const member = await deps.db.member.findUniqueOrThrow({
    where: { id: stored.id },
    include: {
      ...trainingMemberInclude,
      poolMemberships: { include: { pool: { select: { key: true, name: true, purpose: true } } }, orderBy: { fromDate: 'desc' } },
      trainingRecords: { select: { courseId: true, completedOn: true, expiresOn: true, verifiedAt: true } },
    },
  });
  const assignments = await deps.db.visitAssignment.findMany({
    where: { memberId: member.id, visit: { periodEnd: { gte: toDbDate(addMonths(today, -12)) } } },
    orderBy: { visit: { periodStart: 'desc' } },
    select: {
      status: true,
      visit: { select: { id: true, periodStart: true, periodEnd: true, status: true, establishment: { select: { name: true } } } },
    },
  });
  const courses = await deps.db.course.findMany({ where: { councilId: actor.councilId }, orderBy: { title: 'asc' } });
  const entry = entryOf(stored);
  return {
    today,
    member: { ...entry, serving: isServing(entry, today) },
    pools: member.poolMemberships.map(({ pool, fromDate, toDate }) => {
      const spell = { from: fromDbDate(fromDate), to: toDate && fromDbDate(toDate) };
      return { key: pool.key, name: pool.name, ...spell, current: isWithin(today, spell.from, spell.to) };
    }),
    visits: assignments.map(({ status, visit }) => ({
      visitId: visit.id,
      establishment: visit.establishment.name,
      periodStart: fromDbDate(visit.periodStart),
      periodEnd: fromDbDate(visit.periodEnd),
      status: visit.status,
      answer: status,
    })),
    training: courses.flatMap((course) => {
      const records = member.trainingRecords.filter((record) => record.courseId === course.id);
      const { position } = positionOnCourse(member, course, records, today);
      if (!position.required && records.length === 0) return [];
      const { completedInPeriod: _notAsked, ...standing } = cellOf(course.key, position, []);
      return [{ ...standing, title: course.title }];
    }),
  };
}

/**
 * Imports the council's member list, e.g. exported from its committee
 * system: new references are registered, and recorded ones take the file's
 * details (blank ward, party or elected_on leave what is recorded). Every row
 * or none: all problems are reported together by row. Members added or
 * changed have their duties looked at again.
 */
export async function importMembers(
  deps: ServiceDependencies,
  actor: Actor,
  input: ImportMembersInput,
): Promise<{ added: number; updated: number }> {
  const { csv } = parseInput(importMembersInput, input);
  requireWriter(actor, 'register or change members');
  const touched = await deps.db.$transaction(async (tx) => {
    await lockMemberList(tx, actor.councilId);
    const plan = await planImport(tx, actor.councilId, csv);
    const added = await tx.member.createManyAndReturn({
      data: plan.additions.map(({ reference, details }) => ({ councilId: actor.councilId, reference, ...columnsOf(details) })),
      select: { id: true, reference: true },
    });
    for (const { member, changes } of plan.updates) await tx.member.update({ where: { id: member.id }, data: columnsOf(changes) });
    await recordAudit(
      tx,
      actor,
      'members.imported',
      { type: 'Council', id: actor.councilId },
      {
        added: added.length,
        updated: plan.updates.length,
        addedReferences: added.map((member) => member.reference),
        changedFields: Object.fromEntries(plan.updates.map(({ member, changes }) => [member.reference, Object.keys(changes)])),
      },
    );
    return { added: added.map((member) => member.id), updated: plan.updates.map(({ member }) => member.id) };
  });
  await nudgeDutiesOf(deps, actor.councilId, [...touched.added, ...touched.updated]);
  return { added: touched.added.length, updated: touched.updated.length };
}

/**
 * What importing the member list would do, row by row, with the same checks
 * as the import; nothing is written. A file with problems is refused with
 * all of them, as the import would refuse it.
 */
export async function previewMemberImport(
  deps: ServiceDependencies,
  actor: Actor,
  input: ImportMembersInput,
): Promise<MemberImportPreview> {
  const { csv } = parseInput(importMembersInput, input);
  requireWriter(actor, 'register or change members');
  const plan = await planImport(deps.db, actor.councilId, csv);
  const named = (member: NamedMember) => ({ reference: member.reference, name: memberDisplayName(member) });
  return {
    additions: plan.additions.map(({ row, reference, details }) => ({ row, reference, name: memberDisplayName(details), details })),
    updates: plan.updates.map(({ row, member, changes }) => {
      const recorded = recordedDetails(member);
      const fields = Object.keys(changes) as Array<keyof MemberDetails>;
      return { row, ...named(member), changes: fields.map((field) => ({ field, recorded: recorded[field], wanted: changes[field]! })) };
    }),
    unchanged: plan.unchanged.map(({ row, member }) => ({ row, ...named(member) })),
  };
}

// ───────────────────────────── helpers ─────────────────────────────

type Tx = Prisma.TransactionClient;

const memberEntrySelect = {
  id: true,
  reference: true,
  givenName: true,
  familyName: true,
  email: true,
  ward: true,
  party: true,
  roles: true,
  joinedOn: true,
  electedOn: true,
  leftOn: true,
} satisfies Prisma.MemberSelect;
type StoredMember = Prisma.MemberGetPayload<{ select: typeof memberEntrySelect }>;

function entryOf({ id: _id, joinedOn, electedOn, leftOn, ...member }: StoredMember): MemberEntry {
  return {
    ...member,
    name: memberDisplayName(member),
    joinedOn: fromDbDate(joinedOn),
    electedOn: electedOn && fromDbDate(electedOn),
    leftOn: leftOn && fromDbDate(leftOn),
  };
}

const isServing = (member: Pick<MemberEntry, 'joinedOn' | 'leftOn'>, on: IsoDate) =>
  member.joinedOn <= on && (member.leftOn === null || member.leftOn > on);

/** A new member's details: no ward, party or election unless given. */
const completeDetails = (given: Partial<MemberDetails> & Omit<MemberDetails, 'ward' | 'party' | 'electedOn'>): MemberDetails => ({
  ...given,
  ward: given.ward ?? null,
  party: given.party ?? null,
  electedOn: given.electedOn ?? null,
});

type MemberColumns = Omit<MemberDetails, 'joinedOn' | 'electedOn'> & { joinedOn: Date; electedOn: Date | null };

/** The columns of the details given; dates become Postgres dates. */
function columnsOf(details: MemberDetails): MemberColumns;
function columnsOf(details: Partial<MemberDetails>): Partial<MemberColumns>;
function columnsOf({ joinedOn, electedOn, ...rest }: Partial<MemberDetails>): Partial<MemberColumns> {
  return {
    ...rest,
    ...(joinedOn !== undefined && { joinedOn: toDbDate(joinedOn) }),
    ...(electedOn !== undefined && { electedOn: electedOn === null ? null : toDbDate(electedOn) }),
  };
}

const sameValue = (recorded: unknown, wanted: unknown) =>
  Array.isArray(recorded) && Array.isArray(wanted)
    ? recorded.length === wanted.length && wanted.every((value) => recorded.includes(value))
    : recorded === wanted;

const recordedDetails = (member: StoredMember): MemberDetails => ({
  givenName: member.givenName,
  familyName: member.familyName,
  email: member.email,
  ward: member.ward,
  party: member.party,
  roles: member.roles,
  joinedOn: fromDbDate(member.joinedOn),
  electedOn: member.electedOn && fromDbDate(member.electedOn),
});

/** The wanted details that differ from what is recorded. */
function changesFrom(member: StoredMember, wanted: Partial<MemberDetails>): Partial<MemberDetails> {
  const recorded = recordedDetails(member);
  return Object.fromEntries(
    Object.entries(wanted).filter(([field, value]) => value !== undefined && !sameValue(recorded[field as keyof MemberDetails], value)),
  );
}

/**
 * Serialises changes to a council's member list, so the checks for clashing
 * references and emails see each other's work. NO KEY UPDATE leaves rows
 * that merely refer to the council (audit events, emails) free to be written.
 */
async function lockMemberList(tx: Tx, councilId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "Council" WHERE "id" = ${councilId}::uuid FOR NO KEY UPDATE`;
}

/** The member by reference within the actor's council: another council's member is simply not found. */
async function memberByReference(tx: Tx, councilId: string, reference: string): Promise<StoredMember> {
  const member = await tx.member.findUnique({ where: { councilId_reference: { councilId, reference } }, select: memberEntrySelect });
  if (!member) throw new NotFoundError('member', reference);
  return member;
}

type NamedMember = { reference: string; givenName: string; familyName: string; roles: readonly string[] };

const whoIs = (member: NamedMember) => `${memberDisplayName(member)} (${member.reference})`;

/** "sam@… is already used by Councillor Sam Jones (NM004); …", with what to do. */
const emailTaken = (email: string, owner: NamedMember) =>
  `${email} is already used by ${whoIs(owner)}; each member needs their own address, so give another one, or change theirs first with \`cpe members update ${owner.reference} --email …\``;

/** Refuses a new member whose reference or email (in any case) another member of the council has, naming whose. */
async function refuseClashes(tx: Tx, councilId: string, reference: string, email: string): Promise<void> {
  const clashing = await tx.member.findMany({
    where: { councilId, OR: [{ reference }, { email: { equals: email, mode: 'insensitive' } }] },
    select: { reference: true, email: true, givenName: true, familyName: true, roles: true },
  });
  const messages: string[] = [];
  for (const member of clashing) {
    if (member.reference === reference) {
      messages.push(
        `The reference ${reference} is already used by ${whoIs(member)}; give the new member their own reference, or if this is the same person, change their details with \`cpe members update ${reference}\`.`,
      );
    }
    if (member.email.toLowerCase() === email.toLowerCase()) messages.push(`The email ${emailTaken(email, member)}.`);
  }
  if (messages.length) throw new ConflictError(messages.join(' '));
}

async function refuseEmailClash(tx: Tx, councilId: string, email: string, memberId: string): Promise<void> {
  const owner = await tx.member.findFirst({
    where: { councilId, email: { equals: email, mode: 'insensitive' }, id: { not: memberId } },
    select: { reference: true, givenName: true, familyName: true, roles: true },
  });
  if (owner) throw new ConflictError(`The email ${emailTaken(email, owner)}.`);
}

/** Ends the member's pool spells that run past `on`, and removes those that start after it. */
async function endPoolSpells(tx: Tx, memberId: string, on: IsoDate): Promise<{ poolIds: string[]; spellsEnded: number }> {
  const runningPast = { memberId, OR: [{ toDate: null }, { toDate: { gt: toDbDate(on) } }] } satisfies Prisma.PoolMembershipWhereInput;
  const spells = await tx.poolMembership.findMany({ where: runningPast, select: { poolId: true } });
  const planned = await tx.poolMembership.deleteMany({ where: { ...runningPast, fromDate: { gt: toDbDate(on) } } });
  const ended = await tx.poolMembership.updateMany({ where: runningPast, data: { toDate: toDbDate(on) } });
  return { poolIds: [...new Set(spells.map((spell) => spell.poolId))], spellsEnded: ended.count + planned.count };
}

/** Ends the member's panel seats that run past `on`, and removes those that start after it. */
async function endPanelSeats(tx: Tx, memberId: string, on: IsoDate): Promise<number> {
  const runningPast = { memberId, OR: [{ toDate: null }, { toDate: { gt: toDbDate(on) } }] } satisfies Prisma.PanelSeatWhereInput;
  const planned = await tx.panelSeat.deleteMany({ where: { ...runningPast, fromDate: { gt: toDbDate(on) } } });
  const ended = await tx.panelSeat.updateMany({ where: runningPast, data: { toDate: toDbDate(on) } });
  return ended.count + planned.count;
}

/** Each member's training cycles look again, and so do the live pledge campaigns of the council. */
async function nudgeDutiesOf(deps: ServiceDependencies, councilId: string, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  for (const memberId of memberIds) await nudgeTrainingOfMember(deps, memberId);
  await nudgePledgeCampaigns(deps, councilId);
}

// ───────────────────────────── imports ─────────────────────────────

interface ImportPlan {
  additions: Array<{ row: number; reference: string; details: MemberDetails }>;
  updates: Array<{ row: number; member: DirectoryMember; changes: Partial<MemberDetails> }>;
  unchanged: Array<{ row: number; member: DirectoryMember }>;
}

/**
 * Reads a member list and works out, against the members recorded, what
 * importing it does: the members to add and the changes to make, or an
 * InputError listing every problem in the file, in row order.
 */
async function planImport(db: Tx, councilId: string, csv: CsvFile): Promise<ImportPlan> {
  const { rows, problems } = readCsvRows(csv, memberRow, MEMBER_COLUMNS);
  const directory = await membersNamedIn(
    db,
    councilId,
    rows.map(({ row, data }) => ({ row, data: { member_reference: data.reference, email: data.email } })),
  );
  const plan: ImportPlan = { additions: [], updates: [], unchanged: [] };
  for (const [index, { row, data }] of rows.entries()) {
    problems.push(...repeatsOf(row, data, rows.slice(0, index)));
    const recorded = directory.byReference.get(data.reference);
    const owner = directory.byEmail.get(data.email.toLowerCase());
    if (owner && owner.id !== recorded?.id) problems.push({ field: rowField(row, 'email'), message: emailTaken(data.email, owner) });
    const details = detailsOfRow(data);
    if (!recorded) {
      plan.additions.push({ row, reference: data.reference, details: completeDetails(details) });
      continue;
    }
    const leftOn = recorded.leftOn && fromDbDate(recorded.leftOn);
    if (leftOn && details.joinedOn >= leftOn) {
      problems.push({
        field: rowField(row, 'joined_on'),
        message: `is on or after ${formatDate(leftOn)}, when ${whoIs(recorded)} left the council; give the day they joined`,
      });
    }
    const changes = changesFrom(recorded, details);
    if (Object.keys(changes).length) plan.updates.push({ row, member: recorded, changes });
    else plan.unchanged.push({ row, member: recorded });
  }
  rejectIfProblems(problems);
  return plan;
}

/** A row's details; blank optional columns are left out, so they leave what is recorded. */
function detailsOfRow(data: MemberRow): Partial<MemberDetails> & Omit<MemberDetails, 'ward' | 'party' | 'electedOn'> {
  return {
    givenName: data.given_name,
    familyName: data.family_name,
    email: data.email,
    roles: data.roles,
    joinedOn: data.joined_on,
    ...(data.ward && { ward: data.ward }),
    ...(data.party && { party: data.party }),
    ...(data.elected_on && { electedOn: data.elected_on }),
  };
}

/** Each member appears once in a file, with their own address. */
function repeatsOf(row: number, data: MemberRow, earlier: Array<NumberedRow<MemberRow>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const sameReference = earlier.find((other) => other.data.reference === data.reference);
  if (sameReference) {
    problems.push({
      field: rowField(row, 'reference'),
      message: `repeats ${data.reference} from row ${sameReference.row}; each member appears once, so remove or merge one of the rows`,
    });
  }
  const sameEmail = earlier.find((other) => other.data.email.toLowerCase() === data.email.toLowerCase());
  if (sameEmail) {
    problems.push({
      field: rowField(row, 'email'),
      message: `repeats the email of row ${sameEmail.row} (${sameEmail.data.reference}); each member needs their own address`,
    });
  }
  return problems;
}
