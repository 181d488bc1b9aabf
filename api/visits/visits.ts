import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../../services/context';
import { parseInput } from '../../services/errors';
import {
  listProgrammes,
  pauseProgramme,
  recordConflict,
  registerEstablishment,
  resumeProgramme,
  startProgramme,
  stopProgramme,
  type RecordConflictInput,
  type RegisterEstablishmentInput,
  type StartProgrammeInput,
} from '../../services/visits/programmes';
import { listVisits, resolveIssue, submitVisitReport } from '../../services/visits/visits';
import { actorOf } from '../auth';

/** The list's filter: one home or office, by key. */
const visitsQuery = z.object({
  establishment: z.string({ error: 'give one home or office key, e.g. ?establishment=oakfield-house' }).optional(),
});

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
/** Homes and offices, their visit programmes, visits, reports and issues. */
export async function visitRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.post<{ Body: RegisterEstablishmentInput }>('/establishments', async (request, reply) =>
    reply.status(201).send(await registerEstablishment(deps, actorOf(request), request.body)),
  );

  app.get('/programmes', async (request) => ({ programmes: await listProgrammes(deps, actorOf(request)) }));

  app.post<{ Body: StartProgrammeInput }>('/programmes', async (request, reply) =>
    reply.status(202).send(await startProgramme(deps, actorOf(request), request.body)),
  );

  for (const [action, change] of [
    ['pause', pauseProgramme],
    ['resume', resumeProgramme],
    ['stop', stopProgramme],
  ] as const) {
    app.post<{ Params: { establishmentKey: string } }>(`/programmes/:establishmentKey/${action}`, async (request) =>
      change(deps, actorOf(request), { establishmentKey: request.params.establishmentKey }),
    );
  }

  app.post<{ Body: RecordConflictInput }>('/conflicts', async (request, reply) =>
    reply.status(201).send(await recordConflict(deps, actorOf(request), request.body)),
  );

  app.get('/visits', async (request) => ({
    visits: await listVisits(deps, actorOf(request), { establishmentKey: parseInput(visitsQuery, request.query).establishment }),
  }));

  app.post<{ Params: { visitId: string }; Body: Record<string, unknown> | undefined }>(
    '/visits/:visitId/report',
    async (request, reply) => {
      const { memberReference, ...report } = request.body ?? {};
      const result = await submitVisitReport(
        deps,
        { kind: 'officer', actor: actorOf(request), memberReference: typeof memberReference === 'string' ? memberReference : '' },
        { visitId: request.params.visitId },
        report,
      );
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post<{ Params: { issueId: string }; Body: { resolvedOn?: string } }>('/issues/:issueId/resolve', async (request) => {
    await resolveIssue(deps, actorOf(request), { issueId: request.params.issueId, resolvedOn: request.body?.resolvedOn ?? '' });
    return { resolved: true };
  });
}
