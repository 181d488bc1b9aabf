import type { Db } from '../db/client';
import type { Prisma } from '../prisma/generated/client';
import type { Actor } from './context';

type AuditWriter = Pick<Db, 'auditEvent'>;

/** What was changed: the record's type and id. */
type AuditedEntity = { type: string; id: string };

/** Who made a change: an officer (by id), or the system on no officer's behalf. */
type AuditActor = { councilId: string; actorType: 'OFFICER'; actorId: string } | { councilId: string; actorType: 'SYSTEM' };

function writeAudit(db: AuditWriter, by: AuditActor, action: string, entity: AuditedEntity, details: Prisma.InputJsonObject) {
  return db.auditEvent.create({ data: { ...by, action, entityType: entity.type, entityId: entity.id, details } });
}

/** Records an officer's change. Called inside the change's transaction where there is one. */
export async function recordAudit(
  db: AuditWriter,
  actor: Actor,
  action: string,
  entity: AuditedEntity,
  details: Prisma.InputJsonObject = {},
): Promise<void> {
  await writeAudit(db, { councilId: actor.councilId, actorType: 'OFFICER', actorId: actor.officerId }, action, entity, details);
}

/** Records a change made by an operator at the command line, on no officer's behalf (e.g. creating a council). */
export async function recordSystemAudit(
  db: AuditWriter,
  councilId: string,
  action: string,
  entity: AuditedEntity,
  details: Prisma.InputJsonObject = {},
): Promise<void> {
  await writeAudit(db, { councilId, actorType: 'SYSTEM' }, action, entity, details);
}
