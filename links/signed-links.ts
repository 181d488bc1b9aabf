import { createHmac, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

/**
 * What a link lets its holder do. Each link is for one subject and one member,
 * or for a home's manager ('manager': a visit report; 'action': an action they own), who is no member.
 */
export const LINK_PURPOSES = ['visit', 'training', 'pledge', 'report', 'manager', 'action'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

const claimsSchema = z.object({
  /** purpose */
  p: z.enum(LINK_PURPOSES),
  /** council */
  c: z.string(),
  /** subject, e.g. a visit assignment */
  s: z.string(),
  /** member */
  m: z.string(),
  /** expiry, seconds since the epoch */
  e: z.number().int(),
});

export interface LinkClaims {
  purpose: LinkPurpose;
  councilId: string;
  subjectId: string;
  memberId: string;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired'; claims?: LinkClaims };

const signature = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** A compact token: base64url(JSON claims).base64url(HMAC-SHA256). No database row is needed to check it. */
export function signLink(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      p: claims.purpose,
      c: claims.councilId,
      s: claims.subjectId,
      m: claims.memberId,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
    }),
  ).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

/**
 * Checks the signature in constant time against each secret (the current one,
 * then those used before it), then the expiry. Expired links still say what
 * they were for.
 */
export function verifyLink(secrets: readonly string[], token: string, now: Date): LinkCheck {
  const [payload, given, extra] = token.split('.');
  if (!payload || !given || extra !== undefined) return { ok: false, reason: 'malformed' };
  const actual = Buffer.from(given);
  const signedWith = (secret: string) => {
    const expected = Buffer.from(signature(secret, payload));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };
  if (!secrets.some(signedWith)) return { ok: false, reason: 'forged' };
  let parsed: z.infer<typeof claimsSchema>;
  try {
    parsed = claimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims: LinkClaims = {
    purpose: parsed.p,
    councilId: parsed.c,
    subjectId: parsed.s,
    memberId: parsed.m,
    expiresAt: new Date(parsed.e * 1000),
  };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}
