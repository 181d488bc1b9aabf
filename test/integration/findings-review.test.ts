import type { ParsedMail } from 'mailparser';

import { formatDate, instantAt, localDateOf, toDbDate } from '../../domain/calendar';
import { addWorkingDays } from '../../domain/working-days';
import { signLink } from '../../links/signed-links';
import { hashPassword } from '../../services/officer-auth';
import { visitReportReviewWorkflowId } from '../../workflows';
import { TEST_LINK_SECRET } from '../support/activities';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createAcceptedVisit, createCouncil } from '../support/fixtures';
import { postForm, REG44_FORM_ANSWERS } from '../support/forms';
import { signedInOfficer, type OfficerBrowser } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { recipientOf } from '../support/smtp-sink';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

const PASSWORD = 'correct horse battery staple';
const MANAGER = 'manager@oakfield.example';
const today = localDateOf(new Date());

let engine: TestEngine;
let web: TestWebApp;
let councilSlug: string;
let otherCouncilSlug: string;

beforeAll(async () => {
  engine = await startTestEngine();
  web = await serveTestWebApp(engine.services());
  const passwordHash = await hashPassword(PASSWORD);
  const council = await createCouncil(engine.db, 'Testshire County Council');
  councilSlug = council.slug;
  await engine.db.officer.create({
    data: { councilId: council.id, name: 'Pat Officer', email: 'pat@testshire.example', role: 'OFFICER', passwordHash },
  });
  const other = await createCouncil(engine.db, 'Otherborough Council');
  otherCouncilSlug = other.slug;
  await engine.db.officer.create({
    data: { councilId: other.id, name: 'Olu Admin', email: 'olu@otherborough.example', role: 'ADMIN', passwordHash },
  });
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

/** Posts a form from `page` as a browser would, with that page's form token. */
async function submit(browser: OfficerBrowser, page: string, action: string, fields: Record<string, string>) {
  return browser.post(action, { ...fields, _csrf: await browser.formToken(page) });
}

const mailTo = (address: string, subject: RegExp) =>
  eventually(
    async () => engine.sink.messages.filter((message) => recipientOf(message) === address && subject.test(message.subject ?? '')),
    (found) => found.length > 0,
  ).then((found) => found[0]!);
const linkIn = (message: ParsedMail, path: 'h' | 'm') => new RegExp(`/${path}/[A-Za-z0-9_.-]+`).exec(message.text ?? '')![0];
const reportOf = (visitId: string) => engine.db.visitReport.findUniqueOrThrow({ where: { visitId } });
const stageIs = (visitId: string, stage: string) =>
  eventually(
    () => reportOf(visitId),
    (report) => report.stage === stage,
  );

test('a report goes from the visitor through the officer’s question and approval to the manager’s comment, and is final with it; bad links record nothing', async () => {
  const council = await engine.db.council.findUniqueOrThrow({ where: { slug: councilSlug } });
  const { visitId, memberLink } = await createAcceptedVisit(engine.db, council.id, { today, managerEmail: MANAGER });

  // The visitor reports through their link.
  const sent = await postForm(`${web.baseUrl}${memberLink}/report`, {
    visitedOn: today,
    spokeWithChildren: 'yes',
    spokeWithStaff: 'yes',
    ...REG44_FORM_ANSWERS,
    summary: 'A warm, well-run home.',
    'recommendations.0.text': 'Repair the garden fence',
  });
  expect(sent.status).toBe(303);
  const report = await reportOf(visitId);
  expect(report.stage).toBe('AWAITING_REVIEW');
  await eventually(
    () => engine.client.workflow.getHandle(visitReportReviewWorkflowId(report.id)).describe(),
    (run) => run.status.name === 'RUNNING',
  );

  // The officer sees it waiting, on "Needs attention" and on the visit page, and returns it with a question.
  const officer = await signedInOfficer(web.baseUrl, { council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
  const attention = await textOf(await officer.get('/'));
  expect(attention).toContain('Visit reports awaiting your review');
  expect(attention).toContain(`Oakfield House: visited ${formatDate(today)}`);
  expect(await textOf(await officer.get(`/visits/${visitId}`))).toContain('Awaiting an officer’s review');
  const noQuestion = await submit(officer, `/visits/${visitId}`, `/visits/${visitId}/review`, { decision: 'return', question: '' });
  expect(noQuestion.status).toBe(400);
  expect(await textOf(noQuestion)).toContain('write the question the visitor should answer');
  const returned = await submit(officer, `/visits/${visitId}`, `/visits/${visitId}/review`, {
    decision: 'return',
    question: 'Which staff member did you speak with?',
  });
  expect(returned.status).toBe(303);
  expect((await reportOf(visitId)).stage).toBe('RETURNED');

  // The visitor is emailed the question and answers it on their visit page.
  const question = await mailTo('amara@members.example', /A question about your/);
  const visitorPage = linkIn(question, 'm');
  expect(await textOf(await fetch(`${web.baseUrl}${visitorPage}`))).toContain('Which staff member did you speak with?');
  expect((await postForm(`${web.baseUrl}${visitorPage}/question`, { answer: 'The deputy manager, Sam.' })).status).toBe(303);
  expect(await reportOf(visitId)).toMatchObject({ stage: 'AWAITING_REVIEW', reviewAnswer: 'The deputy manager, Sam.' });

  // The officer approves: the manager has ten working days, and is sent a link.
  expect((await submit(officer, `/visits/${visitId}`, `/visits/${visitId}/review`, { decision: 'approve' })).status).toBe(303);
  const dueOn = addWorkingDays(today, council.factualAccuracyWorkingDays);
  expect(await reportOf(visitId)).toMatchObject({ stage: 'WITH_MANAGER', managerCommentDueOn: toDbDate(dueOn) });
  expect(await textOf(await officer.get(`/visits/${visitId}`))).toContain(`Manager may comment until ${formatDate(dueOn)}`);
  const toManager = await mailTo(MANAGER, /comments by/);
  expect(toManager.subject).toContain(formatDate(dueOn));
  const managerLink = linkIn(toManager, 'h');

  // Forged and expired links record nothing.
  const forged = `${managerLink.slice(0, -2)}xx`;
  expect((await postForm(`${web.baseUrl}${forged}`, { comment: 'Forged comment' })).status).toBe(400);
  const expiredToken = signLink(TEST_LINK_SECRET, {
    purpose: 'manager',
    councilId: council.id,
    subjectId: report.id,
    memberId: '',
    expiresAt: instantAt(today, '00:00'),
  });
  expect((await postForm(`${web.baseUrl}/h/${expiredToken}`, { comment: 'Late comment' })).status).toBe(410);
  expect((await reportOf(visitId)).managerComment).toBeNull();

  // The manager reads the report and comments; the report is final with the comment, and the review ends.
  const managerPage = await textOf(await fetch(`${web.baseUrl}${managerLink}`));
  expect(managerPage).toContain('A warm, well-run home.');
  expect(managerPage).toContain(formatDate(dueOn));
  expect((await postForm(`${web.baseUrl}${managerLink}`, { comment: 'The fence was repaired last week.' })).status).toBe(303);
  expect(await reportOf(visitId)).toMatchObject({ stage: 'FINAL', managerComment: 'The fence was repaired last week.' });
  expect((await reportOf(visitId)).finalisedAt).not.toBeNull();
  expect(await textOf(await fetch(`${web.baseUrl}${managerLink}`))).toContain('The report is final with it');
  await eventually(
    () => engine.client.workflow.getHandle(visitReportReviewWorkflowId(report.id)).describe(),
    (run) => run.status.name === 'COMPLETED',
  );
  expect(await textOf(await officer.get(`/visits/${visitId}`))).toMatch(/Manager’s comment The fence was repaired last week\. \(\w+day/);

  // The link is spent: used again, it records nothing.
  const reused = await postForm(`${web.baseUrl}${managerLink}`, { comment: 'A second comment' });
  expect(reused.status).toBe(410);
  expect((await reportOf(visitId)).managerComment).toBe('The fence was repaired last week.');

  // Another council's officer finds no such report.
  const outsider = await signedInOfficer(web.baseUrl, { council: otherCouncilSlug, email: 'olu@otherborough.example', password: PASSWORD });
  expect((await outsider.get(`/visits/${visitId}/review`)).status).toBe(404);
  expect((await submit(outsider, '/', `/visits/${visitId}/review`, { decision: 'approve' })).status).toBe(404);
  await stageIs(visitId, 'FINAL');
});
