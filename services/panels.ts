import { z } from 'zod';

import { formatDateTime, fromDbDate, toDbDate, type IsoDate } from '../domain/calendar';
import { isoDateSchema } from '../domain/calendar-input';
import { memberDisplayName } from '../domain/people';
import { completionOf, positionRulesOf } from '../db/training/positions';
import { spanCovering } from '../db/members';
import { trainingPosition } from '../domain/training/position';
import { PanelKind, Prisma } from '../prisma/generated/client';
import { requireWriter } from './access';
import { recordAudit } from './audit';
import { councilToday, type Actor, type ServiceDependencies } from './context';
import { nudgeTrainingOfMember } from './duty-signals';
import { ConflictError, NotFoundError, parseInput } from './errors';

/**
 * Panels (their officers and members, seats), and members' elections. Seats
 * and elections decide which courses a member must do (a panel's required
 * courses, courses renewed after each election), so each change asks the
 * member's training to look again.
 */

export const panelKeySchema = z
  .string({ error: 'give the panel key, e.g. cyp-scrutiny (see `cpe panels list`)' })
  .trim()
  .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens, e.g. cyp-scrutiny' })
  .max(60, { error: 'must be at most 60 characters' });

const memberReferenceSchema = z
  .string({ error: 'give the member reference, e.g. NM004' })
  .trim()
  .min(1, 'give the member reference, e.g. NM004')
  .max(40, { error: 'must be at most 40 characters; check the reference in the members list' });

const panelNameSchema = z
  .string({ error: 'give the name people know the panel by, e.g. "Corporate Parenting Panel"' })
  .trim()
  .min(1, { error: 'give the name people know the panel by, e.g. "Corporate Parenting Panel"' })
  .max(120, { error: 'must be at most 120 characters' });

export const PANEL_KIND_LABELS: Record<PanelKind, string> = {
  CYP_SCRUTINY: 'Children and young people scrutiny',
  CORPORATE_PARENTING: 'Corporate parenting',
  FOSTERING: 'Fostering',
  ADOPTION: 'Adoption',
  OTHER: 'Other',
};

export const createPanelInput = z.object({
  key: panelKeySchema,
  name: panelNameSchema,
  kind: z.enum(PanelKind, { error: `must be one of ${Object.values(PanelKind).join(', ')}` }),
});
export type CreatePanelInput = z.infer<typeof createPanelInput>;

/** A change to a panel's details: a field left out stays as it is; null clears it. */
export const editPanelInput = z.object({
  panelKey: panelKeySchema,
  name: panelNameSchema.optional(),
  chairReference: memberReferenceSchema.nullable().optional(),
  leadMemberReference: memberReferenceSchema.nullable().optional(),
  clerkName: z
    .string({ error: 'give the clerk’s name, e.g. "Jo Clerk", or leave it blank' })
    .trim()
    .min(1, { error: 'give the clerk’s name, e.g. "Jo Clerk", or leave it blank' })
    .max(120, { error: 'must be at most 120 characters' })
    .nullable()
    .optional(),
  clerkEmail: z
    .email({ error: 'must be an email address, e.g. scrutiny@council.example, or left blank' })
    .max(200, { error: 'must be at most 200 characters' })
    .nullable()
    .optional(),
});
export type EditPanelInput = z.infer<typeof editPanelInput>;

export const panelInput = z.object({ panelKey: panelKeySchema });
export type PanelInput = z.infer<typeof panelInput>;

export const seatInput = z.object({
  panelKey: panelKeySchema,
  memberReference: memberReferenceSchema,
  from: isoDateSchema,
  to: isoDateSchema.optional(),
  /** Seat the member although they lack a course the panel requires (the officer was asked and said yes). */
  confirmMissingTraining: z.boolean({ error: 'must be true or false' }).optional(),
});
export const endSeatInput = z.object({ panelKey: panelKeySchema, memberReference: memberReferenceSchema, on: isoDateSchema });
export const electionInput = z.object({
  on: isoDateSchema,
  memberReferences: z.array(memberReferenceSchema).min(1, 'name at least one member elected on that date'),
});

async function memberOf(deps: Pick<ServiceDependencies, 'db'>, actor: Actor, reference: string) {
  const member = await deps.db.member.findUnique({ where: { councilId_reference: { councilId: actor.councilId, reference } } });
  if (!member) throw new NotFoundError('member', reference);
  return member;
}

/** The panel by key within the actor's council: another council's panel is simply not found. */
export async function panelOf(db: Pick<Prisma.TransactionClient, 'panel'>, actor: Actor, key: string) {
  const panel = await db.panel.findUnique({ where: { councilId_key: { councilId: actor.councilId, key } } });
  if (!panel) throw new NotFoundError('panel', key);
  return panel;
}

const inWords = (items: string[]) => new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' }).format(items);

/** Seating a member who lacks a course the panel requires needs the officer's say-so; the courses are named for scripts. */
export class MissingTrainingError extends ConflictError {
  constructor(
    /** "Councillor Sam Jones has not done Corporate parenting induction, which members of this panel need. Seat them anyway?" */
    readonly question: string,
    readonly missingCourses: Array<{ key: string; title: string }>,
  ) {
    super(`${question} To go ahead, confirm: confirmMissingTraining: true in the API, --confirm on the command line.`, { missingCourses });
  }
}

/** The courses the panel's kind requires that the member has no current completion of on `on`. */
async function missingCourses(
  db: Prisma.TransactionClient,
  member: { id: string; councilId: string; electedOn: Date | null },
  kind: PanelKind,
  on: IsoDate,
) {
  const courses = await db.course.findMany({
    where: { councilId: member.councilId, requiredForPanels: { has: kind } },
    include: { records: { where: { memberId: member.id } } },
    orderBy: { title: 'asc' },
  });
  const electedOn = member.electedOn && fromDbDate(member.electedOn);
  return courses.filter((course) => {
    const position = trainingPosition({
      completions: course.records.map(completionOf),
      requiredSince: on,
      electedOn,
      rules: positionRulesOf(course),
      on,
    });
    return position.state !== 'VALID' && position.state !== 'DUE_SOON';
  });
}

/**
 * A member takes a panel seat: courses the panel requires become due
 * (committee changes re-open checks). A member who has not done one of them
 * is seated only when the officer confirms, which the audit log records.
 */
export async function addPanelSeat(deps: ServiceDependencies, actor: Actor, input: z.input<typeof seatInput>) {
  const values = parseInput(seatInput, input);
  requireWriter(actor, 'change training settings, seats or elections');
  const member = await memberOf(deps, actor, values.memberReference);
  const panel = await panelOf(deps.db, actor, values.panelKey);
  const open = await deps.db.panelSeat.findFirst({ where: { panelId: panel.id, memberId: member.id, toDate: null } });
  if (open) throw new ConflictError(`${memberDisplayName(member)} already sits on the ${panel.name}.`);
  const missing = await missingCourses(deps.db, member, panel.kind, await councilToday(deps, actor.councilId));
  if (missing.length && !values.confirmMissingTraining) {
    throw new MissingTrainingError(
      `${memberDisplayName(member)} has not done ${inWords(missing.map((course) => course.title))}, which members of this panel need. Seat them anyway?`,
      missing.map(({ key, title }) => ({ key, title })),
    );
  }
  const seat = await deps.db.$transaction(async (tx) => {
    const created = await tx.panelSeat.create({
      data: {
        councilId: actor.councilId,
        panelId: panel.id,
        memberId: member.id,
        fromDate: toDbDate(values.from),
        toDate: values.to ? toDbDate(values.to) : null,
      },
    });
    const confirmed = missing.length ? { seatedWithoutCourses: missing.map((course) => course.key) } : {};
    await recordAudit(
      tx,
      actor,
      'seat.added',
      { type: 'PanelSeat', id: created.id },
      { panel: panel.key, member: member.reference, ...confirmed },
    );
    return created;
  });
  await nudgeTrainingOfMember(deps, member.id);
  return seat;
}

export async function endPanelSeat(deps: ServiceDependencies, actor: Actor, input: z.input<typeof endSeatInput>) {
  const values = parseInput(endSeatInput, input);
  requireWriter(actor, 'change training settings, seats or elections');
  const member = await memberOf(deps, actor, values.memberReference);
  const seat = await deps.db.panelSeat.findFirst({
    where: { councilId: actor.councilId, memberId: member.id, toDate: null, panel: { key: values.panelKey } },
  });
  if (!seat) throw new NotFoundError(`open seat of ${member.reference} on panel`, values.panelKey);
  await deps.db.panelSeat.update({ where: { id: seat.id }, data: { toDate: toDbDate(values.on) } });
  await recordAudit(deps.db, actor, 'seat.ended', { type: 'PanelSeat', id: seat.id }, { on: values.on });
  await nudgeTrainingOfMember(deps, member.id);
}

/** Members (re-)elected on a date: courses renewed after elections are due again for them. */
export async function recordElection(deps: ServiceDependencies, actor: Actor, input: z.input<typeof electionInput>) {
  const values = parseInput(electionInput, input);
  requireWriter(actor, 'change training settings, seats or elections');
  const members = await Promise.all(values.memberReferences.map((reference) => memberOf(deps, actor, reference)));
  await deps.db.member.updateMany({ where: { id: { in: members.map((member) => member.id) } }, data: { electedOn: toDbDate(values.on) } });
  const details = { on: values.on, members: values.memberReferences };
  await recordAudit(deps.db, actor, 'election.recorded', { type: 'Council', id: actor.councilId }, details);
  for (const member of members) await nudgeTrainingOfMember(deps, member.id);
  return { members: members.length };
}

// ───────────────────────────── panels ─────────────────────────────

export interface PanelSummary {
  key: string;
  name: string;
  kind: PanelKind;
  chair: string | null;
  /** Members with a seat today. */
  seatsNow: number;
  recipients: number;
}

/** Registers a panel; its officers, members, distribution list and meetings are added after. */
export async function createPanel(deps: ServiceDependencies, actor: Actor, input: CreatePanelInput) {
  const values = parseInput(createPanelInput, input);
  requireWriter(actor, 'change panels');
  try {
    await deps.db.$transaction(async (tx) => {
      const panel = await tx.panel.create({ data: { councilId: actor.councilId, ...values }, select: { id: true } });
      await recordAudit(tx, actor, 'panel.created', { type: 'Panel', id: panel.id }, values);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError(`A panel with key "${values.key}" already exists in this council; choose another key.`);
    }
    throw error;
  }
  return { key: values.key, name: values.name };
}

/** The council's panels, by name, with their chair and how many sit on each today. */
export async function listPanels(deps: ServiceDependencies, actor: Actor): Promise<PanelSummary[]> {
  const today = await councilToday(deps, actor.councilId);
  const panels = await deps.db.panel.findMany({
    where: { councilId: actor.councilId },
    orderBy: { name: 'asc' },
    include: {
      chair: { select: { givenName: true, familyName: true, roles: true } },
      _count: {
        select: { distribution: true, seats: { where: spanCovering(today) } },
      },
    },
  });
  return panels.map((panel) => ({
    key: panel.key,
    name: panel.name,
    kind: panel.kind,
    chair: panel.chair && memberDisplayName(panel.chair),
    seatsNow: panel._count.seats,
    recipients: panel._count.distribution,
  }));
}

const personSelect = { reference: true, givenName: true, familyName: true, roles: true } satisfies Prisma.MemberSelect;
const personOf = (member: Prisma.MemberGetPayload<{ select: typeof personSelect }> | null) =>
  member && { reference: member.reference, name: memberDisplayName(member) };

/** One panel: its officers and members, distribution list, seats (latest first), meetings (soonest first) and required courses. */
export async function panelDetail(deps: ServiceDependencies, actor: Actor, input: PanelInput) {
  const { panelKey } = parseInput(panelInput, input);
  const panel = await deps.db.panel.findUnique({
    where: { councilId_key: { councilId: actor.councilId, key: panelKey } },
    include: {
      council: { select: { timeZone: true } },
      chair: { select: personSelect },
      leadMember: { select: personSelect },
      distribution: { orderBy: { name: 'asc' } },
      seats: {
        include: { member: { select: personSelect } },
        orderBy: [{ toDate: { sort: 'desc', nulls: 'first' } }, { fromDate: 'desc' }],
      },
      meetings: { orderBy: { startsAt: 'asc' } },
    },
  });
  if (!panel) throw new NotFoundError('panel', panelKey);
  const courses = await deps.db.course.findMany({
    where: { councilId: actor.councilId, requiredForPanels: { has: panel.kind } },
    select: { key: true, title: true },
    orderBy: { title: 'asc' },
  });
  return {
    key: panel.key,
    name: panel.name,
    kind: panel.kind,
    chair: personOf(panel.chair),
    leadMember: personOf(panel.leadMember),
    clerk: { name: panel.clerkName, email: panel.clerkEmail },
    requiredCourses: courses,
    distribution: panel.distribution.map(({ id, name, email, role }) => ({ id, name, email, role })),
    seats: panel.seats.map((seat) => ({
      id: seat.id,
      member: personOf(seat.member)!,
      from: fromDbDate(seat.fromDate),
      to: seat.toDate && fromDbDate(seat.toDate),
    })),
    meetings: panel.meetings.map((meeting) => ({
      id: meeting.id,
      startsAt: meeting.startsAt,
      when: formatDateTime(meeting.startsAt, panel.council.timeZone),
      location: meeting.location,
      status: meeting.status,
      invited: meeting.invitedAt !== null,
    })),
  };
}
export type PanelDetail = Awaited<ReturnType<typeof panelDetail>>;

/** Changes a panel's name, chair, lead member or clerk; the chair and lead member are members of the council. */
export async function editPanel(deps: ServiceDependencies, actor: Actor, input: EditPanelInput) {
  const { panelKey, chairReference, leadMemberReference, ...details } = parseInput(editPanelInput, input);
  requireWriter(actor, 'change panels');
  const panel = await panelOf(deps.db, actor, panelKey);
  const memberIdOf = async (reference: string | null | undefined) =>
    reference === undefined ? undefined : reference === null ? null : (await memberOf(deps, actor, reference)).id;
  const data = { ...details, chairMemberId: await memberIdOf(chairReference), leadMemberId: await memberIdOf(leadMemberReference) };
  await deps.db.$transaction(async (tx) => {
    await tx.panel.update({ where: { id: panel.id }, data });
    const changed = { ...details, chair: chairReference, leadMember: leadMemberReference };
    await recordAudit(tx, actor, 'panel.edited', { type: 'Panel', id: panel.id }, changed);
  });
  return { key: panel.key };
}
