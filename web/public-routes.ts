import contentDisposition from 'content-disposition';
import type { FastifyInstance } from 'fastify';

import { publishedPledgeHtml, publishedPledgePdf } from '../render/pledge';
import { attendanceListCsv, attendanceListHtml } from '../render/reports/training';
import type { ServiceDependencies } from '../services/context';
import { publishedPledge } from '../services/pledge/pledge';
import { attendanceList } from '../services/training/training';

/**
 * What the council publishes. The Corporate Parenting Pledge with every
 * serving member's name, signed or not yet signed (built on request, so it
 * always shows the latest signatures), as a web page and a PDF for display.
 * The member training attendance list: names, courses and dates only, of
 * courses marked published.
 */
export async function publicRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Params: { council: string; format: string }; Querystring: { year?: string } }>(
    '/public/:council/pledge.:format',
    async (request, reply) => {
      const year = Number(request.query.year);
      const pledge = await publishedPledge(deps, request.params.council, Number.isInteger(year) ? year : undefined);
      if (request.params.format === 'pdf') {
        return reply
          .type('application/pdf')
          .header(
            'Content-Disposition',
            contentDisposition(`corporate-parenting-pledge-${pledge.yearLabel.replace('/', '-')}.pdf`, { type: 'inline' }),
          )
          .send(await publishedPledgePdf(pledge));
      }
      return reply.type('text/html; charset=utf-8').send(publishedPledgeHtml(pledge));
    },
  );

  app.get<{ Params: { council: string; format: string }; Querystring: { year?: string } }>(
    '/public/:council/training-attendance.:format',
    async (request, reply) => {
      const year = request.query.year ? Number(request.query.year) : undefined;
      const list = await attendanceList(deps, request.params.council, Number.isInteger(year) ? year : undefined);
      if (request.params.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', contentDisposition(`training-attendance-${list.period.label.replace('/', '-')}.csv`))
          .send(attendanceListCsv(list));
      }
      return reply.type('text/html; charset=utf-8').send(attendanceListHtml(list));
    },
  );
}
