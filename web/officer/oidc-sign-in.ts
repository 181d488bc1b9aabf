import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { html } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import {
  finishOidcSignIn,
  OIDC_CALLBACK_PATH,
  OIDC_SIGN_IN_MINUTES,
  OidcSignInRefused,
  pendingOidcSignIn,
  startOidcSignIn,
  type OidcRefusalReason,
  type PendingOidcSignIn,
} from '../../services/officer-oidc-sign-in';
import type { OfficerMail } from '../../services/password-links';
import { sendOfficerPage } from './page';
import { startSessionCookie } from './session';

/** Holds the state, nonce and PKCE verifier between the redirect to the provider and its callback; signed, so it cannot be altered. */
const PENDING_COOKIE = 'cpe_oidc';
const PENDING_COOKIE_OPTIONS = {
  path: '/sign-in/oidc',
  httpOnly: true,
  // Lax: the provider sends the browser back with a top-level GET from its own site, which must carry the cookie.
  sameSite: 'lax',
  secure: 'auto',
  signed: true,
} as const;

const STATUS: Record<OidcRefusalReason, number> = {
  unavailable: 502,
  'invalid-answer': 502,
  expired: 400,
  'state-mismatch': 400,
  'provider-refused': 403,
  'no-email': 403,
  'no-officer': 403,
};

/** What a refused sign-in shows: what happened and what to do, with the way back; the log gets the reason, never tokens. */
function sendRefusal(request: FastifyRequest, reply: FastifyReply, refusal: OidcSignInRefused): FastifyReply {
  request.log.warn({ reason: refusal.reason, detail: refusal.detail }, 'sign-in through the identity provider refused');
  return sendOfficerPage(
    reply,
    page(
      'You are not signed in',
      html`<h1>You are not signed in</h1>
        <p>${refusal.message}</p>
        <p><a href="/sign-in">Back to the sign-in page</a></p>`,
    ),
    STATUS[refusal.reason],
  );
}

function pendingFrom(request: FastifyRequest): PendingOidcSignIn | undefined {
  const cookie = request.cookies[PENDING_COOKIE];
  const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
  if (!unsigned?.valid || !unsigned.value) return undefined;
  try {
    const parsed = pendingOidcSignIn.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sign-in through the council's identity provider: /sign-in/oidc/start sends
 * the browser to the provider; the provider sends it back to the callback
 * (PUBLIC_BASE_URL + /sign-in/oidc/callback, the redirect URI registered with
 * the provider), which opens the officer's session.
 */
export async function oidcSignInRoutes(
  app: FastifyInstance,
  deps: ServiceDependencies & { officerMail: OfficerMail },
  safeNext: (next: string | undefined) => string,
): Promise<void> {
  const redirectUri = () => `${deps.officerMail.publicBaseUrl}${OIDC_CALLBACK_PATH}`;

  app.get<{ Querystring: { council?: string; next?: string } }>('/sign-in/oidc/start', async (request, reply) => {
    try {
      const { authorizationUrl, pending } = await startOidcSignIn(deps, {
        council: String(request.query.council ?? ''),
        redirectUri: redirectUri(),
        next: safeNext(request.query.next),
      });
      reply.setCookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
        ...PENDING_COOKIE_OPTIONS,
        maxAge: OIDC_SIGN_IN_MINUTES * 60,
      });
      return reply.redirect(authorizationUrl, 303);
    } catch (error) {
      if (error instanceof OidcSignInRefused) return sendRefusal(request, reply, error);
      throw error;
    }
  });

  app.get(OIDC_CALLBACK_PATH, async (request, reply) => {
    const pending = pendingFrom(request);
    // Used once, whatever the outcome: a second visit to the same answer finds nothing to finish.
    reply.clearCookie(PENDING_COOKIE, { path: PENDING_COOKIE_OPTIONS.path });
    try {
      if (!pending) {
        throw new OidcSignInRefused(
          'expired',
          `This browser has no sign-in waiting for this answer: it took longer than ${OIDC_SIGN_IN_MINUTES} minutes, or it was started in another browser. Start again from the sign-in page.`,
        );
      }
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const { token } = await finishOidcSignIn(deps, pending, new URL(`${redirectUri()}${query}`));
      startSessionCookie(reply, token);
      return reply.redirect(pending.next, 303);
    } catch (error) {
      if (error instanceof OidcSignInRefused) return sendRefusal(request, reply, error);
      throw error;
    }
  });
}
