import { verifyLink, type LinkClaims, type LinkPurpose } from '../links/signed-links';
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
