import { z } from 'zod';

import { formatDateTime } from '../domain/calendar';
import { memberDisplayName } from '../domain/people';
import type { Prisma } from '../prisma/generated/client';
import type { Actor, ServiceDependencies } from './context';
import { parseInput } from './errors';

export const AUDIT_PAGE_SIZE = 50;

/** Where a page of the log starts: just older than the last event of the page before ("<at ISO>_<id>"). */
const cursorSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f-]{36}$/, {
  error: 'must be the "older" link of the log; start again from its first page',
});

export const auditLogInput = z.object({
  /** The start of an action, e.g. "pool." for everything done to pools, or a whole action. */
  action: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+(\.[a-z0-9.-]*)?$/, { error: 'must be the start of an action, e.g. pool. or visit.' })
    .max(60, { error: 'must be at most 60 characters' })
    .optional(),
  officerId: z.uuid({ error: 'must be one of the council’s officers' }).optional(),
  before: cursorSchema.optional(),
});
export type AuditLogInput = z.input<typeof auditLogInput>;

const cursorOf = (event: { at: Date; id: string }) => `${event.at.toISOString()}_${event.id}`;

/**
 * The council's audit events, newest first, a page at a time: who did what to
 * which record. Never another council's: every query is scoped to the actor's.
 */
export async function auditLog(deps: ServiceDependencies, actor: Actor, input: AuditLogInput = {}) {
  const { action, officerId, before } = parseInput(auditLogInput, input);
  const [beforeAt, beforeId] = before ? before.split('_') : [];
  const where: Prisma.AuditEventWhereInput = {
    councilId: actor.councilId,
    ...(action && { action: { startsWith: action } }),
    ...(officerId && { actorType: 'OFFICER', actorId: officerId }),
    ...(beforeAt && beforeId && { OR: [{ at: { lt: new Date(beforeAt) } }, { at: new Date(beforeAt), id: { lt: beforeId } }] }),
  };
  const found = await deps.db.auditEvent.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: AUDIT_PAGE_SIZE + 1 });
  const events = found.slice(0, AUDIT_PAGE_SIZE);

  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const officers = await deps.db.officer.findMany({
    where: { councilId: actor.councilId },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  const officerNames = new Map(officers.map((officer) => [officer.id, officer.name]));
  const memberIds = events.flatMap((event) => [
    ...(event.actorType === 'MEMBER' && event.actorId ? [event.actorId] : []),
    ...(event.entityType === 'Member' ? [event.entityId] : []),
  ]);
  const members = new Map(
    (
      await deps.db.member.findMany({
        where: { councilId: actor.councilId, id: { in: [...new Set(memberIds)].filter((id) => z.uuid().safeParse(id).success) } },
        select: { id: true, reference: true, givenName: true, familyName: true, roles: true },
      })
    ).map((member) => [member.id, member]),
  );
  const actions = await deps.db.auditEvent.findMany({
    where: { councilId: actor.councilId },
    distinct: ['action'],
    select: { action: true },
  });

  /** A member or officer record is named, and a member's reference finds their page. */
  const entityNames = (event: { entityType: string; entityId: string }) => {
    const member = event.entityType === 'Member' ? members.get(event.entityId) : undefined;
    if (member) return { name: `${memberDisplayName(member)} (${member.reference})`, reference: member.reference };
    return { name: event.entityType === 'Officer' ? (officerNames.get(event.entityId) ?? null) : null, reference: null };
  };

  /** Who acted: an officer, a member through their link, or the engine on its own. */
  const whoActed = (event: { actorType: string; actorId: string | null }) => {
    if (event.actorType === 'OFFICER') return officerNames.get(event.actorId ?? '') ?? 'An officer no longer on record';
    if (event.actorType === 'SYSTEM') return 'The engine, automatically';
    const member = members.get(event.actorId ?? '');
    return member ? `${memberDisplayName(member)} (member)` : 'A member no longer on record';
  };

  return {
    events: events.map((event) => ({
      id: event.id,
      when: formatDateTime(event.at, council.timeZone),
      who: whoActed(event),
      action: event.action,
      entity: { type: event.entityType, id: event.entityId, ...entityNames(event) },
      details: event.details as Prisma.JsonObject,
    })),
    /** Where the next, older page starts; null on the last page. */
    older: found.length > AUDIT_PAGE_SIZE ? cursorOf(events.at(-1)!) : null,
    officers,
    /** The areas the council's actions fall in ("pool.", "visit.", …), for filtering. */
    areas: [...new Set(actions.map(({ action: name }) => `${name.split('.')[0]}.`))].sort(),
  };
}
export type AuditLogPage = Awaited<ReturnType<typeof auditLog>>;
