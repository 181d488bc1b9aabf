import type { Browser, Page } from 'playwright-core';

import { DEMO_OFFICER_PASSWORD } from '../../../seeds/demo-council';
import { launchBrowser, openContext, pageChecks } from '../../support/browser';
import { useDemoCouncil } from '../../support/demo-council';
import { reportOnCurrentVisit } from '../../support/findings';

/*
 * "Needs attention" with an urgent concern waiting, and the visit's page with
 * the report's regulation 44 answers, in Chromium at phone and desktop widths:
 * both pass axe-core's WCAG 2.2 AA checks and fit the screen; the officer
 * acknowledges the concern on a phone. Screenshots are kept in
 * test-artifacts/screenshots/findings-urgent-*.png.
 */

const demo = useDemoCouncil({ taskQueue: 'findings-urgent-browser-no-worker' });
let browser: Browser;
let checkPage: (page: Page, step: string) => Promise<void>;
let visitPath: string;

beforeAll(async () => {
  browser = await launchBrowser();
  checkPage = await pageChecks('findings-urgent');
  const { reportId, visitId } = await reportOnCurrentVisit(demo, [
    { category: 'SAFEGUARDING', severity: 'HIGH', description: 'The alarm on the back door was switched off.' },
  ]);
  // What raiseUrgentConcern records (its emails are tested in findings-urgent.test.ts).
  await demo.db.visitReport.update({ where: { id: reportId }, data: { urgentRaisedAt: demo.deps.clock() } });
  visitPath = `/visits/${visitId}`;
});

afterAll(async () => {
  await browser?.close();
});

async function signedInPage(device: 'phone' | 'desktop'): Promise<Page> {
  const page = await (await openContext(browser, demo.web.baseUrl, device)).newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Council').selectOption({ label: 'Northmere Borough Council' });
  await page.getByLabel('Email address').fill('ravi.chandran@northmere.example');
  await page.getByLabel('Password').fill(DEMO_OFFICER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
  return page;
}

test.each(['desktop', 'phone'] as const)(
  'on a %s, the urgent concern heads "Needs attention" and the visit page shows it; both pass the checks',
  async (device) => {
    const page = await signedInPage(device);
    const concerns = page.getByRole('region', { name: /Urgent concerns to acknowledge/ });
    await concerns.getByText('Safeguarding (High): The alarm on the back door was switched off.').waitFor();
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain('Urgent concerns to acknowledge');
    await checkPage(page, `${device}-attention`);
    await page.goto(visitPath);
    await page.getByRole('region', { name: 'Urgent concern' }).getByText('Not yet acknowledged').waitFor();
    await checkPage(page, `${device}-visit`);
    await page.context().close();
  },
);

test('on a phone, the officer acknowledges the concern and it leaves the list', async () => {
  const page = await signedInPage('phone');
  await page.getByRole('button', { name: /^Acknowledge the urgent concern at / }).tap();
  await page.getByRole('status').getByText('The urgent concern has been acknowledged.').waitFor();
  await page.getByText('No urgent concern from a visit is waiting for an officer.').waitFor();
  await checkPage(page, 'phone-acknowledged');
  await page.context().close();
});
