import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { requireOfficer } from './auth';
import { meetingRoutes } from './meetings';
import { reportRoutes } from './reports';
import { tokenRoutes } from './tokens';
import { visitRoutes } from './visits';

/** The officer HTTP API, one module per capability. */
export async function apiRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  requireOfficer(app, deps);
  for (const routes of [meetingRoutes, reportRoutes, tokenRoutes, visitRoutes]) await routes(app, deps);
}
