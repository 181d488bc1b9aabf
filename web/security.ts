import { createHash } from 'node:crypto';

import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { Db } from '../db/client';
import { html } from '../render/html';
import { page } from '../render/page';
import { sendMemberPage } from './member/pages';
import { SESSION_COOKIE } from './officer/session';
import { postgresRateLimitStore } from './rate-limit-store';

/**
 * What every HTML page may load: only this site, no scripts at all (none are
 * used), no plugins, no framing. Styles may be inline: the layout inlines its
 * stylesheet, and the report and pledge documents carry email-safe style
 * attributes, which no hash or nonce can cover.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/** A year, as browsers expect; sent only over HTTPS (browsers ignore it on plain HTTP, and local use stays on HTTP). */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Helmet's protective headers (no sniffing, no framing, no referrer, the
 * cross-origin isolation headers) on every response, the content policy on
 * all but PDFs, and HSTS on HTTPS (behind a proxy, as X-Forwarded-Proto says).
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // Browsers show a PDF in a built-in viewer embedded in the page, which object-src 'none' can stop; our PDFs carry no script.
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/pdf')) {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    }
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    return payload;
  });
}

export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** Pages behind members' links (/m, /t, /p, /r), per client address. */
  memberLinks: RateLimit;
  /** Sign-in attempts, per client address. Each account also pauses after 5 wrong passwords (services/officer-auth.ts). */
  signIn: RateLimit;
  /** The API and the codec endpoint, per officer token or session (per address when there is neither). */
  apiPerCredential: RateLimit;
  /** The API and the codec endpoint, per client address, whatever the token: a stream of made-up tokens is capped too. */
  apiPerAddress: RateLimit;
}

/**
 * Generous enough for a council office where everyone shares one address:
 * a whole council (about 60 members) answering the same email within a
 * minute, 50 officers signing in on a Monday morning, or a few import
 * scripts each sending ten requests a second.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  memberLinks: { max: 120, windowSeconds: 60 },
  signIn: { max: 50, windowSeconds: 15 * 60 },
  apiPerCredential: { max: 600, windowSeconds: 60 },
  apiPerAddress: { max: 1200, windowSeconds: 60 },
};

const MEMBER_LINK = /^\/[ahmtpr]\//;

/** A token or session cookie, hashed so no credential is held as a key in memory. */
function credentialOf(request: FastifyRequest): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? request.cookies?.[SESSION_COOKIE];
  return token && createHash('sha256').update(token).digest('base64url');
}

const waitFor = (seconds: number) => (seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`);

function tooManyForPeople(reply: FastifyReply, seconds: number): FastifyReply {
  return sendMemberPage(
    reply,
    429,
    page(
      'Too many requests',
      html`<h1>Too many requests</h1>
        <p>There have been too many requests from your network in a short time, so this page is paused to keep the service safe.</p>
        <p>Wait ${waitFor(seconds)}, then try again.</p>`,
    ),
  );
}

function tooManyForScripts(reply: FastifyReply, seconds: number): FastifyReply {
  return reply.status(429).send({
    error: {
      message: `Too many requests with this token or from this address. Wait ${waitFor(seconds)} (see Retry-After), then try again.`,
    },
  });
}

const PASSWORD_FORMS = new Set(['/sign-in', '/forgot-password', '/set-password']);

/**
 * Rate limits, counted in Postgres so that they hold across web instances,
 * checked before anything else (before the API looks up a token, so guessing
 * tokens costs requests too). Each area counts on its own.
 */
export async function rateLimiting(app: FastifyInstance, db: Db, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(db) });
  // Keys carry the limit's name: two limits counting by the same address must not share a count.
  const limiter = (name: keyof RateLimits, keyOf: (request: FastifyRequest) => string) =>
    app.createRateLimit({
      max: limits[name].max,
      timeWindow: limits[name].windowSeconds * 1000,
      keyGenerator: (request) => `${name}:${keyOf(request)}`,
    });
  const byAddress = (request: FastifyRequest) => request.ip;
  const byCredential = (request: FastifyRequest) => credentialOf(request) ?? request.ip;

  const areas = [
    {
      covers: (_method: string, path: string) => MEMBER_LINK.test(path),
      limiters: [limiter('memberLinks', byAddress)],
      refuse: tooManyForPeople,
    },
    {
      // Forms that take a password or send one by email count together, per address.
      covers: (method: string, path: string) => method === 'POST' && PASSWORD_FORMS.has(path),
      limiters: [limiter('signIn', byAddress)],
      refuse: tooManyForPeople,
    },
    {
      covers: (_method: string, path: string) => path.startsWith('/api/') || path.startsWith('/codec/'),
      limiters: [limiter('apiPerCredential', byCredential), limiter('apiPerAddress', byAddress)],
      refuse: tooManyForScripts,
    },
  ];

  app.addHook('onRequest', async (request, reply) => {
    // The route's own pattern when one matched, so an encoded path cannot slip past; the path itself otherwise.
    const path = request.routeOptions.url ?? request.url.split('?', 1)[0]!;
    const area = areas.find((candidate) => candidate.covers(request.method, path));
    if (!area) return;
    for (const limit of area.limiters) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        return area.refuse(reply.header('Retry-After', result.ttlInSeconds), result.ttlInSeconds);
      }
    }
  });
}
