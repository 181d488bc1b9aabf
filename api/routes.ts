import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { requireOfficer } from './auth';
import { meetingRoutes } from './meetings';
import { tokenRoutes } from './tokens';

/** The officer HTTP API, one module per capability. */
export async function apiRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  requireOfficer(app, deps);
  for (const routes of [meetingRoutes, tokenRoutes]) await routes(app, deps);
}
