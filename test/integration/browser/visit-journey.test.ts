import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';

import { formatDate, localDateOf } from '../../../domain/calendar';
import { memberDisplayName } from '../../../domain/people';
import { hashPassword } from '../../../services/officer-auth';
import { launchBrowser, openContext, pageChecks, reloadUntilVisible, section, signInOnPage } from '../../support/browser';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { eventually } from '../../support/eventually';
import { createCouncil, createMember } from '../../support/fixtures';
import { registerChildrensHome, registerReg33PoolToUpload, startProgramme } from '../../support/officer-steps';
import { serveTestWebApp, type TestWebApp } from '../../support/web-app';

/*
 * One journey through real pages in Chromium, on the real stack: an officer
 * fills a pool from a file and starts a home's visits; the member chosen
 * answers and reports from the emailed link on a phone; the officer reads the
 * report; an officer of another council cannot. The tests run in order and
 * share what they made. Screenshots of each key page are kept in
 * test-artifacts/screenshots/visit-journey-*.png.
 */

const PASSWORD = 'correct horse battery staple';
const COUNCIL = 'Testshire County Council';
const OTHER_COUNCIL = 'Otherton Borough Council';
const today = localDateOf(new Date());

let engine: TestEngine;
let web: TestWebApp;
let browser: Browser;
let checkPage: (page: Page, step: string) => Promise<void>;
/** The officer's browser tab, on an office desktop; it stays signed in from test to test. */
let officer: Page;
const members: Array<{ reference: string; email: string; name: string }> = [];
let visitor: (typeof members)[number];
let memberLink: string;
let officerVisitPath: string;

beforeAll(async () => {
  engine = await startTestEngine();
  web = await serveTestWebApp(engine.services());
  browser = await launchBrowser();
  checkPage = await pageChecks('visit-journey');

  const passwordHash = await hashPassword(PASSWORD);
  const council = await createCouncil(engine.db, COUNCIL);
  await engine.db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat@testshire.example', role: 'OFFICER', passwordHash },
  });
  const other = await createCouncil(engine.db, OTHER_COUNCIL);
  await engine.db.officer.create({
    data: { councilId: other.id, name: 'Olu Other', email: 'olu@otherton.example', role: 'ADMIN', passwordHash },
  });
  for (const [givenName, familyName] of [
    ['Amara', 'Okafor'],
    ['Bryn', 'Talbot'],
    ['Cerys', 'Morgan'],
  ] as const) {
    const member = await createMember(engine.db, council.id, {
      givenName,
      familyName,
      email: `${givenName.toLowerCase()}@members.testshire.example`,
    });
    members.push({ reference: member.reference, email: member.email, name: memberDisplayName(member) });
  }

  officer = await (await openContext(browser, web.baseUrl, 'desktop')).newPage();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await engine?.close();
});

const signIn = (page: Page, council: string, email: string) => signInOnPage(page, { council, email, password: PASSWORD });

/** The member's link in an email, on this test's server (emails link to the public address). */
function memberPathIn(message: ParsedMail): string {
  const link = /https?:\/\/\S+\/m\/[A-Za-z0-9_.-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`No member link in "${message.subject}"`);
  return new URL(link).pathname;
}

const poolFile = (from: (member: (typeof members)[number]) => string) =>
  ['member_reference,email,from,to', ...members.map((member) => `${member.reference},${member.email},${from(member)},`)].join('\n');

test('an officer signs in, registers a pool and uploads its members: a file with a bad row changes nothing; corrected, it is previewed and added', async () => {
  await signIn(officer, COUNCIL, 'pat@testshire.example');
  await officer.getByRole('heading', { level: 1, name: 'Needs attention' }).waitFor();
  await checkPage(officer, '01-home');

  await registerReg33PoolToUpload(officer);
  await checkPage(officer, '02-pool-upload');

  // The second member's start date is written the British way, which the file format does not allow.
  const badRow = members[1]!;
  const withBadRow = poolFile((member) => (member === badRow ? '19/05/2026' : '2026-05-19'));
  await officer.getByLabel('CSV file').setInputFiles({ name: 'pool.csv', mimeType: 'text/csv', buffer: Buffer.from(withBadRow) });
  await officer.getByRole('button', { name: 'Check the file' }).click();
  const problems = officer.getByRole('alert');
  await problems.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await problems.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^row 3, from: /)]);
  const box = officer.getByLabel('Or paste the rows here');
  expect(await box.inputValue()).toBe(withBadRow);
  expect(await engine.db.poolMembership.count()).toBe(0);
  await checkPage(officer, '03-pool-upload-refused');

  await box.fill(poolFile(() => '2026-05-19'));
  await officer.getByRole('button', { name: 'Check the file' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Check the spells to add to Regulation 33 visiting pool' }).waitFor();
  const preview = officer.getByRole('table', { name: 'Spells to add (3)' });
  expect(await preview.getByRole('rowheader').allTextContents()).toEqual(members.map((member) => member.name));
  expect(await engine.db.poolMembership.count()).toBe(0);
  await checkPage(officer, '04-pool-preview');

  await officer.getByRole('button', { name: 'Add 3 spells to the pool' }).click();
  await officer.waitForURL('/pools/reg33?added=3');
  await officer.getByRole('status').getByText('Added 3 spells to the pool.').waitFor();
  const pool = officer.getByRole('table', { name: 'Everyone who has been in the pool, with their spells' });
  expect(await pool.getByRole('rowheader').allTextContents()).toEqual(expect.arrayContaining(members.map((member) => member.name)));
  expect(await pool.getByText('In the pool', { exact: true }).count()).toBe(3);
  await checkPage(officer, '05-pool-members');
});

test('the officer registers a children’s home and starts its visit programme; the page shows the member asked, who gets the email', async () => {
  await registerChildrensHome(officer, { name: 'Oakfield House', key: 'oakfield', address: '12 Orchard Lane, Testbury' });
  await checkPage(officer, '06-home-registered');

  await startProgramme(officer, 'oakfield');
  // The visit is listed as soon as it is planned; the member it asks follows once the allocation has run.
  const seeTheVisit = officer.getByRole('link', { name: 'See the visit' });
  const allocation = officer.getByRole('paragraph').filter({ has: seeTheVisit, hasText: '(invited, no answer yet)' });
  await reloadUntilVisible(officer, allocation);
  const text = await allocation.innerText();
  visitor = members.find((member) => text.includes(`${member.name} (invited, no answer yet)`))!;
  expect(visitor).toBeDefined();
  await checkPage(officer, '07-programme-allocated');

  const invitation = await eventually(
    async () => engine.sink.to(visitor.email)[0],
    (message) => message !== undefined,
  );
  expect(invitation!.subject).toContain('Oakfield House');
  expect(members.flatMap((member) => engine.sink.to(member.email))).toHaveLength(1);
  memberLink = memberPathIn(invitation!);
});

test('the member opens the emailed link on a phone, accepts, and sends a report, putting right what the form points out', async () => {
  const phone = await openContext(browser, web.baseUrl, 'phone');
  const page = await phone.newPage();
  await page.goto(memberLink);
  await page.getByRole('heading', { level: 1, name: 'Regulation 33 visit: Oakfield House' }).waitFor();
  await page.getByText(`${visitor.name}, ${COUNCIL}`).waitFor();
  await checkPage(page, '10-member-invitation');

  await page.getByRole('button', { name: 'Yes, I will visit' }).tap();
  await page.getByRole('status').getByText('you have accepted this visit').waitFor();
  await checkPage(page, '11-member-accepted');

  await page.getByLabel('Date of visit').fill(today);
  await page.getByRole('group', { name: 'Did you speak with children or young people?' }).getByLabel('Yes').tap();
  for (const question of [
    'In your opinion, are children effectively safeguarded?',
    'In your opinion, does the conduct of the home promote children’s well-being?',
    'Did you speak with children in private, with their consent?',
  ]) {
    await page.getByRole('group', { name: question }).getByLabel('Yes').tap();
  }
  const records = page.getByRole('group', { name: 'Which records did you inspect?' });
  await records.getByLabel('Complaints', { exact: true }).tap();
  await records.getByLabel('Staff rota', { exact: true }).tap();
  await page.getByLabel('I have no conflict of interest with this home').tap();
  await page.getByLabel('Summary of your visit').fill('The young people showed us the allotment they planted.');
  const issue = page.getByRole('group', { name: 'Issue 1' });
  await issue.getByLabel('Category').selectOption({ label: 'Premises' });
  await issue.getByLabel('Severity').selectOption({ label: 'Medium' });
  await issue.getByLabel('What did you find?').fill('The fire door on the landing sticks.');
  await page.getByRole('button', { name: 'Send report' }).tap();

  const problems = page.getByRole('alert');
  await problems.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await problems.getByRole('link').allTextContents()).toEqual([expect.stringMatching(/^Staff: /)]);
  expect(await page.getByLabel('Summary of your visit').inputValue()).toBe('The young people showed us the allotment they planted.');
  await checkPage(page, '12-member-report-problem');

  await page.getByRole('group', { name: 'Did you speak with staff?' }).getByLabel('Yes').tap();
  await page.getByRole('button', { name: 'Send report' }).tap();
  await page.getByRole('heading', { name: 'Thank you: your report has been received' }).waitFor();
  await page.getByText('The fire door on the landing sticks.').waitFor();
  await page.getByText('Complaints; Staff rota').waitFor();
  await checkPage(page, '13-member-report-received');
  await phone.close();
});

test('the officer sees the report among recent visit reports on the home page, and reads it', async () => {
  await section(officer, 'Needs attention').click();
  const recent = officer.getByRole('region', { name: /Recent visit reports/ });
  const report = recent.getByRole('link', { name: `Oakfield House: visited ${formatDate(today)}` });
  await report.waitFor();
  await recent.getByText(`By ${visitor.name}.`).waitFor();
  await checkPage(officer, '20-home-recent-report');

  await report.click();
  await officer.getByRole('heading', { level: 1, name: 'Regulation 33 visit: Oakfield House' }).waitFor();
  officerVisitPath = new URL(officer.url()).pathname;
  expect(officerVisitPath).toMatch(/^\/visits\/[0-9a-f-]{36}$/);
  await officer.getByText('The young people showed us the allotment they planted.').waitFor();
  const issues = officer.getByRole('table', { name: 'Issues found on this visit' });
  await issues.getByRole('row', { name: /The fire door on the landing sticks\./ }).waitFor();
  await checkPage(officer, '21-visit-report');
});

test('the officer’s pages work on a phone as well: nothing scrolls sideways, and they pass the accessibility checks', async () => {
  const phone = await openContext(browser, web.baseUrl, 'phone');
  const page = await phone.newPage();
  await signIn(page, COUNCIL, 'pat@testshire.example');
  for (const [path, step] of [
    ['/', '40-phone-home'],
    ['/pools/reg33', '41-phone-pool'],
    ['/establishments/oakfield', '42-phone-home-programme'],
    [officerVisitPath, '43-phone-visit'],
  ] as const) {
    await page.goto(path);
    await checkPage(page, step);
  }
  await phone.close();
});

test('an officer of another council sees none of it, and gets "not found" for the visit, the home and the pool', async () => {
  const other = await (await openContext(browser, web.baseUrl, 'desktop')).newPage();
  await signIn(other, OTHER_COUNCIL, 'olu@otherton.example');
  await other
    .getByRole('region', { name: /Recent visit reports/ })
    .getByText('No visit reports in the last two weeks.')
    .waitFor();

  for (const path of [officerVisitPath, '/establishments/oakfield', '/pools/reg33']) {
    const response = await other.goto(path);
    expect(response?.status()).toBe(404);
    await other.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    expect(await other.getByRole('main').innerText()).not.toMatch(/Oakfield House|Regulation 33 visiting pool/);
  }
  await checkPage(other, '30-other-council-not-found');
  await other.context().close();
});
