import { hashPassword, MAX_FAILED_SIGN_INS, needsRehash, OWASP_SCRYPT, verifyPassword } from '../../services/officer-auth';
import { createCouncil } from '../support/fixtures';
import { OfficerBrowser, expectRedirect } from '../support/officer-browser';
import { startTestServices, type TestServices } from '../support/services';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

let services: TestServices;
let web: TestWebApp;
let councilSlug: string;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  services = await startTestServices({ taskQueue: 'sign-in-test-no-worker' });
  web = await serveTestWebApp(services.deps);
  const council = await createCouncil(services.db, 'Testshire County Council');
  councilSlug = council.slug;
  const passwordHash = await hashPassword(PASSWORD);
  await services.db.officer.createMany({
    data: [
      { councilId: council.id, name: 'Pat Officer', email: 'pat@testshire.example', role: 'OFFICER', passwordHash },
      { councilId: council.id, name: 'Lou Locked', email: 'lou@testshire.example', role: 'OFFICER', passwordHash },
    ],
  });
});

afterAll(async () => {
  await web?.close();
  await services?.close();
});

test('an officer who is not signed in is sent to sign in, and comes back to the page they asked for', async () => {
  const browser = new OfficerBrowser(web.baseUrl);
  const home = await browser.get('/emails');
  expectRedirect(home, '/sign-in?next=%2Femails');

  const signedIn = await browser.signIn({ council: councilSlug, email: 'PAT@testshire.example', password: PASSWORD, next: '/emails' });
  expectRedirect(signedIn, '/emails');
  const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('cpe_session='))!;
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect(cookie).not.toMatch(/Secure/i);

  const page = await browser.get('/emails');
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(await page.text()).toContain('Pat Officer (officer)');
});

test('behind an HTTPS proxy the session cookie is Secure', async () => {
  const browser = new OfficerBrowser(web.baseUrl, { 'x-forwarded-proto': 'https' });
  const signedIn = await browser.signIn({ council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
  expect(signedIn.headers.getSetCookie().find((line) => line.startsWith('cpe_session='))).toMatch(/; Secure/i);
});

test('a wrong password and an unknown email get the same answer; the address typed is kept', async () => {
  const browser = new OfficerBrowser(web.baseUrl);
  for (const email of ['pat@testshire.example', 'nobody@testshire.example']) {
    const refused = await browser.signIn({ council: councilSlug, email, password: 'not the password' });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain('the email address or password is not right; check both and try again');
    expect(body).toContain(`value="${email}"`);
  }
});

test(`after ${MAX_FAILED_SIGN_INS} wrong passwords the account pauses, even for the right one`, async () => {
  const browser = new OfficerBrowser(web.baseUrl);
  for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt += 1) {
    await browser.signIn({ council: councilSlug, email: 'lou@testshire.example', password: `guess ${attempt}` });
  }
  const paused = await browser.signIn({ council: councilSlug, email: 'lou@testshire.example', password: PASSWORD });
  expect(paused.status).toBe(400);
  expect(await paused.text()).toContain('this account is paused after 5 wrong passwords');
  expect(await services.db.auditEvent.count({ where: { action: 'officer.locked' } })).toBe(1);
});

test('a form without its token, or with a token from another session, is refused', async () => {
  const browser = new OfficerBrowser(web.baseUrl);
  await browser.signIn({ council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
  const forged = await browser.post('/sign-out', { _csrf: 'forged' });
  expect(forged.status).toBe(403);
  expect(await forged.text()).toContain('This form has expired');

  const other = new OfficerBrowser(web.baseUrl);
  await other.signIn({ council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
  const stolen = await browser.post('/sign-out', { _csrf: await other.formToken('/emails') });
  expect(stolen.status).toBe(403);
});

test('signing out ends the session on the server, so the old cookie no longer works', async () => {
  const browser = new OfficerBrowser(web.baseUrl);
  await browser.signIn({ council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
  const oldCookies = browser.cookieHeader();
  const out = await browser.post('/sign-out', { _csrf: await browser.formToken('/emails') });
  expect(out.status).toBe(303);
  const replayed = await fetch(`${web.baseUrl}/emails`, { headers: { cookie: oldCookies }, redirect: 'manual' });
  expect(replayed.status).toBe(303);
  expect(replayed.headers.get('location')).toContain('/sign-in');
});

test('after sign-in only paths on this site are followed', async () => {
  const browser = new OfficerBrowser(web.baseUrl);
  const signedIn = await browser.signIn({
    council: councilSlug,
    email: 'pat@testshire.example',
    password: PASSWORD,
    next: '//evil.example/',
  });
  expect(signedIn.headers.get('location')).toBe('/');
});

test("a password hashed with less work than today's is remade at the next sign-in, and still opens the account", async () => {
  const council = await services.db.council.findUniqueOrThrow({ where: { slug: councilSlug } });
  const weakHash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1, keyLength: 64 });
  const officer = await services.db.officer.create({
    data: { councilId: council.id, name: 'Ola Older', email: 'ola@testshire.example', role: 'OFFICER', passwordHash: weakHash },
  });
  expect(needsRehash(weakHash)).toBe(true);

  const signedIn = await new OfficerBrowser(web.baseUrl).signIn({
    council: councilSlug,
    email: 'ola@testshire.example',
    password: PASSWORD,
  });
  expect(signedIn.status).toBe(303);
  const { passwordHash } = await services.db.officer.findUniqueOrThrow({ where: { id: officer.id } });
  expect(passwordHash).not.toBe(weakHash);
  expect(needsRehash(passwordHash!)).toBe(false);
  expect(await verifyPassword(PASSWORD, passwordHash!)).toBe(true);
});

test("production hashes are made at OWASP's scrypt minimum (N=2^17, r=8, p=1) and verify", async () => {
  const hash = await hashPassword(PASSWORD, OWASP_SCRYPT);
  expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  expect(await verifyPassword(PASSWORD, hash)).toBe(true);
});
