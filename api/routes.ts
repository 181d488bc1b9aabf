import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { Actor, ServiceDependencies } from '../services/context';
import { actorForApiToken, createApiToken } from '../services/officers';
import { listMeetings, sendMeetingInvitations } from '../services/panels';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('API route reached without an authenticated officer');
  return request.actor;
}

/** The officer HTTP API. Every route needs `Authorization: Bearer <token>` and acts within that officer's council. */
export async function apiRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
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

  app.get('/meetings', async (request) => ({ meetings: await listMeetings(deps, actorOf(request)) }));

  app.post<{ Params: { meetingId: string } }>('/meetings/:meetingId/invitations', async (request, reply) => {
    const result = await sendMeetingInvitations(deps, actorOf(request), { meetingId: request.params.meetingId });
    return reply.status(202).send(result);
  });

  app.post('/api-tokens', async (request, reply) => {
    const result = await createApiToken(deps.db, actorOf(request), request.body as { label: string });
    return reply.status(201).send(result);
  });
}
