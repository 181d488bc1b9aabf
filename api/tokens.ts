import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { listApiTokens, revokeApiToken } from '../services/officer-accounts';
import { createApiToken } from '../services/officers';
import { actorOf } from './auth';

export async function tokenRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.post('/api-tokens', async (request, reply) => {
    const result = await createApiToken(deps.db, actorOf(request), request.body as { label: string });
    return reply.status(201).send(result);
  });
  app.get('/api-tokens', async (request) => listApiTokens(deps, actorOf(request)));
  app.delete<{ Params: { id: string } }>('/api-tokens/:id', async (request) => revokeApiToken(deps, actorOf(request), request.params.id));
}
