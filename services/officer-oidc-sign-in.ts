import type * as OpenidClientModule from 'openid-client' with { 'resolution-mode': 'import' };
import { z } from 'zod';

import type { Db } from '../db/client';
import { recordSystemAudit } from './audit';
import type { ServiceDependencies } from './context';
import { InputError, NotFoundError, parseInput } from './errors';
import { openSession, type OfficerSession } from './officer-auth';

/*
 * Officers sign in through their council's own OpenID Connect provider
 * (usually Microsoft Entra ID): the authorization code flow with PKCE, state
 * and nonce. The provider says who the person is; the officer account must
 * already exist in that council, found by email. Nothing is created here.
 */

type OpenidClient = typeof OpenidClientModule;
type ProviderConfiguration = Awaited<ReturnType<OpenidClient['discovery']>>;

let openidClientModule: Promise<OpenidClient> | undefined;
/** openid-client is an ES module only: a real import() loads it from this CommonJS build (jest.config.js compiles it for the tests). */
const openidClient = (): Promise<OpenidClient> => (openidClientModule ??= import('openid-client'));

export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';
const SCOPES = 'openid email profile';
/** Long enough to sign in at the provider, with a second factor; the state cookie lasts as long. */
export const OIDC_SIGN_IN_MINUTES = 10;
const DISCOVERY_TIMEOUT_SECONDS = 10;
/** Plain http is for a provider on this machine only (a test or a local stand-in); anywhere else it must be https. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const isLoopback = (issuer: string) => LOOPBACK_HOSTS.has(new URL(issuer).hostname);

const ISSUER_EXAMPLE = 'for Entra ID https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0';

export const identityProviderInput = z.object({
  issuer: z
    .url({ protocol: /^https?$/, error: `must be the provider's issuer address, ${ISSUER_EXAMPLE}` })
    .trim()
    .refine((issuer) => issuer.startsWith('https:') || isLoopback(issuer), {
      error: `must start with https:// (plain http only on this machine), ${ISSUER_EXAMPLE}`,
    }),
  clientId: z
    .string({ error: 'give the client ID the provider issued (Entra ID: the Application (client) ID)' })
    .trim()
    .min(1, 'give the client ID the provider issued (Entra ID: the Application (client) ID)'),
  clientSecret: z
    .string({ error: 'give the client secret (Entra ID: the secret’s Value, not its ID)' })
    .trim()
    .min(1, 'give the client secret (Entra ID: the secret’s Value, not its ID)'),
});
export type IdentityProviderInput = z.input<typeof identityProviderInput>;
type IdentityProvider = z.infer<typeof identityProviderInput>;

/** The provider's metadata and this client's registration, fetched from the issuer's /.well-known/openid-configuration. */
async function discover(provider: IdentityProvider): Promise<ProviderConfiguration> {
  const oidc = await openidClient();
  return oidc.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
    timeout: DISCOVERY_TIMEOUT_SECONDS,
    ...(isLoopback(provider.issuer) && !provider.issuer.startsWith('https:') && { execute: [oidc.allowInsecureRequests] }),
  });
}

/** What an operator sees of a council's provider: never the secret. */
export interface IdentityProviderSettings {
  slug: string;
  name: string;
  issuer: string;
  clientId: string;
}

/**
 * An operator connects a council to its identity provider. The issuer is
 * checked by reading its discovery document, so a mistyped address is
 * refused now rather than at the first officer's sign-in.
 */
export async function setCouncilIdentityProvider(
  deps: Pick<ServiceDependencies, 'db'>,
  slug: string,
  input: Partial<IdentityProviderInput>,
): Promise<IdentityProviderSettings> {
  const values = parseInput(identityProviderInput, input);
  const council = await deps.db.council.findUnique({ where: { slug } });
  if (!council) throw new NotFoundError('council', slug);
  try {
    await discover(values);
  } catch (error) {
    throw new InputError([
      {
        field: 'issuer',
        message: `${values.issuer}/.well-known/openid-configuration could not be read as this provider's (${problemOf(error)}); check the address, ${ISSUER_EXAMPLE}`,
      },
    ]);
  }
  await deps.db.council.update({
    where: { id: council.id },
    data: { oidcIssuer: values.issuer, oidcClientId: values.clientId, oidcClientSecret: values.clientSecret },
  });
  await recordSystemAudit(
    deps.db,
    council.id,
    'council.identity-provider-set',
    { type: 'Council', id: council.id },
    { issuer: values.issuer, clientId: values.clientId },
  );
  return { slug: council.slug, name: council.name, issuer: values.issuer, clientId: values.clientId };
}

/** An operator disconnects the provider: officers sign in with passwords only. */
export async function removeCouncilIdentityProvider(deps: Pick<ServiceDependencies, 'db'>, slug: string): Promise<{ name: string }> {
  const council = await deps.db.council.findUnique({ where: { slug } });
  if (!council) throw new NotFoundError('council', slug);
  await deps.db.council.update({ where: { id: council.id }, data: { oidcIssuer: null, oidcClientId: null, oidcClientSecret: null } });
  await recordSystemAudit(deps.db, council.id, 'council.identity-provider-removed', { type: 'Council', id: council.id });
  return { name: council.name };
}

/** Why a sign-in through the provider stopped; the web page says what to do about each. */
export type OidcRefusalReason =
  'unavailable' | 'expired' | 'state-mismatch' | 'provider-refused' | 'invalid-answer' | 'no-email' | 'no-officer';

/** A sign-in through the provider that did not sign anyone in: `message` is for the person, `detail` for the log (never tokens). */
export class OidcSignInRefused extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** An error's kind and code, for a message or the log: openid-client's messages name what failed, never a token. */
function problemOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as { code?: string };
  const cause = error.cause instanceof Error ? `; ${error.cause.message}` : '';
  return `${error.name}${code ? ` ${code}` : ''}: ${error.message}${cause}`;
}

/** What the browser carries between the redirect to the provider and the callback, in a signed cookie. */
export const pendingOidcSignIn = z.object({
  council: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  next: z.string(),
  startedAt: z.number(),
});
export type PendingOidcSignIn = z.infer<typeof pendingOidcSignIn>;

/** A council with a provider, by slug; any other is not found, as for an unknown slug. */
async function providerCouncil(db: Db, slug: string) {
  const council = await db.council.findUnique({ where: { slug } });
  if (!council?.oidcIssuer || !council.oidcClientId || !council.oidcClientSecret)
    throw new NotFoundError('council with an identity provider', slug);
  const provider = { issuer: council.oidcIssuer, clientId: council.oidcClientId, clientSecret: council.oidcClientSecret };
  return { council, provider };
}

/**
 * A provider's discovery document and signing keys change rarely: each
 * council's configuration is kept for an hour, so a sign-in's start and
 * callback do not each fetch them again (openid-client caches the keys on the
 * configuration). Keyed by the settings, so changed settings are fetched anew.
 */
const DISCOVERY_KEPT_MS = 60 * 60_000;
const discovered = new Map<string, { configuration: Promise<ProviderConfiguration>; at: number }>();

function cachedDiscovery(provider: IdentityProvider): Promise<ProviderConfiguration> {
  const key = JSON.stringify([provider.issuer, provider.clientId, provider.clientSecret]);
  const kept = discovered.get(key);
  if (kept && Date.now() - kept.at < DISCOVERY_KEPT_MS) return kept.configuration;
  const configuration = discover(provider);
  discovered.set(key, { configuration, at: Date.now() });
  // A provider that did not answer is asked again next time.
  configuration.catch(() => discovered.delete(key));
  return configuration;
}

async function discoverFor(council: { name: string }, provider: IdentityProvider): Promise<ProviderConfiguration> {
  try {
    return await cachedDiscovery(provider);
  } catch (error) {
    throw new OidcSignInRefused(
      'unavailable',
      `${council.name}’s sign-in service (${new URL(provider.issuer).host}) did not answer. Try again in a few minutes, or sign in with your password if you have one.`,
      problemOf(error),
    );
  }
}

/**
 * Starts signing in through the council's provider: the address to send the
 * browser to, and what the browser must bring back (state, nonce and the
 * PKCE verifier, whose S256 challenge goes to the provider).
 */
export async function startOidcSignIn(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  request: { council: string; redirectUri: string; next: string },
): Promise<{ authorizationUrl: string; pending: PendingOidcSignIn }> {
  const { council, provider } = await providerCouncil(deps.db, request.council);
  const configuration = await discoverFor(council, provider);
  const oidc = await openidClient();
  const pending: PendingOidcSignIn = {
    council: council.slug,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    next: request.next,
    startedAt: deps.clock().getTime(),
  };
  const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: request.redirectUri,
    scope: SCOPES,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { authorizationUrl: authorizationUrl.href, pending };
}

/** The ID token's claims, after openid-client has checked the response's state, the code exchange (PKCE) and the token's issuer, audience, expiry and nonce. */
async function verifiedClaims(configuration: ProviderConfiguration, pending: PendingOidcSignIn, callbackUrl: URL, councilName: string) {
  const oidc = await openidClient();
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
    return tokens.claims()!;
  } catch (error) {
    if (error instanceof oidc.AuthorizationResponseError) {
      throw new OidcSignInRefused(
        'provider-refused',
        `${councilName}’s sign-in service did not sign you in (${error.error}). Try again, or ask your IT service desk whether your account may use this application.`,
        problemOf(error),
      );
    }
    const unreachable = error instanceof TypeError || ['OAUTH_TIMEOUT', 'OAUTH_ABORT'].includes((error as { code?: string }).code ?? '');
    throw new OidcSignInRefused(
      unreachable ? 'unavailable' : 'invalid-answer',
      unreachable
        ? `${councilName}’s sign-in service did not answer. Try again in a few minutes.`
        : `The answer from ${councilName}’s sign-in service could not be checked, so you are not signed in. Start again; if it happens again, tell support.`,
      problemOf(error),
    );
  }
}

/**
 * Finishes signing in at the callback: checks the answer against what the
 * browser brought back, finds the officer by the verified email within the
 * council the sign-in started for, and opens their session as a password
 * sign-in does.
 */
export async function finishOidcSignIn(
  deps: Pick<ServiceDependencies, 'db' | 'clock'>,
  pending: PendingOidcSignIn,
  callbackUrl: URL,
): Promise<{ token: string; session: OfficerSession }> {
  const now = deps.clock();
  if (now.getTime() - pending.startedAt > OIDC_SIGN_IN_MINUTES * 60_000)
    throw new OidcSignInRefused('expired', `Signing in took longer than ${OIDC_SIGN_IN_MINUTES} minutes. Start again.`);
  // openid-client checks this too; checked first so a forged or replayed answer gets its own message.
  if (callbackUrl.searchParams.get('state') !== pending.state) {
    throw new OidcSignInRefused(
      'state-mismatch',
      'This answer from the sign-in service does not belong to the sign-in this browser started, so it was not used. Start again from the sign-in page.',
    );
  }
  const { council, provider } = await providerCouncil(deps.db, pending.council);
  const claims = await verifiedClaims(await discoverFor(council, provider), pending, callbackUrl, council.name);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  // Entra ID sends no email_verified; a provider that says the address is unverified is not believed.
  if (!email || claims.email_verified === false) {
    throw new OidcSignInRefused(
      'no-email',
      `${council.name}’s sign-in service did not give a verified email address for your account, so you cannot be matched to an officer. Ask your IT service desk to include the email claim.`,
    );
  }
  const officer = await deps.db.officer.findFirst({
    where: { councilId: council.id, email: { equals: email, mode: 'insensitive' }, active: true },
    include: { council: { select: { name: true, slug: true } } },
  });
  if (!officer) {
    throw new OidcSignInRefused(
      'no-officer',
      `${email} has no officer account at ${council.name}. Signing in does not create one: ask one of the council’s admins to invite you.`,
    );
  }
  return openSession(deps.db, officer, now, { via: 'identity-provider', issuer: provider.issuer });
}
