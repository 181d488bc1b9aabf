import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import {
  applyStandardSetup,
  councilSettings,
  missingStandardItems,
  updateCouncilSettings,
  type UpdateCouncilSettingsInput,
} from '../services/councils';
import { actorOf } from './auth';

/** The council's settings (every officer reads them, admins change them) and its missing standard items. */
export async function councilRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/council', async (request) => {
    const actor = actorOf(request);
    return { ...(await councilSettings(deps, actor)), missingStandardItems: await missingStandardItems(deps, actor) };
  });
  app.patch<{ Body: UpdateCouncilSettingsInput }>('/council', async (request) =>
    updateCouncilSettings(deps, actorOf(request), request.body),
  );
  app.post<{ Body: { items: string[] } }>('/council/standard-setup', async (request) => ({
    added: await applyStandardSetup(deps, actorOf(request), request.body?.items ?? []),
  }));
}
