import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import {
  confirmPledge,
  pledgeOverview,
  recordCommitmentRenewed,
  recordSignaturesAtEvent,
  type ConfirmPledgeInput,
} from '../../services/pledge/pledge';
import { actorOf } from '../auth';

/** The year's Corporate Parenting Pledge: confirm and date it, record signatures at the event, record the renewal of commitment. */
export async function pledgeRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: { year?: string } }>('/pledge', async (request) =>
    pledgeOverview(deps, actorOf(request), { year: request.query.year }),
  );
  app.post<{ Body: ConfirmPledgeInput }>('/pledge/confirm', async (request) => confirmPledge(deps, actorOf(request), request.body));
  app.post<{ Body: { memberReferences: string[]; signedAt?: string } }>('/pledge/signatures', async (request, reply) =>
    reply.status(201).send(await recordSignaturesAtEvent(deps, actorOf(request), request.body)),
  );
  app.post<{ Body: { on: string } }>('/pledge/commitment', async (request) => {
    await recordCommitmentRenewed(deps, actorOf(request), { on: request.body?.on });
    return { recorded: true };
  });
}
