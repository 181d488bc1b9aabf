import { hashPassword } from '../../services/officer-auth';
import { createApiToken } from '../../services/officers';
import { createCouncil, createOfficer } from '../support/fixtures';
import { OfficerBrowser, passwordLinkToken, setPasswordThroughLink, signedInOfficer } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { useTestCouncil } from '../support/services';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { serveTestWebApp, testOfficerMail, type TestWebApp } from '../support/web-app';

/*
 * Officer accounts managed in the browser and the API: invitations by email,
 * roles, deactivation, API tokens, "Forgot your password?", and the council's
 * settings with its standard set-up. Every id of another council is not found.
 */

const now = new Date('2026-11-23T10:00:00Z');
const council = useTestCouncil({ taskQueue: 'officer-accounts-test-no-worker', clock: () => now });
const PASSWORD = 'correct horse battery staple';

let sink: SmtpSink;
let mail: ReturnType<typeof testOfficerMail>;
let web: TestWebApp;
let slug: string;
let admin: { id: string; email: string; token: string; browser: OfficerBrowser };
let foreign: { officerId: string; tokenId: string };

/** An officer of the test council who can sign in with PASSWORD. */
async function officerWithPassword(name: string, role: 'ADMIN' | 'OFFICER' | 'READ_ONLY') {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@testshire.example`;
  const row = await council.db.officer.create({
    data: { councilId: council.id, name, email, role, passwordHash: await hashPassword(PASSWORD) },
  });
  return { id: row.id, email, role };
}

const api = (method: string, path: string, body?: unknown, token = admin.token) =>
  fetch(`${web.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Posts one of a page's forms as the signed-in browser, with the page's form token. */
async function submit(browser: OfficerBrowser, page: string, action: string, fields: Record<string, string> = {}) {
  return browser.post(action, { _csrf: await browser.formToken(page), ...fields });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  mail = testOfficerMail(council.deps, sink.url);
  web = await serveTestWebApp(council.deps, { officerMail: mail });
  slug = (await council.db.council.findUniqueOrThrow({ where: { id: council.id } })).slug;
  const row = await officerWithPassword('Avery Admin', 'ADMIN');
  admin = {
    id: row.id,
    email: row.email,
    token: (await createApiToken(council.db, { councilId: council.id, officerId: row.id, role: 'ADMIN' }, { label: 'tests' })).token,
    browser: await signedInOfficer(web.baseUrl, { council: slug, email: row.email, password: PASSWORD }),
  };
  const otherton = await createCouncil(council.db, 'Otherton District Council');
  const outsider = await createOfficer(council.db, otherton.id, 'ADMIN');
  foreign = { officerId: outsider.officerId, tokenId: (await createApiToken(council.db, outsider, { label: 'theirs' })).id };
});

afterAll(async () => {
  await web?.close();
  mail?.close();
  await sink?.stop();
});

test('an admin invites an officer from the officers page; the emailed link lets them choose a password and sign in', async () => {
  const sent = await submit(admin.browser, '/officers', '/officers', {
    name: 'Robin Invitee',
    email: 'Robin.Invitee@testshire.example',
    role: 'OFFICER',
  });
  expect(sent.status).toBe(200);
  expect(await textOf(sent)).toContain(
    'Robin Invitee has been emailed a link to choose a password. It works once, until Thursday 26 November 2026 at 10am.',
  );

  const [email] = await sink.waitForMessages(1);
  const token = passwordLinkToken(email!.text ?? '')!;
  expect((await setPasswordThroughLink(web.baseUrl, token, PASSWORD)).status).toBe(200);
  await signedInOfficer(web.baseUrl, { council: slug, email: 'robin.invitee@testshire.example', password: PASSWORD });

  const again = await submit(admin.browser, '/officers', '/officers', {
    name: 'Robin Again',
    email: 'robin.invitee@testshire.example',
    role: 'OFFICER',
  });
  expect(again.status).toBe(409);
  expect(await textOf(again)).toContain('robin.invitee@testshire.example is already an officer of this council');
});

test('roles change, but the last active admin can neither demote nor deactivate themselves', async () => {
  const officer = await officerWithPassword('Casey Clerk', 'OFFICER');
  const changed = await api('PATCH', `/officers/${officer.id}`, { role: 'READ_ONLY' });
  expect(changed.status).toBe(200);
  expect(await changed.json()).toMatchObject({ role: 'READ_ONLY' });

  const demoted = await api('PATCH', `/officers/${admin.id}`, { role: 'OFFICER' });
  expect(demoted.status).toBe(409);
  expect(await demoted.text()).toContain('You are the council’s last active admin');
  expect((await api('POST', `/officers/${admin.id}/deactivate`)).status).toBe(409);
  const page = await submit(admin.browser, `/officers/${admin.id}`, `/officers/${admin.id}/role`, { role: 'READ_ONLY' });
  expect(page.status).toBe(409);
  expect(await textOf(page)).toContain('make another officer an admin first');
});

test('deactivating an officer ends their sessions at once and stops their sign-in until reactivated', async () => {
  const officer = await officerWithPassword('Dana Deactivated', 'OFFICER');
  const theirs = await signedInOfficer(web.baseUrl, { council: slug, email: officer.email, password: PASSWORD });
  expect((await theirs.get('/')).status).toBe(200);

  expect((await submit(admin.browser, `/officers/${officer.id}`, `/officers/${officer.id}/deactivate`)).status).toBe(303);
  expect((await theirs.get('/')).headers.get('location')).toMatch(/^\/sign-in/);
  expect((await new OfficerBrowser(web.baseUrl).signIn({ council: slug, email: officer.email, password: PASSWORD })).status).toBe(400);

  expect((await submit(admin.browser, `/officers/${officer.id}`, `/officers/${officer.id}/reactivate`)).status).toBe(303);
  await signedInOfficer(web.baseUrl, { council: slug, email: officer.email, password: PASSWORD });
});

test('a revoked API token is refused by the API from then on', async () => {
  const { token } = await createApiToken(council.db, council.officer, { label: 'reporting script' });
  expect((await api('GET', '/members', undefined, token)).status).toBe(200);
  const listed = (await (await api('GET', '/api-tokens')).json()) as Array<{ id: string; label: string; officer: { id: string } }>;
  const row = listed.find((candidate) => candidate.label === 'reporting script' && candidate.officer.id === council.officer.officerId)!;

  expect((await api('DELETE', `/api-tokens/${row.id}`)).status).toBe(200);
  expect((await api('GET', '/members', undefined, token)).status).toBe(401);

  // And from the officer's page in the browser.
  const second = await createApiToken(council.db, council.officer, { label: 'second script' });
  const page = `/officers/${council.officer.officerId}`;
  expect(await textOf(await admin.browser.get(page))).toContain('second script');
  expect((await submit(admin.browser, page, `/api-tokens/${second.id}/revoke`)).status).toBe(303);
  expect((await api('GET', '/members', undefined, second.token)).status).toBe(401);
});

test('"Forgot your password?" answers a known and an unknown address alike, and emails only the known one a link that works', async () => {
  const officer = await officerWithPassword('Frankie Forgetful', 'OFFICER');
  const signIn = await new OfficerBrowser(web.baseUrl).get('/sign-in');
  expect(await signIn.text()).toContain('<a href="/forgot-password">Forgot your password?</a>');

  const ask = async (email: string) => {
    const browser = new OfficerBrowser(web.baseUrl);
    return textOf(await submit(browser, '/forgot-password', '/forgot-password', { council: slug, email }));
  };
  const before = sink.messages.length;
  const known = await ask(officer.email);
  const unknown = await ask('nobody@testshire.example');
  expect(known).toBe(unknown);
  expect(known).toContain('If that address has an account, we have emailed a link');
  expect(sink.to('nobody@testshire.example')).toEqual([]);
  await sink.waitForMessages(before + 1);
  const email = sink.to(officer.email).at(-1)!;
  expect(email.subject).toContain('Set a new password');

  const token = passwordLinkToken(email.text ?? '')!;
  expect((await setPasswordThroughLink(web.baseUrl, token, 'a brand new long password')).status).toBe(200);
  await signedInOfficer(web.baseUrl, { council: slug, email: officer.email, password: 'a brand new long password' });
});

test("another council's officer and token ids are not found on every new page and API route", async () => {
  const { officerId, tokenId } = foreign;
  const page = `/officers/${admin.id}`;
  expect((await admin.browser.get(`/officers/${officerId}`)).status).toBe(404);
  for (const action of ['role', 'deactivate', 'reactivate', 'password-link'])
    expect((await submit(admin.browser, page, `/officers/${officerId}/${action}`, { role: 'OFFICER' })).status).toBe(404);
  expect((await submit(admin.browser, page, `/api-tokens/${tokenId}/revoke`)).status).toBe(404);

  expect((await api('GET', `/officers/${officerId}`)).status).toBe(404);
  expect((await api('PATCH', `/officers/${officerId}`, { role: 'OFFICER' })).status).toBe(404);
  for (const action of ['deactivate', 'reactivate', 'password-link'])
    expect((await api('POST', `/officers/${officerId}/${action}`)).status).toBe(404);
  expect((await api('DELETE', `/api-tokens/${tokenId}`)).status).toBe(404);

  expect(await council.db.officer.findUniqueOrThrow({ where: { id: officerId } })).toMatchObject({ active: true, role: 'ADMIN' });
  expect(await council.db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).toMatchObject({ revokedAt: null });
});

test('the council settings page: admins change the settings and add missing standard items; read-only officers only read', async () => {
  const saved = await submit(admin.browser, '/council', '/council', {
    name: 'Testshire County Council',
    alertsEmail: 'dem.services@testshire.example',
    replyToEmail: 'replies@testshire.example',
    municipalYearStartMonth: '4',
  });
  expect(saved.status).toBe(303);
  expect(await council.db.council.findUniqueOrThrow({ where: { id: council.id } })).toMatchObject({
    alertsEmail: 'dem.services@testshire.example',
    replyToEmail: 'replies@testshire.example',
    municipalYearStartMonth: 4,
  });

  const orphan = await submit(admin.browser, '/council', '/council/standard-setup', { items: 'report-duty:reg33-quarterly' });
  expect(orphan.status).toBe(400);
  expect(await textOf(orphan)).toContain('goes to the Children and Young People Scrutiny Panel; tick that panel too');

  const _csrf = await admin.browser.formToken('/council');
  const body = new URLSearchParams([
    ['_csrf', _csrf],
    ['items', 'panel:cyp-scrutiny'],
    ['items', 'report-duty:reg33-quarterly'],
    ['items', 'course:dbs-check'],
  ]);
  const added = await fetch(`${web.baseUrl}/council/standard-setup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: admin.browser.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(added.status).toBe(303);
  const offered = await textOf(await admin.browser.get('/council'));
  expect(offered).not.toContain('Regulation 33 visits: quarterly summary');
  expect(offered).toContain('Corporate Parenting Panel');

  const reader = await officerWithPassword('Riley Reader', 'READ_ONLY');
  const readOnly = await signedInOfficer(web.baseUrl, { council: slug, email: reader.email, password: PASSWORD });
  const shown = await readOnly.get('/council');
  expect(shown.status).toBe(200);
  const text = await textOf(shown);
  expect(text).toContain('Only an admin can change these.');
  // The admin sections are in admins' navigation only.
  expect(await (await readOnly.get('/')).text()).not.toContain('href="/officers"');
  expect(await (await admin.browser.get('/')).text()).toContain('href="/officers"');
  expect((await submit(readOnly, '/council', '/council', { name: 'Renamed' })).status).toBe(403);
  expect((await readOnly.get('/officers')).status).toBe(403);
});
