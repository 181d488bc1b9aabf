import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { Actor, ServiceDependencies } from '../services/context';
import { actorForApiToken } from '../services/officers';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** Every API route needs an officer's token and acts within that officer's council. */
export function requireOfficer(app: FastifyInstance, deps: ServiceDependencies): void {
  app.addHook('onRequest', async (request, reply) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const actor = token ? await actorForApiToken(deps.db, token) : null;
    if (!actor) {
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ error: { message: 'Send an officer API token as "Authorization: Bearer <token>". Create one with `cpe tokens create`.' } });
    }
    request.actor = actor;
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('API route reached without an authenticated officer');
  return request.actor;
}
