import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { addPanelSeat, endPanelSeat, recordElection } from '../services/panels';
import { actorOf } from './auth';

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
export async function panelRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.post<{ Params: { panelKey: string }; Body: { memberReference: string; from: string; to?: string } }>(
    '/panels/:panelKey/seats',
    async (request, reply) =>
      reply.status(201).send(await addPanelSeat(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey })),
  );
  app.post<{ Params: { panelKey: string; memberReference: string }; Body: { on: string } }>(
    '/panels/:panelKey/seats/:memberReference/end',
    async (request) => {
      await endPanelSeat(deps, actorOf(request), { ...request.params, on: request.body?.on });
      return { ended: true };
    },
  );

  app.post<{ Body: { on: string; memberReferences: string[] } }>('/elections', async (request) =>
    recordElection(deps, actorOf(request), request.body),
  );
}
