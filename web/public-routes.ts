import type { FastifyInstance } from 'fastify';

import { attendanceListCsv, attendanceListHtml } from '../render/reports/training';
import type { ServiceDependencies } from '../services/context';
import { attendanceList } from '../services/training';

/**
 * What the council publishes: the member training attendance list (reviews
 * ask that attendance is recorded and published). Names, courses and dates
 * only, of courses marked published.
 */
export async function publicRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Params: { council: string; format: string }; Querystring: { year?: string } }>(
    '/public/:council/training-attendance.:format',
    async (request, reply) => {
      const year = request.query.year ? Number(request.query.year) : undefined;
      const list = await attendanceList(deps, request.params.council, Number.isInteger(year) ? year : undefined);
      if (request.params.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="training-attendance-${list.period.label.replace('/', '-')}.csv"`)
          .send(attendanceListCsv(list));
      }
      return reply.type('text/html; charset=utf-8').send(attendanceListHtml(list));
    },
  );
}
