import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import {
  addDistributionRecipient,
  importDistribution,
  removeDistributionRecipient,
  type AddRecipientInput,
} from '../services/panel-distribution';
import {
  addPanelSeat,
  createPanel,
  editPanel,
  endPanelSeat,
  listPanels,
  panelDetail,
  recordElection,
  type CreatePanelInput,
  type EditPanelInput,
} from '../services/panels';
import { actorOf } from './auth';
import { acceptCsvFiles, csvFileOf } from './csv';

interface PanelParams {
  panelKey: string;
}

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
export async function panelRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A spreadsheet's CSV export of a distribution list can be sent as it is.
  acceptCsvFiles(app);

  app.get('/panels', async (request) => ({ panels: await listPanels(deps, actorOf(request)) }));

  app.post<{ Body: CreatePanelInput }>('/panels', async (request, reply) =>
    reply.status(201).send({ panel: await createPanel(deps, actorOf(request), { ...request.body }) }),
  );

  app.get<{ Params: PanelParams }>('/panels/:panelKey', async (request) => panelDetail(deps, actorOf(request), request.params));

  app.patch<{ Params: PanelParams; Body: Omit<EditPanelInput, 'panelKey'> }>('/panels/:panelKey', async (request) =>
    editPanel(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey }),
  );

  app.post<{ Params: PanelParams; Body: Omit<AddRecipientInput, 'panelKey'> }>('/panels/:panelKey/distribution', async (request, reply) =>
    reply.status(201).send(await addDistributionRecipient(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey })),
  );

  app.post<{ Params: PanelParams; Body: { csv: string } }>('/panels/:panelKey/distribution/import', async (request) => {
    const { panelKey } = request.params;
    const csv = csvFileOf(request);
    return importDistribution(deps, actorOf(request), csv === undefined ? { ...request.body, panelKey } : { panelKey, csv });
  });

  app.delete<{ Params: PanelParams & { recipientId: string } }>('/panels/:panelKey/distribution/:recipientId', async (request) =>
    removeDistributionRecipient(deps, actorOf(request), request.params),
  );

  // 409 naming the missing courses when the member lacks one the panel requires, unless confirmMissingTraining is true.
  app.post<{ Params: PanelParams; Body: { memberReference: string; from: string; to?: string; confirmMissingTraining?: boolean } }>(
    '/panels/:panelKey/seats',
    async (request, reply) =>
      reply.status(201).send(await addPanelSeat(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey })),
  );
  app.post<{ Params: PanelParams & { memberReference: string }; Body: { on: string } }>(
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
