import { z } from 'zod';

import { formatDate, fromDbDate, isWithin, toDbDate, type IsoDate } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import { memberDisplayName } from '../../domain/people';
import { describeSpell, spellsOverlap, type Spell } from '../../domain/visits/pools';
import { PoolPurpose, Prisma } from '../../prisma/generated/client';
import { recordAudit } from '../audit';
import { councilToday, type Actor, type ServiceDependencies } from '../context';
import { requireWriter } from '../access';
import { csvFileSchema, readCsvRows, rowField, type CsvFile, type NumberedRow } from '../csv-import';
import { ConflictError, InputError, NotFoundError, parseInput, type FieldProblem } from '../errors';
import { nudgeProgrammesOfPool } from '../duty-signals';
import { checkMemberRows, memberNamingRowSchema, membersNamedIn, type DirectoryMember, type MemberDirectory } from '../member-directory';

// ───────────────────────────── inputs ─────────────────────────────

const poolKeySchema = z
  .string({ error: 'give the pool key, e.g. reg33-pool (see `cpe pools list`)' })
  .trim()
  .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens, e.g. reg33-pool' })
  .max(60, { error: 'must be at most 60 characters' });

export const registerPoolInput = z.object({
  key: poolKeySchema,
  name: z
    .string({ error: 'give the name people know the pool by, e.g. "Regulation 33 visiting pool"' })
    .trim()
    .min(1, { error: 'give the name people know the pool by, e.g. "Regulation 33 visiting pool"' })
    .max(120, { error: 'must be at most 120 characters' }),
  purpose: z.enum(PoolPurpose, {
    error: "must be REG33_HOMES (visits to children's homes) or REC41_OFFICES (visits to social work offices)",
  }),
  approvedBy: z
    .string({ error: 'name the body that agreed the pool, e.g. "Cabinet"' })
    .trim()
    .min(1, { error: 'name the body that agreed the pool, e.g. "Cabinet"' })
    .max(120, { error: 'must be at most 120 characters' }),
  approvedOn: isoDateSchema,
});
export type RegisterPoolInput = z.infer<typeof registerPoolInput>;

export const poolMembersInput = z.object({ poolKey: poolKeySchema, on: isoDateSchema.optional() });
export type PoolMembersInput = z.infer<typeof poolMembersInput>;

export const POOL_MEMBER_COLUMNS = ['member_reference', 'email', 'from', 'to'] as const;

export const importPoolMembersInput = z.object({
  poolKey: poolKeySchema,
  csv: csvFileSchema(POOL_MEMBER_COLUMNS),
});
export type ImportPoolMembersInput = z.infer<typeof importPoolMembersInput>;

/** One row of a pool import file: a spell of membership for one member. */
export const poolMemberRow = memberNamingRowSchema({ from: isoDateSchema, to: isoDateSchema.optional() }).refine(
  (row) => row.to === undefined || row.to >= row.from,
  {
    path: ['to'],
    error: 'is before from; give the last day in the pool (on or after from), or leave it blank if the member stays',
    // Comparing is only meaningful once both dates are valid; a bad date has its own problem.
    when: ({ issues }) => !issues.some((issue) => issue.path?.[0] === 'from' || issue.path?.[0] === 'to'),
  },
);
export type PoolMemberRow = z.infer<typeof poolMemberRow>;

export const endPoolMembershipInput = z.object({
  poolKey: poolKeySchema,
  memberReference: z
    .string({ error: 'give the member reference, e.g. NM001' })
    .trim()
    .min(1, { error: 'give the member reference, e.g. NM001' }),
  /** The member's last day in the pool. */
  on: isoDateSchema,
});
export type EndPoolMembershipInput = z.infer<typeof endPoolMembershipInput>;

// ───────────────────────────── results ─────────────────────────────

export interface PoolSummary {
  key: string;
  name: string;
  purpose: PoolPurpose;
  /** The body that agreed the pool, e.g. "Cabinet". */
  approvedBy: string;
  approvedOn: IsoDate;
  /** Members in the pool today, in the council's time zone. */
  membersNow: number;
}

export interface PoolMemberEntry {
  reference: string;
  name: string;
  email: string;
  /** Whether a spell covers the date asked about. */
  inPool: boolean;
  spells: Spell[];
}

/** What importing a file into a pool would add: one spell per row. */
export interface PoolImportPreview {
  pool: { key: string; name: string };
  spells: Array<Spell & { row: number; reference: string; name: string }>;
}

export interface PoolMembers {
  pool: { key: string; name: string; purpose: PoolPurpose; approvedBy: string; approvedOn: IsoDate };
  on: IsoDate;
  members: PoolMemberEntry[];
}

// ───────────────────────────── use cases ─────────────────────────────

/** Registers a pool agreed by Cabinet (or another body); members are added by import. */
export async function registerPool(deps: ServiceDependencies, actor: Actor, input: RegisterPoolInput): Promise<PoolSummary> {
  const values = parseInput(registerPoolInput, input);
  requireWriter(actor, 'register pools');
  try {
    await deps.db.$transaction(async (tx) => {
      const pool = await tx.pool.create({
        data: { councilId: actor.councilId, ...values, approvedOn: toDbDate(values.approvedOn) },
        select: { id: true },
      });
      await recordAudit(tx, actor, 'pool.registered', { type: 'Pool', id: pool.id }, { key: values.key });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError(
        `A pool with key "${values.key}" is already registered in this council; choose another key, or import members into that pool.`,
      );
    }
    throw error;
  }
  return { ...values, membersNow: 0 };
}

/** The council's pools with their approval and how many members are in each today. */
export async function listPools(deps: ServiceDependencies, actor: Actor): Promise<PoolSummary[]> {
  const today = toDbDate(await councilToday(deps, actor.councilId));
  const pools = await deps.db.pool.findMany({
    where: { councilId: actor.councilId },
    orderBy: { name: 'asc' },
    select: {
      key: true,
      name: true,
      purpose: true,
      approvedBy: true,
      approvedOn: true,
      // Spells of one member never overlap, so spells covering today count members.
      _count: { select: { memberships: { where: { fromDate: { lte: today }, OR: [{ toDate: null }, { toDate: { gte: today } }] } } } },
    },
  });
  return pools.map(({ _count, approvedOn, ...pool }) => ({ ...pool, approvedOn: fromDbDate(approvedOn), membersNow: _count.memberships }));
}

/** Everyone who has been in the pool, with their spells and whether they are in it on `on` (default today). */
export async function poolMembers(deps: ServiceDependencies, actor: Actor, input: PoolMembersInput): Promise<PoolMembers> {
  const values = parseInput(poolMembersInput, input);
  const pool = await poolOf(deps.db, actor, values.poolKey);
  const on = values.on ?? (await councilToday(deps, actor.councilId));
  const memberships = await deps.db.poolMembership.findMany({
    where: { poolId: pool.id },
    orderBy: [{ member: { familyName: 'asc' } }, { member: { givenName: 'asc' } }, { fromDate: 'asc' }],
    select: {
      fromDate: true,
      toDate: true,
      member: { select: { id: true, reference: true, email: true, givenName: true, familyName: true, roles: true } },
    },
  });
  const entries = new Map<string, PoolMemberEntry>();
  for (const { member, ...membership } of memberships) {
    const spell = spellOf(membership);
    const entry = entries.get(member.id) ?? {
      reference: member.reference,
      name: memberDisplayName(member),
      email: member.email,
      inPool: false,
      spells: [],
    };
    entry.spells.push(spell);
    entry.inPool ||= isWithin(on, spell.from, spell.to);
    entries.set(member.id, entry);
  }
  const { id: _id, approvedOn, ...details } = pool;
  return { pool: { ...details, approvedOn: fromDbDate(approvedOn) }, on, members: [...entries.values()] };
}

/**
 * Adds the spells in a CSV file to the pool: every row or none. Every row is
 * checked first (values, members, leavers, overlaps within the file and with
 * spells already recorded) and all problems are reported together by row.
 * Programmes that draw on the pool are then told to look again, so a visit
 * short of visitors can be offered to the new members.
 */
export async function importPoolMembers(
  deps: ServiceDependencies,
  actor: Actor,
  input: ImportPoolMembersInput,
): Promise<{ added: number; poolName: string }> {
  const { poolKey, csv } = parseInput(importPoolMembersInput, input);
  requireWriter(actor, 'change who is in a pool');
  const pool = await poolOf(deps.db, actor, poolKey);
  const added = await deps.db.$transaction(async (tx) => {
    // The pool's row lock keeps two imports at once from adding overlapping spells.
    await tx.$executeRaw`SELECT 1 FROM "Pool" WHERE "id" = ${pool.id}::uuid FOR UPDATE`;
    const spells = await spellsToAdd(tx, actor.councilId, pool.id, csv);
    await tx.poolMembership.createMany({
      data: spells.map(({ member, from, to }) => ({
        councilId: actor.councilId,
        poolId: pool.id,
        memberId: member.id,
        fromDate: toDbDate(from),
        toDate: to === null ? null : toDbDate(to),
      })),
    });
    await recordAudit(tx, actor, 'pool.members-imported', { type: 'Pool', id: pool.id }, { added: spells.length });
    return spells.map((spell) => spell.member.id);
  });
  await nudgeProgrammesOfPool(deps, pool.id, added);
  return { added: added.length, poolName: pool.name };
}

/**
 * The spells importing the file would add, row by row, with the same checks
 * as the import; nothing is written. A file with problems is refused with
 * all of them, as the import would refuse it.
 */
export async function previewPoolMembersImport(
  deps: ServiceDependencies,
  actor: Actor,
  input: ImportPoolMembersInput,
): Promise<PoolImportPreview> {
  const { poolKey, csv } = parseInput(importPoolMembersInput, input);
  requireWriter(actor, 'change who is in a pool');
  const pool = await poolOf(deps.db, actor, poolKey);
  const spells = await spellsToAdd(deps.db, actor.councilId, pool.id, csv);
  return {
    pool: { key: pool.key, name: pool.name },
    spells: spells.map(({ row, member, from, to }) => ({ row, reference: member.reference, name: memberDisplayName(member), from, to })),
  };
}

/** Ends the member's open spell: `on` is their last day in the pool. */
export async function endPoolMembership(deps: ServiceDependencies, actor: Actor, input: EndPoolMembershipInput) {
  const { poolKey, memberReference, on } = parseInput(endPoolMembershipInput, input);
  requireWriter(actor, 'change who is in a pool');
  const pool = await poolOf(deps.db, actor, poolKey);
  const member = await deps.db.member.findUnique({
    where: { councilId_reference: { councilId: actor.councilId, reference: memberReference } },
    select: { id: true, reference: true, givenName: true, familyName: true, roles: true },
  });
  if (!member) throw new NotFoundError('member', memberReference);
  const name = memberDisplayName(member);
  const spell = await deps.db.poolMembership.findFirst({
    where: { poolId: pool.id, memberId: member.id, toDate: null },
    select: { id: true, fromDate: true },
  });
  if (!spell) {
    throw new ConflictError(
      `${name} (${member.reference}) has no open spell in ${pool.name}, so there is nothing to end; see their spells with \`cpe pools members ${pool.key}\`.`,
    );
  }
  const from = fromDbDate(spell.fromDate);
  if (on < from) {
    throw new InputError([
      {
        field: 'on',
        message: `is before ${name}'s spell began on ${formatDate(from)}; give their last day in the pool, on or after that date`,
      },
    ]);
  }
  await deps.db.$transaction(async (tx) => {
    await tx.poolMembership.update({ where: { id: spell.id }, data: { toDate: toDbDate(on) } });
    await recordAudit(
      tx,
      actor,
      'pool.membership-ended',
      { type: 'PoolMembership', id: spell.id },
      { pool: pool.key, member: member.reference, on },
    );
  });
  await nudgeProgrammesOfPool(deps, pool.id, [member.id]);
  return { member: name, reference: member.reference, pool: pool.name, from, to: on };
}

// ───────────────────────────── helpers ─────────────────────────────

type Tx = Prisma.TransactionClient;

/** The pool by key within the actor's council: another council's pool is simply not found. */
async function poolOf(db: Tx, actor: Actor, key: string) {
  const pool = await db.pool.findUnique({
    where: { councilId_key: { councilId: actor.councilId, key } },
    select: { id: true, key: true, name: true, purpose: true, approvedBy: true, approvedOn: true },
  });
  if (!pool) throw new NotFoundError('pool', key);
  return pool;
}

const spellOf = (membership: { fromDate: Date; toDate: Date | null }): Spell => ({
  from: fromDbDate(membership.fromDate),
  to: membership.toDate && fromDbDate(membership.toDate),
});

/** Spells already recorded in the pool, by member id. */
async function spellsInPool(tx: Tx, poolId: string): Promise<Map<string, Spell[]>> {
  const memberships = await tx.poolMembership.findMany({ where: { poolId }, select: { memberId: true, fromDate: true, toDate: true } });
  const byMember = new Map<string, Spell[]>();
  for (const { memberId, ...dates } of memberships) byMember.set(memberId, [...(byMember.get(memberId) ?? []), spellOf(dates)]);
  return byMember;
}

interface NewSpell extends Spell {
  row: number;
  member: DirectoryMember;
}

/**
 * Reads the file and checks every row against the members and the pool's
 * spells: the spells to add, or an InputError listing every problem in the
 * file, in row order.
 */
async function spellsToAdd(db: Tx, councilId: string, poolId: string, csv: CsvFile): Promise<NewSpell[]> {
  const { rows, problems } = readCsvRows(csv, poolMemberRow, POOL_MEMBER_COLUMNS);
  return checkRows(rows, problems, await membersNamedIn(db, councilId, rows), await spellsInPool(db, poolId));
}

function checkRows(
  rows: Array<NumberedRow<PoolMemberRow>>,
  fileProblems: FieldProblem[],
  directory: MemberDirectory,
  existing: Map<string, Spell[]>,
): NewSpell[] {
  return checkMemberRows(rows, fileProblems, directory, ({ row, data }, member, earlier: NewSpell[]) => {
    const spell: NewSpell = { row, member, from: data.from, to: data.to ?? null };
    return { added: spell, problems: clashesOf(spell, existing.get(member.id) ?? [], earlier) };
  });
}

/** Why a member cannot have this spell: they left before it, or it overlaps a recorded spell or an earlier row. */
function clashesOf(spell: NewSpell, recorded: Spell[], earlierRows: NewSpell[]): FieldProblem[] {
  const { member } = spell;
  const field = rowField(spell.row, 'from');
  const who = `${memberDisplayName(member)} (${member.reference})`;
  const problems: FieldProblem[] = [];
  const leftOn = member.leftOn && fromDbDate(member.leftOn);
  if (leftOn && leftOn <= spell.from) {
    problems.push({ field, message: `${who} left the council on ${formatDate(leftOn)}; remove the row, or give a date before they left` });
  }
  for (const other of recorded.filter((candidate) => spellsOverlap(spell, candidate))) {
    const alternative = other.to === null ? ', or end that spell first with `cpe pools end`' : '';
    problems.push({
      field,
      message: `overlaps ${who}'s spell in the pool ${describeSpell(other)}; change this row's dates${alternative}`,
    });
  }
  for (const earlier of earlierRows.filter((candidate) => candidate.member.id === member.id && spellsOverlap(spell, candidate))) {
    problems.push({
      field,
      message: `overlaps row ${earlier.row} for the same member (${member.reference}); merge the two rows or change their dates`,
    });
  }
  return problems;
}
