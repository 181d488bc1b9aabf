import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../services/context';
import {
  applyStandardSetup,
  applyStandardSetupInput,
  councilSettings,
  missingStandardItems,
  updateCouncilSettings,
  updateCouncilSettingsInput,
  type UpdateCouncilSettingsInput,
} from '../services/councils';
import { actorOf } from './auth';
import { text } from './openapi/answers';
import { route } from './openapi/operation';

const tag = 'Council';

const settings = z.object({
  slug: text("the council's short name, as --council takes it"),
  name: text("the council's name"),
  alertsEmail: text('where alerts to officers go'),
  replyToEmail: text("the Reply-To of the engine's emails").nullable(),
  municipalYearStartMonth: z.number().int().describe("the municipal year's first month, 1 to 12"),
  timeZone: text('the time zone dates are read in, e.g. Europe/London'),
});

const standardItems = z
  .array(
    z.object({
      kind: z.enum(['course', 'panel', 'report-duty']).describe('what kind of item'),
      key: text("the item's key"),
      title: text("the item's title"),
    }),
  )
  .describe('standard items');

/** The council's settings (every officer reads them, admins change them) and its missing standard items. */
export async function councilRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  route(
    app,
    {
      method: 'GET',
      url: '/council',
      tag,
      summary: "The council's settings, and the standard items it does not have.",
      access: 'any officer',
      response: settings.extend({ missingStandardItems: standardItems }),
    },
    async (request) => {
      const actor = actorOf(request);
      return { ...(await councilSettings(deps, actor)), missingStandardItems: await missingStandardItems(deps, actor) };
    },
  );
  route<{ Body: UpdateCouncilSettingsInput }>(
    app,
    {
      method: 'PATCH',
      url: '/council',
      tag,
      summary: "Change the council's name, alerts and reply-to addresses and the municipal year's first month.",
      access: 'admins',
      input: updateCouncilSettingsInput,
      response: settings,
    },
    async (request) => updateCouncilSettings(deps, actorOf(request), request.body),
  );
  route<{ Body: { items: string[] } }>(
    app,
    {
      method: 'POST',
      url: '/council/standard-setup',
      tag,
      summary: 'Add standard items the council lacks (courses, panels, report duties), by id, e.g. "course:safeguarding-seminar".',
      access: 'admins',
      input: applyStandardSetupInput,
      response: z.object({ added: standardItems }),
    },
    async (request) => ({ added: await applyStandardSetup(deps, actorOf(request), request.body?.items ?? []) }),
  );
}
