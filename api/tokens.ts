import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../services/context';
import { listApiTokens, revokeApiToken } from '../services/officer-accounts';
import { createApiToken, createApiTokenInput } from '../services/officers';
import { actorOf } from './auth';
import { apiTokenLine } from './officers';
import { instant, text, uuid } from './openapi/answers';
import { route } from './openapi/operation';

const tag = 'API tokens';

export async function tokenRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  route<{ Body: { label: string } }>(
    app,
    {
      method: 'POST',
      url: '/api-tokens',
      tag,
      summary: 'Create an API token for the calling officer, with their role; it is shown this once.',
      access: 'any officer',
      input: createApiTokenInput,
      status: 201,
      response: z.object({ id: z.uuid(), token: text('the token, for "Authorization: Bearer <token>"; only its hash is kept') }),
    },
    async (request) => createApiToken(deps.db, actorOf(request), request.body),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/api-tokens',
      tag,
      summary: "The council's API tokens in force, and whose each is.",
      access: 'any officer',
      response: z.array(
        apiTokenLine.extend({
          officer: z.object({ id: z.uuid(), name: text("the officer's name"), email: text('their work email') }),
        }),
      ),
    },
    async (request) => listApiTokens(deps, actorOf(request)),
  );
  route<{ Params: { id: string } }>(
    app,
    {
      method: 'DELETE',
      url: '/api-tokens/:id',
      tag,
      summary: 'Revoke an API token: your own, or (admins) anyone’s.',
      access: 'any officer',
      params: z.object({ id: uuid.describe("the token's id, from GET /api/v1/api-tokens") }),
      response: z.object({
        id: z.uuid(),
        label: text('where the token was used'),
        officerId: z.uuid().describe('whose token it was'),
        revokedAt: instant.describe('when it was revoked'),
      }),
    },
    async (request) => revokeApiToken(deps, actorOf(request), request.params.id),
  );
}
