import { createHmac } from 'node:crypto';

import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import { sessionForToken, type OfficerSession } from '../../services/officer-auth';

declare module 'fastify' {
  interface FastifyRequest {
    officerSession: OfficerSession | null;
  }
}

export const SESSION_COOKIE = 'cpe_session';
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** Keys for cookies and form tokens, derived from the deployment's one signing secret. */
const keyFor = (secret: string, use: string) => createHmac('sha256', secret).update(use).digest('base64url');

/**
 * Cookies and CSRF protection for the officer pages. Form tokens are bound to
 * the session they were issued in, so a token from one officer's page is no
 * use in another's. Cookies are Secure whenever the request came over HTTPS
 * (behind a proxy too: the app trusts X-Forwarded-Proto).
 */
export async function officerCookies(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  await app.register(cookie, { secret: keyFor(deps.linkSecret, 'cookie-signing') });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'cpe_form',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: 'auto' },
    getUserInfo: (request: FastifyRequest) => request.officerSession?.sessionId ?? 'signed-out',
    csrfOpts: { hmacKey: keyFor(deps.linkSecret, 'csrf') },
  });
  app.decorateRequest('officerSession', null);
}

/** Reads the session cookie, if any, on every officer page. */
export function loadOfficerSession(app: FastifyInstance, deps: ServiceDependencies): void {
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.officerSession = token ? await sessionForToken(deps.db, token, deps.clock()) : null;
  });
}

export function startSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    // Lax, so following a link from an email to an officer page keeps the officer signed in.
    sameSite: 'lax',
    secure: 'auto',
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}

export function endSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** A form token for the page being rendered. */
export function formToken(request: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ userInfo: request.officerSession?.sessionId ?? 'signed-out' });
}

/** Checks the form token of every request that changes something. */
export function protectForms(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    app.csrfProtection(request, reply, done);
  });
}
