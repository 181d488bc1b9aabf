import type { FastifyInstance } from 'fastify';
import pino from 'pino';

import { createSmtpMailer } from '../../email/mailer';
import { createOutbox } from '../../email/outbox';
import type { ServiceDependencies } from '../../services/context';
import { createApiToken } from '../../services/officers';
import { buildWebApp, type WebDependencies } from '../../web/app';
import type { OfficerMail } from '../../services/password-links';
import { TEST_BASE_URL, TEST_MAIL_FROM } from './activities';
import type { TestCouncil } from './services';

export interface TestWebApp {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:41234, for real HTTP as a browser or script sends it. */
  baseUrl: string;
  close(): Promise<void>;
}

/** What the web app takes besides the services' dependencies: the codec, lower rate limits and so on. */
export type TestWebAppOptions = Omit<Partial<WebDependencies>, keyof ServiceDependencies>;

/** A port nothing listens on: officers' emails fail to send at once, for tests that look at none. */
const NO_RELAY = 'smtp://127.0.0.1:1';

/** The outbox for officers' emails (invitations, set-password links), from the tests' sender, to `smtpUrl`. */
export function testOfficerMail(deps: Pick<ServiceDependencies, 'db' | 'clock'>, smtpUrl = NO_RELAY): OfficerMail & { close(): void } {
  const mailer = createSmtpMailer(smtpUrl);
  return {
    outbox: createOutbox({ db: deps.db, mailer, from: TEST_MAIL_FROM, clock: deps.clock }),
    publicBaseUrl: TEST_BASE_URL,
    close: () => mailer.close(),
  };
}

/** The web app on the services' dependencies, silent, listening on a free local port; officers' emails go nowhere unless `officerMail` is given. */
export async function serveTestWebApp(deps: ServiceDependencies, options: TestWebAppOptions = {}): Promise<TestWebApp> {
  const ownMail = options.officerMail ? undefined : testOfficerMail(deps);
  const app = await buildWebApp({ ...deps, log: pino({ level: 'silent' }), officerMail: options.officerMail ?? ownMail!, ...options });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    baseUrl,
    close: async () => {
      await app.close();
      ownMail?.close();
    },
  };
}

export interface CouncilApi {
  baseUrl: string;
  /** An API token of the council's officer. */
  token: string;
}

/**
 * For the tests of the file or describe block it is called in: the web app
 * on the council's services, and an API token of its officer, labelled
 * `label`. Filled in before the first test runs.
 */
export function useCouncilApi(council: TestCouncil, label: string): CouncilApi {
  const api = {} as CouncilApi;
  let web: TestWebApp | undefined;
  beforeAll(async () => {
    web = await serveTestWebApp(council.deps);
    api.baseUrl = web.baseUrl;
    api.token = (await createApiToken(council.db, council.officer, { label })).token;
  });
  afterAll(async () => {
    await web?.close();
  });
  return api;
}

/** A call to the officer API as a script makes it: `path` under /api/v1, the body (if any) as JSON, the officer's token. */
export function callApi(api: CouncilApi, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
