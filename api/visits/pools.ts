import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import {
  endPoolMembership,
  importPoolMembers,
  listPools,
  poolMembers,
  registerPool,
  type EndPoolMembershipInput,
  type RegisterPoolInput,
} from '../../services/visits/pools';
import { actorOf } from '../auth';
import { acceptCsvFiles, csvFileOf } from '../csv';

interface PoolParams {
  poolKey: string;
}

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
export async function poolRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A spreadsheet's CSV export can be sent as it is.
  acceptCsvFiles(app);

  app.get('/pools', async (request) => ({ pools: await listPools(deps, actorOf(request)) }));

  app.post<{ Body: RegisterPoolInput }>('/pools', async (request, reply) => {
    const pool = await registerPool(deps, actorOf(request), { ...request.body });
    return reply.status(201).send({ pool });
  });

  app.get<{ Params: PoolParams; Querystring: { on?: string } }>('/pools/:poolKey/members', async (request) =>
    poolMembers(deps, actorOf(request), { poolKey: request.params.poolKey, on: request.query.on }),
  );

  app.post<{ Params: PoolParams; Body: { csv: string } }>('/pools/:poolKey/members/import', async (request) => {
    const { poolKey } = request.params;
    const csv = csvFileOf(request);
    return importPoolMembers(deps, actorOf(request), csv === undefined ? { ...request.body, poolKey } : { poolKey, csv });
  });

  app.post<{ Params: PoolParams & { memberReference: string }; Body: Pick<EndPoolMembershipInput, 'on'> }>(
    '/pools/:poolKey/members/:memberReference/end',
    async (request) => endPoolMembership(deps, actorOf(request), { ...request.body, ...request.params }),
  );
}
