import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import type { OfficerMail } from '../services/password-links';
import { refuseUnstorableText } from '../services/errors';
import { requireOfficer } from './auth';
import { councilRoutes } from './council';
import { documentationRoutes } from './openapi/routes';
import type { RegisteredOperation } from './openapi/document';
import { meetingRoutes } from './reports/meetings';
import { memberRoutes as memberApiRoutes } from './members';
import { officerRoutes } from './officers';
import { panelRoutes } from './panels';
import { pledgeRoutes } from './pledge/pledge';
import { poolRoutes } from './visits/pools';
import { reportRoutes } from './reports/reports';
import { tokenRoutes } from './tokens';
import { trainingRoutes } from './training/training';
import { trainingRecordRoutes } from './training/records';
import { visitRoutes } from './visits/visits';

/**
 * The officer HTTP API. Each capability is its own plugin, so what one
 * registers (e.g. the text/csv parser of pool imports) stays with it; the
 * officer check registered around them covers them all, and so does the refusal
 * of text Postgres cannot store: it is named wherever it arrives (address,
 * filter or body), before any lookup can trip over it. A CSV file sent as
 * text/csv is bytes, checked by the import once it has read them as text.
 * Every route is registered with its operation, collected here for the
 * OpenAPI document and its page, which need no token (see openapi/routes.ts).
 */
export async function apiRoutes(app: FastifyInstance, deps: ServiceDependencies & { officerMail: OfficerMail }): Promise<void> {
  const operations: RegisteredOperation[] = [];
  app.addHook('onRoute', (registered) => {
    const { operation } = registered.config ?? {};
    if (operation && registered.method !== 'HEAD') operations.push({ ...operation, path: registered.url });
  });
  await app.register((documentation) => documentationRoutes(documentation, operations));
  await app.register(async (officers) => {
    requireOfficer(officers, deps);
    officers.addHook('preValidation', async (request) => refuseUnstorableText(request.params, request.query, request.body));
    for (const routes of [
      councilRoutes,
      meetingRoutes,
      memberApiRoutes,
      officerRoutes,
      panelRoutes,
      pledgeRoutes,
      poolRoutes,
      reportRoutes,
      tokenRoutes,
      trainingRoutes,
      trainingRecordRoutes,
      visitRoutes,
    ]) {
      await officers.register((capability) => routes(capability, deps));
    }
  });
}
