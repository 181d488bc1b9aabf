import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { createApiToken } from '../services/officers';
import { actorOf } from './auth';

export async function tokenRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.post('/api-tokens', async (request, reply) => {
    const result = await createApiToken(deps.db, actorOf(request), request.body as { label: string });
    return reply.status(201).send(result);
  });
}
