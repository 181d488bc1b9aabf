import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

import type { ServiceDependencies } from '../services/context';
import { engineFigures } from '../services/metrics';

/**
 * Prometheus metrics at /metrics: the process's own (memory, event loop,
 * CPU) and the engine's, read from Postgres at each scrape so that every web
 * instance reports the same figures. Serve it to the monitoring network only
 * (see the README's deployment notes).
 */
export function metricsRoutes(app: FastifyInstance, deps: Pick<ServiceDependencies, 'db' | 'clock'>): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cpe_web_' });
  const emails = new Gauge({ name: 'cpe_emails', help: 'Emails in the outbox by status', labelNames: ['status'], registers: [registry] });
  const oldestUnsent = new Gauge({
    name: 'cpe_outbox_oldest_unsent_seconds',
    help: 'How long the oldest email still waiting to be sent has waited (0 when none is)',
    registers: [registry],
  });
  const overdue = new Gauge({
    name: 'cpe_overdue_duties',
    help: 'Duties past their date, by kind',
    labelNames: ['duty'],
    registers: [registry],
  });

  app.get('/metrics', async (_request, reply) => {
    const figures = await engineFigures(deps.db, deps.clock());
    for (const [status, count] of Object.entries(figures.emails)) emails.set({ status }, count);
    oldestUnsent.set(figures.oldestUnsentSeconds);
    for (const [duty, count] of Object.entries(figures.overdue)) overdue.set({ duty }, count);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
