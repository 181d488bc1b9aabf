import { parse } from 'csv-parse/sync';
import type { ParsedMail } from 'mailparser';

import { addDays, localDateOf, toDbDate } from '../../domain/calendar';
import { reportingPeriodContaining } from '../../domain/reports/periods';
import { decideReview } from '../../services/findings/review';
import { signLink } from '../../links/signed-links';
import type { Actor, ServiceDependencies } from '../../services/context';
import { ConflictError } from '../../services/errors';
import { registerEstablishment, startProgramme } from '../../services/visits/programmes';
import { panelReport, programmeState, visitProgrammeWorkflowId } from '../../workflows';
import { TEST_BASE_URL, TEST_LINK_SECRET } from '../support/activities';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createDbsCourse, createMember, createReg33QuarterlyDuty, registerReg33Pool } from '../support/fixtures';
import { postForm, REG44_FORM_ANSWERS } from '../support/forms';
import { parseInvite } from '../support/ics';
import { pdfText } from '../support/pdf';
import { recipientOf } from '../support/smtp-sink';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

let engine: TestEngine;
let web: TestWebApp;
let deps: ServiceDependencies;
let officer: Actor;
let councilId: string;
const members: Array<{ id: string; reference: string; email: string }> = [];

const today = localDateOf(new Date());

beforeAll(async () => {
  engine = await startTestEngine();
  deps = engine.services();
  web = await serveTestWebApp(deps);

  const council = await createCouncil(engine.db, 'Testshire County Council');
  councilId = council.id;
  const admin = await engine.db.officer.create({
    data: { councilId, name: 'Pat Officer', email: 'pat@testshire.example', role: 'ADMIN' },
  });
  officer = { councilId, officerId: admin.id, role: 'ADMIN' };
  const dbs = await createDbsCourse(engine.db, councilId, { reminderDays: [60] });
  for (const [givenName, familyName] of [
    ['Amara', 'Okafor'],
    ['Bryn', 'Talbot'],
    ['Cerys', 'Morgan'],
  ] as const) {
    const member = await createMember(engine.db, councilId, {
      givenName,
      familyName,
      email: `${givenName.toLowerCase()}@members.testshire.example`,
    });
    await engine.db.trainingRecord.create({
      data: {
        councilId,
        memberId: member.id,
        courseId: dbs.id,
        completedOn: toDbDate('2025-01-10'),
        expiresOn: toDbDate('2028-01-10'),
        source: 'OFFICER',
      },
    });
    members.push({ id: member.id, reference: member.reference, email: member.email });
  }
  const panel = await engine.db.panel.create({
    data: {
      councilId,
      key: 'cyp',
      name: 'Children and Young People Scrutiny Panel',
      kind: 'CYP_SCRUTINY',
      clerkName: 'Clerk',
      clerkEmail: 'clerk@testshire.example',
      distribution: { create: [{ councilId, name: 'Panel Chair', email: 'chair@testshire.example' }] },
    },
  });
  await createReg33QuarterlyDuty(engine.db, councilId, panel.id);
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

/** The member's link from an email, pointed at this test's web server. */
function linkIn(message: ParsedMail): string {
  const link = /https?:\/\/\S+\/m\/[A-Za-z0-9_.-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`No member link in "${message.subject}"`);
  return link.replace(TEST_BASE_URL, web.baseUrl);
}

/** Waits for `count` messages the predicate picks to arrive at the sink. */
const messagesMatching = (predicate: (message: ParsedMail) => boolean, count = 1): Promise<ParsedMail[]> =>
  eventually(
    async () => engine.sink.messages.filter(predicate),
    (found) => found.length >= count,
    30_000,
  );

test('a pool registered by CSV, a programme started, the member accepts and reports by link, an officer approves the report, and the quarterly summary counts it', async () => {
  await expect(registerReg33Pool(deps, officer, '2026-05-19', members)).resolves.toMatchObject({ added: 3 });
  await registerEstablishment(deps, officer, {
    key: 'oakfield',
    name: 'Oakfield House',
    kind: 'CHILDRENS_HOME',
    address: '12 Orchard Lane',
  });

  const started = await startProgramme(deps, officer, {
    establishmentKey: 'oakfield',
    poolKey: 'reg33',
    reminderDays: [14, 3],
    responseDays: 5,
  });
  const again = await startProgramme(deps, officer, {
    establishmentKey: 'oakfield',
    poolKey: 'reg33',
    reminderDays: [14, 3],
    responseDays: 5,
  });
  expect(again.workflowId).toBe(started.workflowId);

  const [invite] = await messagesMatching((message) => message.subject?.startsWith('Regulation 33 visit to Oakfield House') ?? false);
  const ics = invite!.attachments.find((attachment) => attachment.filename === 'invite.ics');
  const event = parseInvite(ics!.content.toString('utf8'));
  const period = await engine.db.visit.findFirstOrThrow({ where: { councilId } });
  expect(event).toMatchObject({
    method: 'REQUEST',
    allDay: true,
    startDate: period.periodStart.toISOString().slice(0, 10),
    endDate: addDays(period.periodEnd.toISOString().slice(0, 10), 1),
    sequence: 0,
  });
  expect(invite!.text).toContain('Please accept or decline by');

  const link = linkIn(invite!);
  expect((await postForm(`${link}/answer`, { answer: 'accept' })).status).toBe(303);
  const report = await postForm(`${link}/report`, {
    visitedOn: today,
    spokeWithChildren: 'yes',
    spokeWithStaff: 'yes',
    ...REG44_FORM_ANSWERS,
    summary: 'The young people showed us the allotment they planted.',
    quotable: 'yes',
    'issues.0.category': 'PREMISES',
    'issues.0.severity': 'MEDIUM',
    'issues.0.description': 'The fire door on the landing sticks.',
  });
  expect(report.status).toBe(303);
  expect(await (await fetch(link)).text()).toContain('Thank you: your report has been received');

  const visit = await engine.db.visit.findFirstOrThrow({ where: { councilId }, include: { report: { include: { issues: true } } } });
  expect(visit.status).toBe('REPORTED');
  expect(visit.report!.issues).toHaveLength(1);
  // Summaries count final reports only: the officer approves it, and with no manager on record it is final at once.
  await expect(decideReview(deps, officer, visit.report!.id, { decision: 'approve' })).resolves.toMatchObject({ stage: 'FINAL' });
  const establishment = await engine.db.establishment.findFirstOrThrow({ where: { councilId, key: 'oakfield' } });
  const handle = engine.client.workflow.getHandle(visitProgrammeWorkflowId(establishment.id));
  await eventually(
    () => handle.query(programmeState),
    (state) => state.phase === 'WAITING_FOR_NEXT_PERIOD',
  );

  const duty = await engine.db.reportDuty.findFirstOrThrow({ where: { councilId } });
  const quarter = reportingPeriodContaining(today, 'QUARTERLY', 'MUNICIPAL');
  const result = await engine.client.workflow.execute(panelReport, {
    workflowId: `report-test-${Date.now()}`,
    taskQueue: engine.taskQueue,
    args: [{ dutyId: duty.id, periodStart: quarter.start }],
  });
  expect(result).toMatchObject({ sent: 1, failed: 0, version: 1 });
  const [circulated] = await messagesMatching((message) => recipientOf(message) === 'chair@testshire.example');
  expect(circulated!.subject).toContain('Regulation 33 visits: quarterly summary');
  expect(circulated!.html).toContain('Oakfield House');
  expect(circulated!.html).toContain('The young people showed us the allotment they planted.');

  const csvFile = circulated!.attachments.find((attachment) => attachment.filename?.endsWith('.csv'))!;
  const rows = parse(csvFile.content, { columns: true, bom: true }) as Array<Record<string, string>>;
  expect(rows.find((row) => row.section === 'establishment' && row.name === 'Oakfield House')).toMatchObject({
    due: '1',
    completed: '1',
    open_issues: '1',
  });
  expect(rows.find((row) => row.section === 'issue_category' && row.name === 'Premises')).toMatchObject({ medium: '1', open_issues: '1' });

  const pdf = circulated!.attachments.find((attachment) => attachment.contentType === 'application/pdf')!;
  const text = pdfText(pdf.content);
  expect(text).toContain(quarter.label);
  expect(text).toContain('Oakfield House');
});

test('a member who declines is replaced by the next eligible member, the calendar entry is cancelled and the officers are told', async () => {
  await registerEstablishment(deps, officer, { key: 'willow', name: 'Willow Lodge', kind: 'CHILDRENS_HOME' });
  await startProgramme(deps, officer, { establishmentKey: 'willow', poolKey: 'reg33' });
  const [first] = await messagesMatching((message) => message.subject?.startsWith('Regulation 33 visit to Willow Lodge') ?? false);
  const declined = await postForm(`${linkIn(first!)}/answer`, { answer: 'decline', reason: 'I chair the home’s fundraising committee' });
  expect(declined.status).toBe(303);

  const [cancel] = await messagesMatching((message) => message.subject === 'Cancelled: Regulation 33 visit to Willow Lodge');
  expect(recipientOf(cancel!)).toBe(recipientOf(first!));
  expect(
    parseInvite(cancel!.attachments.find((attachment) => attachment.filename === 'cancellation.ics')!.content.toString('utf8')),
  ).toMatchObject({
    method: 'CANCEL',
    sequence: 1,
    status: 'CANCELLED',
  });
  const [alert] = await messagesMatching((message) => message.subject?.includes('declined: Willow Lodge') ?? false);
  expect(alert!.text).toContain('I chair the home’s fundraising committee');
  const invites = await messagesMatching((message) => message.subject?.startsWith('Regulation 33 visit to Willow Lodge') ?? false, 2);
  expect(new Set(invites.map(recipientOf)).size).toBe(2);
});

test('bad input is refused clearly and records nothing: an inactive home, a forged link, an expired link', async () => {
  await registerEstablishment(deps, officer, { key: 'closed-home', name: 'Closed Home', kind: 'CHILDRENS_HOME' });
  await engine.db.establishment.update({ where: { councilId_key: { councilId, key: 'closed-home' } }, data: { active: false } });
  await expect(startProgramme(deps, officer, { establishmentKey: 'closed-home', poolKey: 'reg33' })).rejects.toThrow(ConflictError);
  expect(await engine.db.visitProgramme.count({ where: { establishment: { key: 'closed-home' } } })).toBe(0);

  const assignment = await engine.db.visitAssignment.findFirstOrThrow({ where: { councilId, status: 'INVITED' } });
  const claims = { purpose: 'visit' as const, councilId, subjectId: assignment.id, memberId: assignment.memberId };
  const forged = signLink('not-the-councils-secret-but-long-enough', { ...claims, expiresAt: new Date(Date.now() + 86_400_000) });
  const expired = signLink(TEST_LINK_SECRET, { ...claims, expiresAt: new Date(Date.now() - 1000) });

  const forgedAnswer = await postForm(`${web.baseUrl}/m/${forged}/answer`, { answer: 'accept' });
  expect(forgedAnswer.status).toBe(400);
  expect(await forgedAnswer.text()).toContain('This link is not valid');
  const expiredPage = await fetch(`${web.baseUrl}/m/${expired}`);
  expect(expiredPage.status).toBe(410);
  expect(await expiredPage.text()).toContain('This link has expired');
  const expiredReport = await postForm(`${web.baseUrl}/m/${expired}/report`, {
    visitedOn: today,
    spokeWithChildren: 'yes',
    spokeWithStaff: 'yes',
    ...REG44_FORM_ANSWERS,
  });
  expect(expiredReport.status).toBe(410);

  expect(await engine.db.visitAssignment.findUniqueOrThrow({ where: { id: assignment.id } })).toMatchObject({
    status: 'INVITED',
    respondedAt: null,
  });
});
