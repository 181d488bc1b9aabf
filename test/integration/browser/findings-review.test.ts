import type { Browser, Page } from 'playwright-core';

import { formatDate, localDateOf } from '../../../domain/calendar';
import { addWorkingDays } from '../../../domain/working-days';
import { claimsOfVisitLink, submitVisitReport } from '../../../services/visits/visits';
import { launchBrowser, openContext, pageChecks } from '../../support/browser';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { eventually } from '../../support/eventually';
import { createAcceptedVisit, createCouncil, createOfficerWithPassword, createOtherCouncilOfficer } from '../../support/fixtures';
import { recipientOf } from '../../support/smtp-sink';
import { serveTestWebApp, type TestWebApp } from '../../support/web-app';
import { REG44_ANSWERS } from '../../support/forms';

/*
 * The review of a visit report in Chromium on the real stack, at desktop and
 * phone widths: the officer's visit page shows where the report stands and
 * takes the decision; the visitor answers the question on a phone; the
 * manager reads and comments through their link. Screenshots are kept in
 * test-artifacts/screenshots/findings-review-*.png.
 */

const PASSWORD = 'correct horse battery staple';
const MANAGER = 'manager@oakfield.example';
const today = localDateOf(new Date());

let engine: TestEngine;
let web: TestWebApp;
let browser: Browser;
let checkPage: (page: Page, step: string) => Promise<void>;

beforeAll(async () => {
  engine = await startTestEngine();
  web = await serveTestWebApp(engine.services());
  browser = await launchBrowser();
  checkPage = await pageChecks('findings-review');
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await engine?.close();
});

const pageOn = async (device: 'phone' | 'desktop') => (await openContext(browser, web.baseUrl, device)).newPage();

async function signedInOfficer(device: 'phone' | 'desktop'): Promise<Page> {
  const officer = await pageOn(device);
  await officer.goto('/sign-in');
  await officer.getByLabel('Council').selectOption({ label: 'Testshire County Council' });
  await officer.getByLabel('Email address').fill('pat@testshire.example');
  await officer.getByLabel('Password').fill(PASSWORD);
  await officer.getByRole('button', { name: 'Sign in' }).click();
  await officer.waitForURL('/');
  return officer;
}

/** The path of the link in the latest email to `address` whose subject matches. */
const linkTo = (address: string, subject: RegExp, path: 'h' | 'm') =>
  eventually(
    async () => engine.sink.messages.filter((message) => recipientOf(message) === address && subject.test(message.subject ?? '')).at(-1),
    (message) => message !== undefined,
  ).then((message) => new URL(new RegExp(`https?://\\S+/${path}/[A-Za-z0-9_.-]+`).exec(message!.text ?? '')![0]).pathname);

test('the officer’s visit page shows the report’s stage and takes the decision, the visitor answers on a phone, and the manager’s page passes the checks at both widths', async () => {
  const council = await createCouncil(engine.db, 'Testshire County Council');
  await createOfficerWithPassword(engine.db, council.id, {
    name: 'Pat Officer',
    email: 'pat@testshire.example',
    password: PASSWORD,
    role: 'OFFICER',
  });
  await createOtherCouncilOfficer(engine.db);
  const { visitId, memberLink } = await createAcceptedVisit(engine.db, council.id, { today, managerEmail: MANAGER });
  const deps = engine.services();
  const claims = claimsOfVisitLink(deps, memberLink.slice('/m/'.length));
  await submitVisitReport(
    deps,
    { kind: 'member', claims },
    { claims },
    {
      visitedOn: today,
      spokeWithChildren: 'yes',
      spokeWithStaff: 'yes',
      ...REG44_ANSWERS,
      summary: 'A warm, well-run home.',
      issues: [{ category: 'PREMISES', severity: 'LOW', description: 'The garden fence is broken.' }],
    },
  );

  for (const device of ['desktop', 'phone'] as const) {
    const officer = await signedInOfficer(device);
    await officer.goto(`/visits/${visitId}`);
    await officer.getByText('Awaiting an officer’s review').waitFor();
    await checkPage(officer, `01-visit-awaiting-review-${device}`);
    if (device === 'phone') {
      await officer.getByLabel('Question to the visitor').fill('Which staff member did you speak with?');
      await officer.getByRole('button', { name: 'Return it with this question' }).click();
      await officer.getByText('Returned to the visitor with a question').waitFor();
      await checkPage(officer, '02-visit-returned-phone');
    }
  }

  const visitor = await pageOn('phone');
  await visitor.goto(await linkTo('amara@members.example', /A question about your/, 'm'));
  await visitor.getByRole('heading', { name: 'A question about your report' }).waitFor();
  await checkPage(visitor, '03-visitor-question-phone');
  await visitor.getByLabel('Your answer').fill('The deputy manager, Sam.');
  await visitor.getByRole('button', { name: 'Send your answer' }).click();
  await visitor.getByText('You answered: The deputy manager, Sam. Thank you.').waitFor();

  const officer = await signedInOfficer('desktop');
  await officer.goto(`/visits/${visitId}`);
  await officer.getByRole('button', { name: 'Approve the report' }).click();
  const dueOn = formatDate(addWorkingDays(today, 10));
  await officer.getByText(dueOn).waitFor();
  await checkPage(officer, '04-visit-with-manager-desktop');

  const managerLink = await linkTo(MANAGER, /comments by/, 'h');
  for (const device of ['desktop', 'phone'] as const) {
    const manager = await pageOn(device);
    await manager.goto(managerLink);
    await manager.getByRole('heading', { name: 'Comment on factual accuracy' }).waitFor();
    await checkPage(manager, `05-manager-${device}`);
    if (device === 'phone') {
      await manager.getByLabel('Your comment').fill('The fence was repaired last week.');
      await manager.getByRole('button', { name: 'Send the comment' }).click();
      await manager.getByText('The report is final with it').waitFor();
      await checkPage(manager, '06-manager-commented-phone');
    }
  }
  await officer.reload();
  await officer.getByText('The fence was repaired last week.').waitFor();
  await checkPage(officer, '07-visit-final-desktop');
});
