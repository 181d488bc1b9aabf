import type { Browser, Page } from 'playwright-core';

import { localDateOf } from '../../../domain/calendar';
import { launchBrowser, openContext, pageChecks, reloadUntilVisible, section } from '../../support/browser';
import { runCli } from '../../support/cli';
import { startTestEngine, type DevServerEngine } from '../../support/engine';
import { eventually } from '../../support/eventually';
import { passwordLinkToken } from '../../support/officer-browser';
import { registerChildrensHome, registerReg33PoolToUpload, startProgramme } from '../../support/officer-steps';
import { recipientOf } from '../../support/smtp-sink';
import { serveTestWebApp, testOfficerMail, type TestWebApp } from '../../support/web-app';

/*
 * A real council sets itself up from an empty database, with no demo: the
 * operator creates it at the command line, and its admin does the rest in
 * Chromium from the emailed link: a password, an officer invited, the members
 * and the pool from the spreadsheets a council keeps (saved by Excel as
 * Windows-1252, with a Welsh name in them), a panel's details and
 * distribution list, the training the pool requires, and a children's home
 * whose visit programme invites its first visitor by email. The tests run in
 * order and share the admin's tab. Screenshots are kept in
 * test-artifacts/screenshots/council-set-up-*.png.
 *
 * Every date typed is fixed, but for the training completions: the visit
 * programme allocates on the Temporal server's clock (the wall clock, which a
 * test cannot move on the dev server), so the required courses must be valid
 * on the real today, and the services keep the wall clock to agree with it.
 */

const COUNCIL = 'Glanmor County Borough Council';
const ADMIN = { name: 'Carys Hughes', email: 'carys.hughes@glanmor.example' };
const OFFICER = { name: 'Dewi Rowlands', email: 'dewi.rowlands@glanmor.example' };
const PASSWORD = 'kettle orbit meadow lantern';
const SIAN = { reference: 'NM001', name: 'Councillor Siân Prydderch', email: 'sian.prydderch@members.glanmor.example' };
const MEMBERS = [
  SIAN,
  { reference: 'NM002', name: 'Councillor Amara Okafor', email: 'amara.okafor@members.glanmor.example' },
  { reference: 'NM003', name: 'Councillor Bryn Talbot', email: 'bryn.talbot@members.glanmor.example' },
];
const NAMES = MEMBERS.map((member) => member.name).sort();
/** The day the completions are recorded: see above. */
const today = localDateOf(new Date());

let engine: DevServerEngine;
let officerMail: ReturnType<typeof testOfficerMail>;
let web: TestWebApp;
let browser: Browser;
let checkPage: (page: Page, step: string) => Promise<void>;
/** The admin's browser tab, on an office desktop; it stays signed in from test to test. */
let admin: Page;
let setPasswordLink: string;

beforeAll(async () => {
  engine = await startTestEngine();
  const deps = engine.services();
  // Officers' invitations from the web app reach the sink, as the worker's email does.
  officerMail = testOfficerMail(deps, engine.sink.url);
  web = await serveTestWebApp(deps, { officerMail });
  browser = await launchBrowser();
  checkPage = await pageChecks('council-set-up');
  admin = await (await openContext(browser, web.baseUrl, 'desktop')).newPage();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  officerMail?.close();
  await engine?.close();
});

/** A spreadsheet saved as Excel's "CSV (Comma delimited)": Windows-1252, which for these letters is Latin-1. */
const windows1252Csv = (name: string, lines: string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'),
});

/**
 * Checks a CSV file on an import page: the preview under `preview.heading`
 * lists the three members in its table; confirming it says what was done.
 */
async function importCheckedFile(
  file: ReturnType<typeof windows1252Csv>,
  preview: { heading: string; table: string; step: string },
  confirm: { button: string; url: string; status: string },
): Promise<void> {
  await admin.getByLabel('CSV file').setInputFiles(file);
  await admin.getByRole('button', { name: 'Check the file' }).click();
  await admin.getByRole('heading', { level: 1, name: preview.heading }).waitFor();
  const rows = admin.getByRole('table', { name: preview.table });
  expect(await rows.getByRole('rowheader').allTextContents()).toEqual(MEMBERS.map((member) => member.name));
  await checkPage(admin, preview.step);

  await admin.getByRole('button', { name: confirm.button }).click();
  await admin.waitForURL(confirm.url);
  await admin.getByRole('status').getByText(confirm.status).waitFor();
}

test('the operator creates the council at the command line on an empty database; its admin is emailed a link to this site', async () => {
  expect(await engine.db.council.count()).toBe(0);
  const run = await runCli(
    [
      'councils',
      'create',
      '--slug',
      'glanmor',
      '--name',
      COUNCIL,
      '--alerts-email',
      'democratic.services@glanmor.example',
      '--admin-email',
      ADMIN.email,
      '--admin-name',
      ADMIN.name,
    ],
    {
      databaseUrl: engine.databaseUrl,
      env: { SMTP_URL: engine.sink.url, PUBLIC_BASE_URL: web.baseUrl, TEMPORAL_TASK_QUEUE: engine.taskQueue },
    },
  );
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain(`Created ${COUNCIL} (glanmor), with ${ADMIN.name} <${ADMIN.email}> as its admin.`);

  const [email] = await engine.sink.waitForMessages(1);
  expect(recipientOf(email!)).toBe(ADMIN.email);
  const token = passwordLinkToken(email!.text ?? '');
  expect(token).toBeDefined();
  setPasswordLink = `${web.baseUrl}/set-password?token=${token}`;
  expect(email!.text).toContain(setPasswordLink);
});

test('the admin opens the emailed link, chooses a password, signs in and invites an officer, who is emailed', async () => {
  await admin.goto(setPasswordLink);
  await admin.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
  await admin.getByText(`${ADMIN.name}, ${COUNCIL}`).waitFor();
  await checkPage(admin, '01-set-password');
  await admin.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await admin.getByLabel('New password again').fill(PASSWORD);
  await admin.getByRole('button', { name: 'Set my password' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Your password is set' }).waitFor();

  await admin.getByRole('link', { name: 'Sign in' }).click();
  await admin.waitForURL(/\/sign-in/);
  // With one council registered, the sign-in form does not ask which.
  await admin.getByLabel('Email address').fill(ADMIN.email);
  await admin.getByLabel('Password').fill(PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.waitForURL('/');
  await admin.getByRole('heading', { level: 1, name: 'Needs attention' }).waitFor();
  await checkPage(admin, '02-home');

  await section(admin, 'Officers').click();
  await admin.getByRole('heading', { level: 1, name: 'Officers' }).waitFor();
  await admin.getByLabel('Name').fill(OFFICER.name);
  await admin.getByLabel('Work email address').fill(OFFICER.email);
  await admin.getByLabel('Role').selectOption({ label: 'Officer: records and changes everything but accounts' });
  await admin.getByRole('button', { name: 'Send the invitation' }).click();
  await admin.getByRole('status').getByText(`${OFFICER.name} has been emailed a link to choose a password.`).waitFor();
  await checkPage(admin, '03-officer-invited');

  const invitation = await eventually(
    async () => engine.sink.to(OFFICER.email)[0],
    (message) => message !== undefined,
  );
  expect(passwordLinkToken(invitation!.text ?? '')).toBeDefined();
});

test('the admin imports the members from a Windows-1252 file; "Siân" is spelt right', async () => {
  await section(admin, 'Members').click();
  await admin.getByRole('link', { name: 'Import a member list from a CSV file' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Import a member list' }).waitFor();
  const file = windows1252Csv('members.csv', [
    'reference,given_name,family_name,email,ward,party,roles,joined_on,elected_on',
    `NM001,Siân,Prydderch,${SIAN.email},Llanfair,Plaid Cymru,COUNCILLOR,2026-05-07,2026-05-07`,
    `NM002,Amara,Okafor,${MEMBERS[1]!.email},Eastgate,Labour,COUNCILLOR,2026-05-07,2026-05-07`,
    `NM003,Bryn,Talbot,${MEMBERS[2]!.email},Westbrook,Independent,COUNCILLOR,2026-05-07,2026-05-07`,
  ]);
  await importCheckedFile(
    file,
    { heading: 'Check the member list', table: 'Members to register (3)', step: '10-members-preview' },
    {
      button: 'Register 3 members and update 0 members',
      url: '/members?added=3&updated=0',
      status: 'Imported: 3 members registered and 0 members updated.',
    },
  );
  expect((await admin.getByRole('table').getByRole('rowheader').allTextContents()).sort()).toEqual(NAMES);
  await checkPage(admin, '11-members');
});

test('the admin fills in the Corporate Parenting Panel’s chair, clerk and distribution list', async () => {
  await section(admin, 'Panels').click();
  await admin.getByRole('heading', { level: 1, name: 'Panels' }).waitFor();
  // The standard set-up gives the two panels; the admin fills them in.
  await admin.getByRole('link', { name: 'Corporate Parenting Panel' }).click();
  await admin.waitForURL('/panels/corporate-parenting');

  const details = admin.getByRole('region', { name: 'Change the details' });
  await details.getByLabel('Chair').selectOption({ label: `${SIAN.name} (${SIAN.reference})` });
  await details.getByLabel('Clerk’s name').fill('Gwen Davies');
  await details.getByLabel('Clerk’s email').fill('gwen.davies@glanmor.example');
  await details.getByRole('button', { name: 'Save the details' }).click();
  await admin.waitForURL('/panels/corporate-parenting?done=saved');
  await admin.getByRole('status').getByText('The details are saved.').waitFor();

  const distribution = admin.getByRole('region', { name: 'Distribution list' });
  for (const [name, email, role] of [
    ['Dr Rhian Evans', 'rhian.evans@health.glanmor.example', 'Designated nurse'],
    ['Owen Price', 'owen.price@glanmor.example', 'Virtual school head'],
  ] as const) {
    await distribution.getByLabel('Name', { exact: true }).fill(name);
    await distribution.getByLabel('Email', { exact: true }).fill(email);
    await distribution.getByLabel('Role, or why they receive the papers').fill(role);
    await distribution.getByRole('button', { name: 'Add to the list' }).click();
    await admin.waitForURL('/panels/corporate-parenting?done=added#distribution');
  }
  expect(await distribution.getByRole('table').getByRole('rowheader').allTextContents()).toEqual(['Dr Rhian Evans', 'Owen Price']);
  await admin.getByRole('link', { name: SIAN.name }).first().waitFor();
  await checkPage(admin, '20-panel');

  await admin.getByRole('link', { name: 'All panels' }).click();
  const row = admin.getByRole('row', { name: /Corporate Parenting Panel/ });
  await row.getByText(SIAN.name).waitFor();
  expect(await row.getByRole('cell').last().innerText()).toBe('2');
});

test('the admin registers the Regulation 33 pool and adds its members from a Windows-1252 file', async () => {
  await registerReg33PoolToUpload(admin);

  // The council's sheet keeps a name beside each reference; the import reads the columns it knows.
  const file = windows1252Csv('pool.csv', [
    'Member reference,Name,Email,From,To',
    'NM001,Siân Prydderch,,2026-05-19,',
    'NM002,Amara Okafor,,2026-05-19,',
    'NM003,Bryn Talbot,,2026-05-19,',
  ]);
  await importCheckedFile(
    file,
    { heading: 'Check the spells to add to Regulation 33 visiting pool', table: 'Spells to add (3)', step: '30-pool-preview' },
    { button: 'Add 3 spells to the pool', url: '/pools/reg33?added=3', status: 'Added 3 spells to the pool.' },
  );
  const pool = admin.getByRole('table', { name: 'Everyone who has been in the pool, with their spells' });
  expect((await pool.getByRole('rowheader').allTextContents()).sort()).toEqual(NAMES);
  await pool.getByRole('link', { name: SIAN.name, exact: true }).waitFor();
  expect(await pool.getByText('In the pool', { exact: true }).count()).toBe(3);
  await checkPage(admin, '31-pool');
});

test('the admin looks at the four standard courses and records the two the pool requires for Siân', async () => {
  await section(admin, 'Training').click();
  await admin.getByRole('link', { name: 'Courses and who must do them' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Courses' }).waitFor();
  const courses = await admin.getByRole('table').getByRole('rowheader').allTextContents();
  expect(courses.map((text) => text.trim().split(/\s*\n\s*/)[0]).sort()).toEqual([
    'Corporate parenting induction',
    'Enhanced DBS check',
    'Safeguarding children seminar',
    "Understanding children's services performance data",
  ]);
  await checkPage(admin, '40-courses');

  // A visitor must hold both courses the pool requires; only Siân has them, so the rota can choose only her.
  for (const [course, evidence] of [
    ['Safeguarding children seminar', 'Sign-in sheet SG-2026-11'],
    ['Enhanced DBS check', 'DBS 001234567890'],
  ] as const) {
    await section(admin, 'Training').click();
    await admin.getByRole('link', { name: 'Record a completion', exact: true }).click();
    await admin.getByLabel('Member').selectOption({ label: `${SIAN.name} (${SIAN.reference})` });
    await admin.getByLabel('Course').selectOption({ label: course });
    await admin.getByLabel('Date completed').fill(today);
    await admin.getByLabel('Evidence (optional)').fill(evidence);
    await admin.getByRole('button', { name: 'Record the completion' }).click();
    await admin.getByRole('status').getByText(`Completion recorded for ${SIAN.name}: ${course}.`).waitFor();
  }
  await checkPage(admin, '41-training');
});

test('the admin registers a children’s home and starts its programme; the first invitation goes to the pool member', async () => {
  await registerChildrensHome(admin, { name: 'Tŷ Derw', key: 'ty-derw', address: '3 Heol y Coed, Glanmor' });
  await checkPage(admin, '50-home-registered');

  await startProgramme(admin, 'ty-derw');
  // The visit is listed as soon as it is planned; the member it asks follows once the allocation has run.
  const allocation = admin
    .getByRole('paragraph')
    .filter({ has: admin.getByRole('link', { name: 'See the visit' }), hasText: `${SIAN.name} (invited, no answer yet)` });
  await reloadUntilVisible(admin, allocation);
  await checkPage(admin, '51-programme-allocated');

  const invitation = await eventually(
    async () => engine.sink.to(SIAN.email)[0],
    (message) => message !== undefined,
  );
  expect(invitation!.subject).toContain('Tŷ Derw');
  expect(invitation!.text).toMatch(/\/m\/[A-Za-z0-9_.-]+/);
  expect(MEMBERS.flatMap((member) => engine.sink.to(member.email))).toHaveLength(1);
});
