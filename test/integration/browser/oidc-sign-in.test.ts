import type { Browser } from 'playwright-core';

import { OIDC_CALLBACK_PATH } from '../../../services/officer-oidc-sign-in';
import { launchBrowser, openContext, pageChecks } from '../../support/browser';
import { runCli } from '../../support/cli';
import { createCouncil } from '../../support/fixtures';
import { startTestIdentityProvider, type TestIdentityProvider } from '../../support/oidc-provider';
import { startTestServices, type TestServices } from '../../support/services';
import { serveTestWebApp, testOfficerMail, type TestWebApp } from '../../support/web-app';

/*
 * An officer signs in through their council's own identity provider in
 * Chromium: a real OpenID Connect provider (oidc-provider, in its own
 * process) with its own login and consent pages. The operator connects the
 * council to it at the command line first. Screenshots are kept in
 * test-artifacts/screenshots/oidc-sign-in-*.png.
 */

const COUNCIL = 'Testshire County Council';
const CLIENT_SECRET = 'testshire client secret, shown to nobody';
let services: TestServices;
let officerMail: ReturnType<typeof testOfficerMail>;
let web: TestWebApp;
let provider: TestIdentityProvider;
let browser: Browser;
let slug: string;

beforeAll(async () => {
  services = await startTestServices({ taskQueue: 'oidc-browser-test-no-worker' });
  officerMail = testOfficerMail(services.deps);
  web = await serveTestWebApp(services.deps, { officerMail });
  // The provider sends the browser back to PUBLIC_BASE_URL's callback: here, where the app listens.
  officerMail.publicBaseUrl = web.baseUrl;
  const council = await createCouncil(services.db, COUNCIL);
  slug = council.slug;
  await services.db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat.officer@testshire.example', role: 'OFFICER' },
  });
  provider = await startTestIdentityProvider({
    client: { clientId: 'cpe-testshire', clientSecret: CLIENT_SECRET, redirectUri: `${web.baseUrl}${OIDC_CALLBACK_PATH}` },
    accounts: { 'pat.officer': { email: 'pat.officer@testshire.example', email_verified: true, name: 'Pat Officer' } },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await web?.close();
  officerMail?.close();
  await services?.close();
});

test('the operator connects the council to its provider; an officer signs in there and lands on their dashboard', async () => {
  const run = await runCli(
    ['councils', 'identity-provider', slug, '--issuer', provider.issuer, '--client-id', 'cpe-testshire', '--client-secret', CLIENT_SECRET],
    { databaseUrl: services.databaseUrl, env: { PUBLIC_BASE_URL: web.baseUrl } },
  );
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain(`${COUNCIL}’s officers can now sign in through ${provider.issuer} (client ID cpe-testshire)`);
  expect(run.stdout).toContain(`The redirect URI to register with the provider: ${web.baseUrl}${OIDC_CALLBACK_PATH}`);
  expect(run.stdout).not.toContain(CLIENT_SECRET);

  const checkPage = await pageChecks('oidc-sign-in');
  const page = await (await openContext(browser, web.baseUrl, 'phone')).newPage();
  await page.goto('/');
  await page.waitForURL(/\/sign-in/);
  await checkPage(page, '01-sign-in');
  await page.getByRole('link', { name: `Sign in with ${COUNCIL}’s account` }).click();

  // The provider's own pages: its login form, then its consent.
  await page.waitForURL(`${provider.issuer}/**`);
  await page.locator('input[name="login"]').fill('pat.officer');
  await page.locator('input[name="password"]').fill('the password Pat keeps at the council');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${web.baseUrl}/`);
  await page.getByRole('heading', { level: 1, name: 'Needs attention' }).waitFor();
  await page.getByText('Pat Officer (officer)').waitFor();
  await checkPage(page, '02-signed-in');
});
