import type { Browser, Page } from 'playwright-core';

import { addDays, instantAt, localDateOf } from '../../../domain/calendar';
import { produceReport } from '../../../services/reports/reports';
import { openContext, launchBrowser, pageChecks, signInOnPage } from '../../support/browser';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { eventually } from '../../support/eventually';
import {
  createCouncil,
  createOfficer,
  createOfficerWithPassword,
  createOtherCouncilOfficer,
  createPanelWithMeeting,
  createReg33QuarterlyDuty,
} from '../../support/fixtures';
import { signedInOfficer } from '../../support/officer-browser';
import { serveTestWebApp, type TestWebApp } from '../../support/web-app';

/*
 * A report held back for review, approved in Chromium on its page: the page
 * passes the accessibility checks at phone and desktop widths, the officer
 * adds a commentary, and the panel gets the report. Screenshots are kept in
 * test-artifacts/screenshots/report-approval-*.png.
 */

const COUNCIL = 'Testshire County Council';
const OFFICER = { council: COUNCIL, email: 'pat@testshire.example', password: 'correct horse battery staple' };
const PANEL_MEMBER = 'panel@testshire.example';

let engine: TestEngine;
let web: TestWebApp;
let browser: Browser;
let checkPage: (page: Page, step: string) => Promise<void>;
let reportId: string;

beforeAll(async () => {
  engine = await startTestEngine();
  web = await serveTestWebApp(engine.services());
  browser = await launchBrowser();
  checkPage = await pageChecks('report-approval');

  const { db } = engine;
  const council = await createCouncil(db, COUNCIL);
  await createOfficerWithPassword(db, council.id, {
    name: 'Pat Officer',
    email: OFFICER.email,
    password: OFFICER.password,
    role: 'OFFICER',
  });
  const { panel } = await createPanelWithMeeting(db, council.id, {
    recipients: [{ name: 'Panel Member', email: PANEL_MEMBER }],
    startsAt: instantAt(addDays(localDateOf(new Date()), 60), '18:30'),
  });
  const duty = await createReg33QuarterlyDuty(db, council.id, panel.id);
  await db.reportDuty.update({ where: { id: duty.id }, data: { reviewBeforeCirculation: true } });
  // Produced by an officer: the request returns once the report is prepared, without waiting for its approval.
  const produced = await produceReport(engine.services(), await createOfficer(db, council.id, 'OFFICER'), { dutyKey: duty.key });
  expect(produced).toMatchObject({ version: 1, sent: 0, failed: 0 });
  await eventually(
    () => db.report.findUniqueOrThrow({ where: { id: produced.reportId } }),
    (report) => report.status === 'AWAITING_APPROVAL',
  );
  reportId = produced.reportId;
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await engine?.close();
});

async function signedInPage(device: 'phone' | 'desktop'): Promise<Page> {
  const page = await (await openContext(browser, web.baseUrl, device)).newPage();
  await signInOnPage(page, OFFICER);
  return page;
}

test('an officer of another council gets "not found" for the report and its approval, and nothing is approved', async () => {
  const other = await createOtherCouncilOfficer(engine.db);
  const outsider = await signedInOfficer(web.baseUrl, { council: other.slug, email: other.email, password: other.password });
  expect((await outsider.get(`/reports/${reportId}`)).status).toBe(404);
  const _csrf = await outsider.formToken('/reports');
  expect((await outsider.post(`/reports/${reportId}/approval`, { _csrf, commentary: 'Not ours' })).status).toBe(404);
  expect(await engine.db.report.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({
    approvedAt: null,
    status: 'AWAITING_APPROVAL',
  });
});

test('the approval form passes the checks on a phone, and a commentary over the limit is refused by name', async () => {
  const phone = await signedInPage('phone');
  await phone.goto(`/reports/${reportId}`);
  await phone.getByRole('heading', { level: 2, name: 'Approve it for the panel' }).waitFor();
  await checkPage(phone, '01-phone-awaiting-approval');
  await phone.getByLabel('Commentary for the panel (optional)').fill('x'.repeat(4001));
  await phone.getByRole('button', { name: 'Approve and send to the panel' }).click();
  await phone.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
  await checkPage(phone, '02-phone-commentary-too-long');
  expect((await engine.db.report.findUniqueOrThrow({ where: { id: reportId } })).approvedAt).toBeNull();
});

test('on a desktop the officer approves it with a commentary: the panel gets the report once, the commentary first', async () => {
  const desktop = await signedInPage('desktop');
  await desktop.goto(`/reports/${reportId}`);
  await checkPage(desktop, '03-desktop-awaiting-approval');
  await desktop.getByLabel('Commentary for the panel (optional)').fill('Two visits were late because of staff illness.');
  await desktop.getByRole('button', { name: 'Approve and send to the panel' }).click();
  await desktop.waitForURL(`/reports/${reportId}?approved=1`);
  await desktop.getByText('The report is approved and is being sent to the panel.').waitFor();
  await checkPage(desktop, '04-desktop-approved');

  await eventually(
    () => engine.db.report.findUniqueOrThrow({ where: { id: reportId } }),
    (report) => report.status === 'CIRCULATED',
  );
  const toPanel = await eventually(
    async () => engine.sink.to(PANEL_MEMBER),
    (messages) => messages.length > 0,
  );
  expect(toPanel).toHaveLength(1);
  expect(toPanel[0]!.html).toContain('Two visits were late because of staff illness.');
  await desktop.reload();
  await desktop.getByText('Approved', { exact: true }).waitFor();
  expect(await desktop.getByRole('heading', { name: 'Approve it for the panel' }).count()).toBe(0);
});
