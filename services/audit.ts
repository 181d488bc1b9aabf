import type { Db } from '../db/client';
import type { Prisma } from '../prisma/generated/client';
import type { Actor } from './context';

type AuditWriter = Pick<Db, 'auditEvent'>;

/** Records an officer's change. Called inside the change's transaction where there is one. */
export async function recordAudit(
  db: AuditWriter,
  actor: Actor,
  action: string,
  entity: { type: string; id: string },
  details: Prisma.InputJsonObject = {},
): Promise<void> {
  await db.auditEvent.create({
    data: {
      councilId: actor.councilId,
      actorType: 'OFFICER',
      actorId: actor.officerId,
      action,
      entityType: entity.type,
      entityId: entity.id,
      details,
    },
  });
}

/** Records a change made by an operator at the command line, on no officer's behalf (e.g. creating a council). */
export async function recordSystemAudit(
  db: AuditWriter,
  councilId: string,
  action: string,
  entity: { type: string; id: string },
  details: Prisma.InputJsonObject = {},
): Promise<void> {
  await db.auditEvent.create({
    data: { councilId, actorType: 'SYSTEM', action, entityType: entity.type, entityId: entity.id, details },
  });
}
