import { createHash } from 'node:crypto';

import type { Db } from '../db/client';
import { verifyLink, type LinkClaims, type LinkPurpose } from '../links/signed-links';
import { Prisma } from '../prisma/generated/client';
import type { ServiceDependencies } from './context';

/** A link that cannot be used, with what to tell the person. */
export class LinkProblem extends Error {
  override name = 'LinkProblem';
  constructor(
    readonly reason: 'malformed' | 'forged' | 'expired' | 'withdrawn',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a member link for one purpose and returns its claims, or explains
 * why it cannot be used, with advice fitting the purpose.
 */
export function claimsOfLink(
  deps: ServiceDependencies,
  token: string,
  purpose: LinkPurpose,
  advice: { expired: string; invalid: string },
): LinkClaims {
  const check = verifyLink([deps.linkSecret, ...(deps.previousLinkSecrets ?? [])], token, deps.clock());
  if (check.ok && check.claims.purpose === purpose) return check.claims;
  if (!check.ok && check.reason === 'expired') throw new LinkProblem('expired', `This link has expired. ${advice.expired}`);
  throw new LinkProblem('forged', `This link is not valid. ${advice.invalid}`);
}

/** A single-use link's row in UsedLink: the SHA-256 of its signature, so the token itself is never stored. */
const usedLinkId = (token: string) =>
  createHash('sha256')
    .update(token.split('.')[1] ?? token)
    .digest('hex');

/** Whether a single-use link has already recorded something. */
export async function linkSpent(db: Pick<Db, 'usedLink'>, token: string): Promise<boolean> {
  return (await db.usedLink.count({ where: { id: usedLinkId(token) } })) > 0;
}

/**
 * Spends a single-use link inside the transaction that records what it was
 * for: a second use (a reused link, or two taps at once) records nothing.
 */
export async function spendLink(tx: Prisma.TransactionClient, token: string, councilId: string, refusal: string): Promise<void> {
  try {
    await tx.usedLink.create({ data: { id: usedLinkId(token), councilId } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new LinkProblem('withdrawn', refusal);
    throw error;
  }
}
