import type { Actor } from './context';
import { ForbiddenError } from './errors';

/** Read-only officers may look at everything in their council and change nothing. */
export function requireWriter(actor: Actor, action: string): void {
  if (actor.role === 'READ_ONLY') throw new ForbiddenError(`Read-only officers cannot ${action}; ask an officer or an admin.`);
}
