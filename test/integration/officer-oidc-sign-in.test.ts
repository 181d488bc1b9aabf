import { Writable } from 'node:stream';

import { createLogger } from '../../config/logger';
import { OIDC_CALLBACK_PATH } from '../../services/officer-oidc-sign-in';
import { TEST_BASE_URL } from '../support/activities';
import { runCli } from '../support/cli';
import { createCouncil, createOtherCouncilOfficer } from '../support/fixtures';
import { signInAtProvider, startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider';
import { OfficerBrowser } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { startTestServices, type TestServices } from '../support/services';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

/*
 * Signing in through a council's identity provider, against a real OpenID
 * Connect provider in its own process, driven over HTTP: who gets in, to
 * which council, and what is refused. The browser journey is in
 * browser/oidc-sign-in.test.ts.
 */

const CLIENT = { clientId: 'cpe-testshire', clientSecret: 'testshire client secret', redirectUri: `${TEST_BASE_URL}${OIDC_CALLBACK_PATH}` };
let services: TestServices;
let web: TestWebApp;
let provider: TestIdentityProvider;
let testshire: { id: string; slug: string };
let otherton: Awaited<ReturnType<typeof createOtherCouncilOfficer>>;
const logged: string[] = [];

beforeAll(async () => {
  services = await startTestServices({ taskQueue: 'oidc-sign-in-test-no-worker' });
  const collector = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  web = await serveTestWebApp(services.deps, { log: createLogger({ LOG_LEVEL: 'info' }, 'web', collector) });
  otherton = await createOtherCouncilOfficer(services.db);
  provider = await startTestIdentityProvider({
    client: CLIENT,
    accounts: {
      pat: { email: 'Pat.Officer@Testshire.example', email_verified: true, name: 'Pat Officer' },
      // The same person as Otherton's officer: only an officer there, not at Testshire.
      olu: { email: otherton.email, email_verified: true, name: 'Olu Other' },
      stranger: { email: 'stranger@testshire.example', email_verified: true, name: 'Sam Stranger' },
      unverified: { email: 'pat.officer@testshire.example', email_verified: false, name: 'Pat Officer' },
    },
  });
  const council = await createCouncil(services.db);
  testshire = council;
  await services.db.council.update({
    where: { id: council.id },
    data: { oidcIssuer: provider.issuer, oidcClientId: CLIENT.clientId, oidcClientSecret: CLIENT.clientSecret },
  });
  await services.db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat.officer@testshire.example', role: 'OFFICER' },
  });
  // Otherton's officer with Pat's address too: signing in to Testshire must never land in Otherton.
  await services.db.officer.create({
    data: { councilId: otherton.id, name: 'Pat at Otherton', email: 'pat.officer@testshire.example', role: 'ADMIN' },
  });
});

afterAll(async () => {
  await provider?.close();
  await web?.close();
  await services?.close();
});

/** A browser that starts signing in to `council` through its provider, and the provider's answer once `login` has signed in there. */
async function answeredSignIn(council: string, login: string | null) {
  const browser = new OfficerBrowser(web.baseUrl);
  const started = await browser.get(`/sign-in/oidc/start?council=${council}&next=%2Femails`);
  expect(started.status).toBe(303);
  const callback = await signInAtProvider(provider.issuer, started.headers.get('location')!, login);
  expect(callback.href.startsWith(CLIENT.redirectUri)).toBe(true);
  return { browser, callback };
}

const callbackPath = (callback: URL) => `${callback.pathname}${callback.search}`;

test('an officer signs in through the provider, matched by email whatever its case, into their own council only', async () => {
  const { browser, callback } = await answeredSignIn(testshire.slug, 'pat');
  const back = await browser.get(callbackPath(callback));
  expect(back.status).toBe(303);
  expect(back.headers.get('location')).toBe('/emails');
  const page = await textOf(await browser.get('/emails'));
  expect(page).toContain('Testshire County Council');
  expect(page).toContain('Pat Officer (officer)');
  expect(page).not.toContain('Otherton');

  const signIns = await services.db.auditEvent.findMany({ where: { action: 'officer.signed-in' } });
  expect(signIns).toEqual([
    expect.objectContaining({ councilId: testshire.id, details: { via: 'identity-provider', issuer: provider.issuer } }),
  ]);
  // The callback is logged without the authorization code it carried.
  const text = logged.join('');
  expect(text).toContain(`${OIDC_CALLBACK_PATH}?code=[token]`);
  expect(text).not.toContain(callback.searchParams.get('code')!);
});

test('an email with no officer account in the council is refused with a page saying so, and no account is made', async () => {
  const officersBefore = await services.db.officer.count();
  for (const login of ['stranger', 'olu']) {
    const { browser, callback } = await answeredSignIn(testshire.slug, login);
    const refused = await browser.get(callbackPath(callback));
    expect(refused.status).toBe(403);
    const email = login === 'olu' ? otherton.email : 'stranger@testshire.example';
    expect(await textOf(refused)).toContain(
      `${email} has no officer account at Testshire County Council. Signing in does not create one: ask one of the council’s admins to invite you.`,
    );
    expect((await browser.get('/emails')).status).toBe(303);
  }
  expect(await services.db.officer.count()).toBe(officersBefore);
});

test('an address the provider has not verified is refused', async () => {
  const { browser, callback } = await answeredSignIn(testshire.slug, 'unverified');
  const refused = await browser.get(callbackPath(callback));
  expect(refused.status).toBe(403);
  expect(await textOf(refused)).toContain('did not give a verified email address for your account');
});

test('someone who cancels at the provider is told so', async () => {
  const { browser, callback } = await answeredSignIn(testshire.slug, null);
  const refused = await browser.get(callbackPath(callback));
  expect(refused.status).toBe(403);
  expect(await textOf(refused)).toContain('Testshire County Council’s sign-in service did not sign you in (access_denied).');
});

test('an answer whose state was changed is refused, and the sign-in cannot then be finished with the real one', async () => {
  const { browser, callback } = await answeredSignIn(testshire.slug, 'pat');
  const tampered = new URL(callback);
  tampered.searchParams.set('state', 'forged-state');
  const refused = await browser.get(callbackPath(tampered));
  expect(refused.status).toBe(400);
  const page = await refused.text();
  expect(textOf(page)).toContain('does not belong to the sign-in this browser started');
  expect(page).not.toMatch(/at .+\.ts:\d+/);

  expect((await browser.get(callbackPath(callback))).status).toBe(400);
  expect((await browser.get('/emails')).status).toBe(303);
  // Another browser cannot finish it either: it has no sign-in waiting.
  const elsewhere = await new OfficerBrowser(web.baseUrl).get(callbackPath(callback));
  expect(await textOf(elsewhere)).toContain('This browser has no sign-in waiting for this answer');
});

test('a provider that does not answer gives a page saying so, not an error', async () => {
  const council = await createCouncil(services.db, 'Downshire District Council');
  await services.db.council.update({
    where: { id: council.id },
    data: { oidcIssuer: 'http://127.0.0.1:1', oidcClientId: 'cpe', oidcClientSecret: 'secret' },
  });
  const down = await new OfficerBrowser(web.baseUrl).get(`/sign-in/oidc/start?council=${council.slug}`);
  expect(down.status).toBe(502);
  expect(await textOf(down)).toContain('Downshire District Council’s sign-in service (127.0.0.1:1) did not answer');
});

test('the sign-in page offers the provider; the council page says sign-in goes through it and never shows the secret', async () => {
  const signInPage = await textOf(await new OfficerBrowser(web.baseUrl).get('/sign-in'));
  expect(signInPage).toContain('Sign in with Testshire County Council’s account');
  expect(signInPage).not.toContain('Sign in with Otherton Borough Council’s account');

  const { browser, callback } = await answeredSignIn(testshire.slug, 'pat');
  await browser.get(callbackPath(callback));
  const councilPage = await browser.get('/council');
  const text = await textOf(councilPage);
  expect(text).toContain(`Officers sign in through the council’s identity provider, ${provider.issuer} (client ID cpe-testshire)`);
  expect(text).not.toContain(CLIENT.clientSecret);
});

test('the operator command refuses bad settings, naming the field and the fix', async () => {
  const run = await runCli(
    ['councils', 'identity-provider', testshire.slug, '--issuer', 'http://login.example.com/tenant/v2.0', '--client-id', 'x'],
    {
      databaseUrl: services.databaseUrl,
    },
  );
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('issuer: must start with https:// (plain http only on this machine)');
  expect(run.stderr).toContain('clientSecret: give the client secret (Entra ID: the secret’s Value, not its ID)');
});
