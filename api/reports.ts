import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { listReportDuties, listReports, produceReport, reportDownload, type ProduceReportInput } from '../services/reports';
import { actorOf } from './auth';

/** Report duties, the archive, producing a report now, and downloads. */
export async function reportRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/report-duties', async (request) => ({ duties: await listReportDuties(deps, actorOf(request)) }));

  app.get<{ Querystring: { duty?: string } }>('/reports', async (request) => ({
    reports: await listReports(deps, actorOf(request), { dutyKey: request.query.duty }),
  }));

  app.post<{ Body: ProduceReportInput }>('/reports', async (request, reply) =>
    reply.status(201).send(await produceReport(deps, actorOf(request), request.body)),
  );

  app.get<{ Params: { reportId: string; format: string } }>('/reports/:reportId.:format', async (request, reply) => {
    const file = await reportDownload(deps, actorOf(request), request.params);
    return reply.type(file.contentType).header('Content-Disposition', `attachment; filename="${file.filename}"`).send(file.content);
  });
}
