import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';

import { addDays, localDateOf, toDbDate } from '../../domain/calendar';
import { reportingPeriodContaining } from '../../domain/reports/periods';
import { signLink } from '../../links/signed-links';
import type { Actor, ServiceDependencies } from '../../services/context';
import { ConflictError } from '../../services/errors';
import { importPoolMembers, registerPool } from '../../services/visits/pools';
import { registerEstablishment, startProgramme } from '../../services/visits/programmes';
import { buildWebApp } from '../../web/app';
import { panelReport, programmeState, visitProgrammeWorkflowId } from '../../workflows';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestEngine, TEST_BASE_URL, TEST_LINK_SECRET, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createMember } from '../support/fixtures';
import { parseInvite } from '../support/ics';
import { pdfText } from '../support/pdf';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

let database: TestDatabase;
let sink: SmtpSink;
let engine: TestEngine;
let app: FastifyInstance;
let baseUrl: string;
let deps: ServiceDependencies;
let officer: Actor;
let councilId: string;
const members: Array<{ id: string; reference: string; email: string }> = [];

const today = localDateOf(new Date());

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  engine = await startTestEngine({ db: database.db, smtpUrl: sink.url });
  deps = { db: database.db, temporal: engine.client, taskQueue: engine.taskQueue, clock: () => new Date(), linkSecret: TEST_LINK_SECRET };
  app = await buildWebApp({ ...deps, log: pino({ level: 'silent' }) });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  const council = await createCouncil(database.db, 'Testshire County Council');
  councilId = council.id;
  const admin = await database.db.officer.create({
    data: { councilId, name: 'Pat Officer', email: 'pat@testshire.example', role: 'ADMIN' },
  });
  officer = { councilId, officerId: admin.id, role: 'ADMIN' };
  const dbs = await database.db.course.create({
    data: {
      councilId,
      key: 'dbs',
      title: 'Enhanced DBS check',
      kind: 'DBS_CHECK',
      validityMonths: 36,
      reminderDays: [60],
      requiredForPools: ['REG33_HOMES'],
    },
  });
  for (const [givenName, familyName] of [
    ['Amara', 'Okafor'],
    ['Bryn', 'Talbot'],
    ['Cerys', 'Morgan'],
  ] as const) {
    const member = await createMember(database.db, councilId, {
      givenName,
      familyName,
      email: `${givenName.toLowerCase()}@members.testshire.example`,
    });
    await database.db.trainingRecord.create({
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
  const panel = await database.db.panel.create({
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
  await database.db.reportDuty.create({
    data: {
      councilId,
      panelId: panel.id,
      key: 'reg33-quarterly',
      title: 'Regulation 33 visits: quarterly summary',
      authoring: 'GENERATED',
      generator: 'visit-summary:REG33_HOMES',
      cadence: 'QUARTERLY',
      yearBasis: 'MUNICIPAL',
    },
  });
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  await sink?.stop();
  await database?.drop();
});

/** The member's link from an email, pointed at this test's web server. */
function linkIn(message: ParsedMail): string {
  const link = /https?:\/\/\S+\/m\/[A-Za-z0-9_.-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`No member link in "${message.subject}"`);
  return link.replace(TEST_BASE_URL, baseUrl);
}

const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

async function messagesMatching(predicate: (message: ParsedMail) => boolean, count = 1): Promise<ParsedMail[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = sink.messages.filter(predicate);
    if (found.length >= count) return found;
    if (Date.now() > deadline)
      throw new Error(`Expected ${count} message(s); the sink has: ${sink.messages.map((m) => m.subject).join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const to = (message: ParsedMail) => (Array.isArray(message.to) ? message.to[0] : message.to)?.value[0]?.address;

test('a pool registered by CSV, a programme started, the member accepts and reports by link, and the quarterly summary counts it', async () => {
  await registerPool(deps, officer, {
    key: 'reg33',
    name: 'Regulation 33 pool',
    purpose: 'REG33_HOMES',
    approvedBy: 'Cabinet',
    approvedOn: '2026-05-19',
  });
  const csv = ['member_reference,email,from,to', ...members.map((member) => `${member.reference},${member.email},2026-05-19,`)].join('\n');
  await expect(importPoolMembers(deps, officer, { poolKey: 'reg33', csv })).resolves.toMatchObject({ added: 3 });
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
  const period = await database.db.visit.findFirstOrThrow({ where: { councilId } });
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
    summary: 'The young people showed us the allotment they planted.',
    quotable: 'yes',
    'issues.0.category': 'PREMISES',
    'issues.0.severity': 'MEDIUM',
    'issues.0.description': 'The fire door on the landing sticks.',
  });
  expect(report.status).toBe(303);
  expect(await (await fetch(link)).text()).toContain('Thank you: your report has been received');

  const visit = await database.db.visit.findFirstOrThrow({ where: { councilId }, include: { report: { include: { issues: true } } } });
  expect(visit.status).toBe('REPORTED');
  expect(visit.report!.issues).toHaveLength(1);
  const establishment = await database.db.establishment.findFirstOrThrow({ where: { councilId, key: 'oakfield' } });
  const handle = engine.client.workflow.getHandle(visitProgrammeWorkflowId(establishment.id));
  await eventually(
    () => handle.query(programmeState),
    (state) => state.phase === 'WAITING_FOR_NEXT_PERIOD',
  );

  const duty = await database.db.reportDuty.findFirstOrThrow({ where: { councilId } });
  const quarter = reportingPeriodContaining(today, 'QUARTERLY', 'MUNICIPAL');
  const result = await engine.client.workflow.execute(panelReport, {
    workflowId: `report-test-${Date.now()}`,
    taskQueue: engine.taskQueue,
    args: [{ dutyId: duty.id, periodStart: quarter.start }],
  });
  expect(result).toMatchObject({ sent: 1, failed: 0, version: 1 });
  const [circulated] = await messagesMatching((message) => to(message) === 'chair@testshire.example');
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
  expect(to(cancel!)).toBe(to(first!));
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
  expect(new Set(invites.map(to)).size).toBe(2);
});

test('bad input is refused clearly and records nothing: an inactive home, a forged link, an expired link', async () => {
  await registerEstablishment(deps, officer, { key: 'closed-home', name: 'Closed Home', kind: 'CHILDRENS_HOME' });
  await database.db.establishment.update({ where: { councilId_key: { councilId, key: 'closed-home' } }, data: { active: false } });
  await expect(startProgramme(deps, officer, { establishmentKey: 'closed-home', poolKey: 'reg33' })).rejects.toThrow(ConflictError);
  expect(await database.db.visitProgramme.count({ where: { establishment: { key: 'closed-home' } } })).toBe(0);

  const assignment = await database.db.visitAssignment.findFirstOrThrow({ where: { councilId, status: 'INVITED' } });
  const claims = { purpose: 'visit' as const, councilId, subjectId: assignment.id, memberId: assignment.memberId };
  const forged = signLink('not-the-councils-secret-but-long-enough', { ...claims, expiresAt: new Date(Date.now() + 86_400_000) });
  const expired = signLink(TEST_LINK_SECRET, { ...claims, expiresAt: new Date(Date.now() - 1000) });

  const forgedAnswer = await postForm(`${baseUrl}/m/${forged}/answer`, { answer: 'accept' });
  expect(forgedAnswer.status).toBe(400);
  expect(await forgedAnswer.text()).toContain('This link is not valid');
  const expiredPage = await fetch(`${baseUrl}/m/${expired}`);
  expect(expiredPage.status).toBe(410);
  expect(await expiredPage.text()).toContain('This link has expired');
  const expiredReport = await postForm(`${baseUrl}/m/${expired}/report`, {
    visitedOn: today,
    spokeWithChildren: 'yes',
    spokeWithStaff: 'yes',
  });
  expect(expiredReport.status).toBe(410);

  expect(await database.db.visitAssignment.findUniqueOrThrow({ where: { id: assignment.id } })).toMatchObject({
    status: 'INVITED',
    respondedAt: null,
  });
});
