import formBody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import { apiRoutes } from '../api/routes';
import { replyWithError } from '../api/errors';
import { withoutLinkTokens, type Logger } from '../config/logger';
import type { ServiceDependencies } from '../services/context';
import type { OfficerMail } from '../services/password-links';
import { codecRoutes, type CodecEndpointOptions } from './codec';
import { memberRoutes } from './member/visits';
import { metricsRoutes } from './metrics';
import { memberPledgeRoutes } from './member/pledge';
import { memberTrainingRoutes } from './member/training';
import { officerRoutes } from './officer/routes';
import type { SignInPageLinks } from './officer/sign-in';
import { officerCookies } from './officer/session';
import { publicRoutes } from './public-routes';
import { managerReviewRoutes } from './member/manager-review';
import { reportOwnerRoutes } from './member/report-owner';
import { actionOwnerRoutes } from './member/action-owner';
import { DEFAULT_RATE_LIMITS, rateLimiting, securityHeaders, type RateLimits } from './security';

export interface WebDependencies extends ServiceDependencies {
  log: Logger;
  /** The outbox and site address for emails to officers (invitations, set-password links). */
  officerMail: OfficerMail;
  /** Links shown on the sign-in page for the local stack; absent in production. */
  localLinks?: SignInPageLinks;
  /** Which proxies to believe about the client's address and scheme (TRUST_PROXY); default: all. */
  trustProxy?: boolean | number | string;
  /** The payload codec, when payloads are encrypted: served at /codec for the Temporal UI and CLI. */
  codec?: CodecEndpointOptions;
  /** Tests lower these to reach them quickly. */
  rateLimits?: Partial<RateLimits>;
}

/** Believes the nearest `hops` proxies (numbered from the app outwards), as Fastify's own hop count does. */
const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

/**
 * The web server: officer pages, member pages behind signed links, the
 * officer API under /api/v1, the payload codec when payloads are encrypted,
 * and health checks. Security headers and rate limits come first, so they
 * cover every route.
 */
export async function buildWebApp(deps: WebDependencies): Promise<FastifyInstance> {
  // pino's Logger is a FastifyBaseLogger; the cast keeps the app's type the plain FastifyInstance.
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: typeof deps.trustProxy === 'number' ? trustHops(deps.trustProxy) : (deps.trustProxy ?? true),
    // Member links carry a signed token of about 280 characters in the path; the default limit is 100.
    routerOptions: { maxParamLength: 1000 },
  });
  app.setErrorHandler(replyWithError);
  // Fastify's own 404 handler logs the whole URL, a mistyped member link's token and all.
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ statusCode: 404, error: 'Not Found', message: `Nothing at ${request.method} ${withoutLinkTokens(request.url)}` }),
  );
  await securityHeaders(app);

  // Liveness (the process answers) apart from readiness (it can do its work), so an orchestrator restarts a process only when
  // the process itself is stuck, not when Postgres or Temporal is down.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await deps.db.$queryRaw`SELECT 1`;
      checks.database = 'ok';
    } catch (error) {
      checks.database = `unreachable: ${(error as Error).message}`;
    }
    try {
      await deps.temporal.workflowService.getSystemInfo({});
      checks.temporal = 'ok';
    } catch (error) {
      checks.temporal = `unreachable: ${(error as Error).message}`;
    }
    const healthy = Object.values(checks).every((value) => value === 'ok');
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', checks });
  });

  metricsRoutes(app, deps);

  await app.register(formBody);
  await officerCookies(app, deps);
  // After the cookies are read: the API and codec count per token or session.
  await rateLimiting(app, deps.db, { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits });
  await app.register((officers) => officerRoutes(officers, deps, deps.localLinks ?? {}));
  await app.register((api) => apiRoutes(api, deps), { prefix: '/api/v1' });
  await app.register((members) => memberRoutes(members, deps));
  await app.register((members) => memberTrainingRoutes(members, deps));
  await app.register((members) => memberPledgeRoutes(members, deps));
  await app.register((owners) => reportOwnerRoutes(owners, deps));
  await app.register((owners) => actionOwnerRoutes(owners, deps));
  await app.register((managers) => managerReviewRoutes(managers, deps));
  await app.register((published) => publicRoutes(published, deps));
  const { codec } = deps;
  if (codec) await app.register((codecs) => codecRoutes(codecs, deps, codec));
  return app;
}
