import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { requireOfficer } from './auth';
import { meetingRoutes } from './meetings';
import { memberRoutes as memberApiRoutes } from './members';
import { pledgeRoutes } from './pledge';
import { poolRoutes } from './pools';
import { reportRoutes } from './reports';
import { tokenRoutes } from './tokens';
import { trainingRoutes } from './training';
import { trainingRecordRoutes } from './training-records';
import { visitRoutes } from './visits';

/**
 * The officer HTTP API. Each capability is its own plugin, so what one
 * registers (e.g. the text/csv parser of pool imports) stays with it; the
 * officer check registered here covers them all.
 */
export async function apiRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  requireOfficer(app, deps);
  for (const routes of [
    meetingRoutes,
    memberApiRoutes,
    pledgeRoutes,
    poolRoutes,
    reportRoutes,
    tokenRoutes,
    trainingRoutes,
    trainingRecordRoutes,
    visitRoutes,
  ]) {
    await app.register((capability) => routes(capability, deps));
  }
}
