import type { Browser, BrowserContext } from 'playwright-core';

import { localDateOf } from '../../../domain/calendar';
import { signLink, type LinkPurpose } from '../../../links/signed-links';
import { DEMO_OFFICER_PASSWORD, seedDemoCouncil } from '../../../seeds/demo-council';
import { issuePasswordLink } from '../../../services/password-links';
import { produceReport } from '../../../services/reports/reports';
import { expectAccessible, launchBrowser, openContext, screenshotsFor } from '../../support/browser';
import { TEST_BASE_URL, TEST_LINK_SECRET } from '../../support/activities';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { serveTestWebApp, testOfficerMail, type TestWebApp } from '../../support/web-app';

/*
 * Every officer page and the member pages, on the demo council, in Chromium
 * at office-desktop and phone widths: each must pass axe-core's WCAG 2.2 AA
 * checks and must not scroll sideways. Screenshots are kept in
 * test-artifacts/screenshots/every-page-*.png.
 */

let engine: TestEngine;
let web: TestWebApp;
let browser: Browser;
const pages: Array<{ name: string; path: string }> = [];
const memberPages: Array<{ name: string; path: string }> = [];

beforeAll(async () => {
  engine = await startTestEngine();
  const deps = engine.services();
  web = await serveTestWebApp(deps);
  browser = await launchBrowser();
  const { db } = engine;
  await seedDemoCouncil(db, { today: localDateOf(new Date()), includeDemoCredentials: true });

  const member = await db.member.findFirstOrThrow({ orderBy: { reference: 'asc' } });
  const pool = await db.pool.findFirstOrThrow({ orderBy: { key: 'asc' } });
  const home = await db.establishment.findFirstOrThrow({ where: { kind: 'CHILDRENS_HOME' }, orderBy: { key: 'asc' } });
  const visit = await db.visit.findFirstOrThrow({ where: { report: { isNot: null } }, include: { assignments: true } });
  const admin = await db.officer.findFirstOrThrow({ where: { role: 'ADMIN' } });
  const report = await produceReport(
    deps,
    { councilId: admin.councilId, officerId: admin.id, role: 'ADMIN' },
    { dutyKey: 'reg33-quarterly' },
  );
  pages.push(
    { name: 'home', path: '/' },
    { name: 'members', path: '/members' },
    { name: 'member', path: `/members/${member.reference}` },
    { name: 'member-new', path: '/members/new' },
    { name: 'members-import', path: '/members/import' },
    { name: 'pools', path: '/pools' },
    { name: 'pool', path: `/pools/${pool.key}` },
    { name: 'pool-import', path: `/pools/${pool.key}/import` },
    { name: 'establishments', path: '/establishments' },
    { name: 'establishment', path: `/establishments/${home.key}` },
    { name: 'visit', path: `/visits/${visit.id}` },
    { name: 'training', path: '/training' },
    { name: 'training-record', path: '/training/record' },
    { name: 'courses', path: '/training/courses' },
    { name: 'pledge', path: '/pledge' },
    { name: 'reports', path: '/reports' },
    { name: 'report', path: `/reports/${report.reportId}` },
    { name: 'meetings', path: '/reports/meetings' },
    { name: 'audit', path: '/audit' },
    { name: 'emails', path: '/emails' },
    { name: 'council', path: '/council' },
    { name: 'officers', path: '/officers' },
    { name: 'officer', path: `/officers/${admin.id}` },
    { name: 'forgot-password', path: '/forgot-password' },
  );
  // A member's own pages, as their emailed links open them: a reported visit (the journey test covers an unanswered one), a training confirmation, the pledge.
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);
  const linkFor = (purpose: LinkPurpose, memberId: string, subjectId: string) =>
    signLink(TEST_LINK_SECRET, { purpose, councilId: member.councilId, memberId, subjectId, expiresAt });
  const reported = visit.assignments[0]!;
  const course = await db.course.findFirstOrThrow({ orderBy: { key: 'asc' } });
  const pledge = await db.pledge.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
  memberPages.push(
    { name: 'member-visit-reported', path: `/m/${linkFor('visit', reported.memberId, reported.id)}` },
    { name: 'member-training', path: `/t/${linkFor('training', member.id, course.id)}` },
    { name: 'member-pledge', path: `/p/${linkFor('pledge', member.id, pledge.id)}` },
  );
  // An officer's emailed set-password link, as the officer opens it on their phone (the email itself goes nowhere here).
  const officerMail = testOfficerMail(deps);
  const { url } = await issuePasswordLink({ ...deps, officerMail }, admin.id, 'RESET');
  officerMail.close();
  memberPages.push({ name: 'set-password', path: url.slice(TEST_BASE_URL.length) });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await engine?.close();
});

async function signedIn(device: 'desktop' | 'phone'): Promise<BrowserContext> {
  const context = await openContext(browser, web.baseUrl, device);
  const page = await context.newPage();
  await page.goto('/sign-in');
  // With one council registered, the sign-in form does not ask which. An admin sees every page.
  await page.getByLabel('Email address').fill('dana.whitlock@northmere.example');
  await page.getByLabel('Password').fill(DEMO_OFFICER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
  await page.close();
  return context;
}

describe.each(['desktop', 'phone'] as const)('on a %s', (device) => {
  test('every officer page and the member pages pass the accessibility checks and fit the screen', async () => {
    const shot = await screenshotsFor(`every-page-${device}`);
    const context = await signedIn(device);
    const page = await context.newPage();
    const problems: string[] = [];
    for (const { name, path } of [...pages, ...memberPages]) {
      const response = await page.goto(path);
      if (response?.status() !== 200) problems.push(`${path} answered ${response?.status()}`);
      await expectAccessible(page).catch((error: Error) => problems.push(error.message));
      await shot(page, name);
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});
