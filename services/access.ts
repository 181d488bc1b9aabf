import type { Actor } from './context';
import { ForbiddenError } from './errors';

/** Read-only officers may look at everything in their council and change nothing. */
export function requireWriter(actor: Actor, action: string): void {
  if (actor.role === 'READ_ONLY') throw new ForbiddenError(`Read-only officers cannot ${action}; ask an officer or an admin.`);
}

/** Officer accounts and the council's settings are for admins. */
export function requireAdmin(actor: Actor, action: string): void {
  if (actor.role !== 'ADMIN') throw new ForbiddenError(`Only an admin can ${action}; ask an admin in your council.`);
}
