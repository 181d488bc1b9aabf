import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../../services/context';
import { parseInput } from '../../services/errors';
import {
  listReportDuties,
  listReports,
  produceReport,
  registerReportDuty,
  reportCirculation,
  reportDutyOf,
  reportDownload,
  submitAuthoredReport,
  updateReportDuty,
  type ProduceReportInput,
  type RegisterReportDutyInput,
} from '../../services/reports/reports';
import { requireWriter } from '../../services/access';
import { actorOf } from '../auth';

/** The archive's filter: one report duty, by key. */
const reportsQuery = z.object({ duty: z.string({ error: 'give one report duty key, e.g. ?duty=reg33-quarterly' }).optional() });

/** Report duties, the archive, producing a report now, and downloads. */
export async function reportRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/report-duties', async (request) => ({ duties: await listReportDuties(deps, actorOf(request)) }));

  app.post<{ Body: RegisterReportDutyInput }>('/report-duties', async (request, reply) =>
    reply.status(201).send(await registerReportDuty(deps, actorOf(request), request.body)),
  );
  app.get<{ Params: { key: string } }>('/report-duties/:key', async (request) => reportDutyOf(deps, actorOf(request), request.params.key));
  app.patch<{ Params: { key: string }; Body: Omit<RegisterReportDutyInput, 'key'> & { active?: boolean } }>(
    '/report-duties/:key',
    async (request) => updateReportDuty(deps, actorOf(request), { ...request.body, key: request.params.key }),
  );

  app.get<{ Params: { reportId: string } }>('/reports/:reportId/circulation', async (request) => ({
    versions: await reportCirculation(deps, actorOf(request), request.params.reportId),
  }));

  /** An officer submits an authored report on its owner's behalf, as a link (uploads go through the owner's page). */
  app.post<{ Params: { reportId: string }; Body: { link?: string } }>('/reports/:reportId/submission', async (request) => {
    const actor = actorOf(request);
    requireWriter(actor, 'submit reports');
    const officer = await deps.db.officer.findUniqueOrThrow({ where: { id: actor.officerId }, select: { name: true } });
    return submitAuthoredReport(deps, request.params.reportId, actor.councilId, { link: request.body?.link, submittedBy: officer.name });
  });

  app.get('/reports', async (request) => ({
    reports: await listReports(deps, actorOf(request), { dutyKey: parseInput(reportsQuery, request.query).duty }),
  }));

  app.post<{ Body: ProduceReportInput }>('/reports', async (request, reply) =>
    reply.status(201).send(await produceReport(deps, actorOf(request), request.body)),
  );

  const download = async (request: FastifyRequest, reply: FastifyReply, input: { reportId: string; format: string }) => {
    const file = await reportDownload(deps, actorOf(request), input);
    return reply.type(file.contentType).header('Content-Disposition', contentDisposition(file.filename)).send(file.content);
  };
  app.get<{ Params: { reportId: string; format: string } }>('/reports/:reportId.:format', (request, reply) =>
    download(request, reply, request.params),
  );
  /** The file an owner uploaded for an authored report. */
  app.get<{ Params: { reportId: string } }>('/reports/:reportId/original', (request, reply) =>
    download(request, reply, { reportId: request.params.reportId, format: 'original' }),
  );
}
