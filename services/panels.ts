import { z } from 'zod';

import { isoDateSchema, toDbDate } from '../domain/calendar';
import { requireWriter } from './access';
import { recordAudit } from './audit';
import type { Actor, ServiceDependencies } from './context';
import { nudgeTrainingOfMember } from './duty-signals';
import { ConflictError, NotFoundError, parseInput } from './errors';

/**
 * Panels' seats, and members' elections: both decide which courses a member
 * must do (a panel's required courses, courses renewed after each election),
 * so each change asks the member's training to look again.
 */

const keySchema = z
  .string({ error: 'give a short key, e.g. safeguarding-seminar' })
  .trim()
  .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens, e.g. safeguarding-seminar' })
  .max(60);

export const seatInput = z.object({
  panelKey: keySchema,
  memberReference: z.string({ error: 'give the member reference, e.g. NM004' }).trim().min(1, 'give the member reference, e.g. NM004'),
  from: isoDateSchema,
  to: isoDateSchema.optional(),
});
export const endSeatInput = z.object({ panelKey: keySchema, memberReference: seatInput.shape.memberReference, on: isoDateSchema });
export const electionInput = z.object({
  on: isoDateSchema,
  memberReferences: z.array(seatInput.shape.memberReference).min(1, 'name at least one member elected on that date'),
});

/** The council's panels, by name: what a report duty can be owed to. */
export async function listPanels(deps: ServiceDependencies, actor: Actor) {
  return deps.db.panel.findMany({
    where: { councilId: actor.councilId },
    orderBy: { name: 'asc' },
    select: { key: true, name: true, kind: true },
  });
}

async function memberOf(deps: ServiceDependencies, actor: Actor, reference: string) {
  const member = await deps.db.member.findUnique({ where: { councilId_reference: { councilId: actor.councilId, reference } } });
  if (!member) throw new NotFoundError('member', reference);
  return member;
}

/** A member takes a panel seat: courses the panel requires become due (committee changes re-open checks). */
export async function addPanelSeat(deps: ServiceDependencies, actor: Actor, input: z.input<typeof seatInput>) {
  const values = parseInput(seatInput, input);
  requireWriter(actor, 'change training settings, seats or elections');
  const member = await memberOf(deps, actor, values.memberReference);
  const panel = await deps.db.panel.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.panelKey } } });
  if (!panel) throw new NotFoundError('panel', values.panelKey);
  const open = await deps.db.panelSeat.findFirst({ where: { panelId: panel.id, memberId: member.id, toDate: null } });
  if (open) throw new ConflictError(`${member.givenName} ${member.familyName} already sits on the ${panel.name}.`);
  const seat = await deps.db.panelSeat.create({
    data: {
      councilId: actor.councilId,
      panelId: panel.id,
      memberId: member.id,
      fromDate: toDbDate(values.from),
      toDate: values.to ? toDbDate(values.to) : null,
    },
  });
  await recordAudit(deps.db, actor, 'seat.added', { type: 'PanelSeat', id: seat.id }, { panel: panel.key, member: member.reference });
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
