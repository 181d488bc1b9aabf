import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';

import { addDays, formatDate, fromDbDate, toDbDate, type IsoDate } from '../../domain/calendar';
import { signLink } from '../../links/signed-links';
import type { Actor } from '../../services/context';
import { decideReview } from '../../services/findings/review';
import { hashPassword } from '../../services/officer-auth';
import { findingAction, findingActionWorkflowId, visitProgramme, visitProgrammeWorkflowId, visitReported } from '../../workflows';
import { TEST_LINK_SECRET } from '../support/activities';
import { launchBrowser, openContext, pageChecks } from '../support/browser';
import { eventually } from '../support/eventually';
import { postForm, REG44_FORM_ANSWERS } from '../support/forms';
import { createCouncil, createMember, createReg33Pool } from '../support/fixtures';
import { OfficerBrowser, signedInOfficer } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../support/time-skipping-engine';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

/*
 * Actions raised from visit reports on the real stack (Postgres, the real
 * worker and activities, the SMTP sink, the web app) on the time-skipping
 * server from Monday 23 November 2026: a year of one action, then bad links,
 * an officer's controls, and the pages in a browser.
 */

let engine: TimeSkippingEngine;
let web: TestWebApp;
/** The services read the server's clock, as they would read the wall clock: links expire and actions fall due on its days. */
const serverTime = { now: new Date(0) };

beforeAll(async () => {
  engine = await startTimeSkippingEngine({ taskQueue: 'findings-actions' });
  serverTime.now = new Date(await engine.env.currentTimeMs());
  web = await serveTestWebApp(engine.services(() => serverTime.now));
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

async function skipTo(date: IsoDate, time?: string): Promise<void> {
  await engine.skipTo(date, time);
  serverTime.now = new Date(await engine.env.currentTimeMs());
}

const PASSWORD = 'a long officer password';
const subjectsTo = (address: string) => engine.sink.to(address).map((message) => message.subject ?? '');
const ownerLinkIn = (message: ParsedMail) => /\/a\/([\w-]+\.[\w-]+)/.exec(message.text ?? '')![1]!;
const updatesOf = (actionId: string) =>
  engine.db.findingActionUpdate.findMany({ where: { actionId }, orderBy: [{ at: 'asc' }, { kind: 'asc' }] });

/** A link to an action as its reminders make it out to the home's manager. */
const managersLink = (claims: { councilId: string; subjectId: string; expiresAt: Date }) =>
  signLink(TEST_LINK_SECRET, { purpose: 'action', memberId: 'manager', ...claims });
const tomorrow = () => new Date(serverTime.now.getTime() + 86_400_000);

/** The owner answers through their link, as the form on their page sends it. */
const answer = (token: string, fields: { note: string; done?: 'yes' | 'no' }) =>
  fetch(`${web.baseUrl}/a/${token}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ done: 'no', ...fields }) });

/** A council with a children's home (its manager's address on record), an officer who can sign in, a lead member and a pool of one. */
async function councilWithHome(name: string) {
  const { db } = engine;
  const council = await createCouncil(db, name);
  const visitor = await createMember(db, council.id, { givenName: 'Vera', familyName: 'Visitor', email: `vera@${council.slug}.example` });
  const lead = await createMember(db, council.id, { givenName: 'Lena', familyName: 'Lead', email: `lena@${council.slug}.example` });
  await db.panel.create({
    data: { councilId: council.id, key: 'cpp', name: 'Corporate Parenting Panel', kind: 'CORPORATE_PARENTING', leadMemberId: lead.id },
  });
  const officer = await db.officer.create({
    data: {
      councilId: council.id,
      name: 'Olive Officer',
      email: `olive@${council.slug}.example`,
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  const home = await db.establishment.create({
    data: {
      councilId: council.id,
      key: 'oak',
      name: 'Oakfield House',
      kind: 'CHILDRENS_HOME',
      managerName: 'Maya Manager',
      managerEmail: `maya@${council.slug}.example`,
    },
  });
  const today = await engine.today();
  const pool = await createReg33Pool(db, council.id, { approvedOn: today, from: '2020-01-01', memberIds: [visitor.id] });
  const programme = await db.visitProgramme.create({
    data: {
      councilId: council.id,
      establishmentId: home.id,
      poolId: pool.id,
      reminderDays: [7],
      responseDays: 20,
      startsOn: toDbDate(today),
    },
  });
  const signIn = { council: council.slug, email: officer.email, password: PASSWORD };
  return { council, visitor, lead, officer, home, programme, signIn };
}

/** The visitor's report on a visit, approved now, with one HIGH issue or one recommendation (no date of its own), as the review leaves it. */
async function approvedReport(visitId: string, findings: { recommendation?: string; highIssue?: string }) {
  const { db } = engine;
  const visit = await db.visit.update({ where: { id: visitId }, data: { status: 'REPORTED' } });
  return db.visitReport.create({
    data: {
      councilId: visit.councilId,
      visitId,
      visitedOn: visit.periodStart,
      spokeWithChildren: true,
      spokeWithStaff: true,
      stage: 'WITH_MANAGER',
      approvedAt: serverTime.now,
      recommendations: { create: findings.recommendation ? [{ councilId: visit.councilId, text: findings.recommendation }] : [] },
      issues: {
        create: findings.highIssue
          ? [
              {
                councilId: visit.councilId,
                establishmentId: visit.establishmentId,
                category: 'PREMISES',
                severity: 'HIGH',
                description: findings.highIssue,
              },
            ]
          : [],
      },
    },
  });
}

/** A visit of the home's programme, without its workflow: for tests that need a report and nothing else of the programme. */
const visitOf = (place: Awaited<ReturnType<typeof councilWithHome>>) =>
  engine.db.visit.create({
    data: {
      councilId: place.council.id,
      programmeId: place.programme.id,
      establishmentId: place.home.id,
      periodStart: toDbDate('2020-01-01'),
      periodEnd: toDbDate('2020-01-31'),
    },
  });

/** Raises the report's actions through the real activity and starts each one's workflow, as the review does on approval. */
async function openActions(reportId: string): Promise<string[]> {
  const ids = await engine.activities.openReportActions(reportId);
  for (const actionId of ids) {
    await engine.client.workflow.start(findingAction, {
      workflowId: findingActionWorkflowId(actionId),
      taskQueue: engine.taskQueue,
      args: [{ actionId }],
    });
  }
  return ids;
}

/** Starts the home's programme, waits for its first invitation, and records the visit's approved report, as the visitor and the review leave it. */
async function firstVisitReported(place: Awaited<ReturnType<typeof councilWithHome>>, findings: Parameters<typeof approvedReport>[1]) {
  const workflowId = visitProgrammeWorkflowId(place.home.id);
  await engine.client.workflow.start(visitProgramme, {
    workflowId,
    taskQueue: engine.taskQueue,
    args: [{ programmeId: place.programme.id }],
  });
  const visit = await eventually(
    () => engine.db.visit.findFirst({ where: { establishmentId: place.home.id } }),
    (found) => found !== null,
  );
  await eventually(
    async () => subjectsTo(place.visitor.email),
    (subjects) => subjects.length === 1,
  );
  const report = await approvedReport(visit!.id, findings);
  await engine.client.workflow.getHandle(workflowId).signal(visitReported, { visitId: visit!.id });
  return report;
}

const FIRE_DOOR = 'Repair the self-closing fire door on the first-floor landing';

test('a year of one recommendation: raised once as the manager’s action due in 20 working days, listed in the next visitor’s invitation, reminded, overdue to the officers and then the lead member, and resolved through its owner’s link', async () => {
  const { db } = engine;
  const place = await councilWithHome('Testshire County Council');
  const { council, home } = place;
  const report = await firstVisitReported(place, { recommendation: FIRE_DOOR });

  // Raised once however often it is asked: approved Monday 23 November, due 20 working days on.
  const [actionId, ...others] = await openActions(report.id);
  expect(others).toEqual([]);
  expect(await engine.activities.openReportActions(report.id)).toEqual([actionId]);
  const action = await db.findingAction.findUniqueOrThrow({ where: { id: actionId } });
  expect({ owner: action.ownerKind, dueOn: fromDbDate(action.dueOn), status: action.status }).toEqual({
    owner: 'MANAGER',
    dueOn: '2026-12-21',
    status: 'OPEN',
  });

  // Reminded five working days before the due date, with a link to the owner's page.
  await skipTo('2026-12-14');
  const due = formatDate('2026-12-21');
  expect(subjectsTo(home.managerEmail!)).toEqual([`Reminder: action for Oakfield House due ${due}`]);
  const firstLink = ownerLinkIn(engine.sink.to(home.managerEmail!)[0]!);
  const ownerPage = await textOf(await fetch(`${web.baseUrl}/a/${firstLink}`));
  expect(ownerPage).toContain(FIRE_DOOR);
  expect(ownerPage).toContain(`Due ${due}`);
  expect((await answer(firstLink, { note: 'Joiner booked for 4 January.' })).status).toBe(303);
  // The link is spent: a second answer through it records nothing.
  expect((await answer(firstLink, { note: 'Done already!', done: 'yes' })).status).toBe(410);

  await skipTo('2026-12-21');
  expect(subjectsTo(home.managerEmail!)).toHaveLength(2);
  expect(subjectsTo(council.alertsEmail).filter((subject) => subject.includes('action'))).toEqual([]);
  await skipTo('2026-12-22');
  expect(subjectsTo(council.alertsEmail).filter((subject) => subject.includes('action'))).toEqual(['Overdue: action for Oakfield House']);
  await skipTo('2026-12-30');
  expect(subjectsTo(place.lead.email)).toEqual([]);

  // The next visitor is asked to follow it up.
  await skipTo('2027-01-04');
  const invitations = engine.sink.to(place.visitor.email).filter((message) => message.subject?.includes('please reply by'));
  expect(invitations.length).toBeGreaterThanOrEqual(2);
  expect(invitations[0]!.text).not.toContain(FIRE_DOOR);
  expect(invitations[1]!.text).toContain(`${FIRE_DOOR} (due ${due})`);

  // Reminded on the day; the officers told the next working day; the lead member (with the officers) five working days later,
  // over Christmas: Friday 25 and Monday 28 December (Boxing Day's substitute) and New Year's Day are bank holidays.
  const reminders = [`Reminder: action for Oakfield House due ${due}`, `Due today: action for Oakfield House due ${due}`];
  const toOfficers = () => subjectsTo(council.alertsEmail).filter((subject) => subject.includes('action'));
  expect(subjectsTo(home.managerEmail!)).toEqual(reminders);
  expect(toOfficers()).toEqual(['Overdue: action for Oakfield House', 'Still overdue: action for Oakfield House']);
  expect(subjectsTo(place.lead.email)).toEqual(['Still overdue: action for Oakfield House']);
  // The owner marks it done through the link in the last reminder.
  const lastLink = ownerLinkIn(engine.sink.to(home.managerEmail!)[1]!);
  expect((await answer(lastLink, { note: 'Door repaired and tested on 4 January.', done: 'yes' })).status).toBe(303);
  const done = await eventually(
    () => engine.client.workflow.getHandle(findingActionWorkflowId(actionId!)).describe(),
    (run) => run.status.name === 'COMPLETED',
  );
  expect(done.status.name).toBe('COMPLETED');
  expect(await db.findingAction.findUniqueOrThrow({ where: { id: actionId } })).toMatchObject({
    status: 'DONE',
    resolvedAt: serverTime.now,
  });
  // Entries are stamped by the wall clock in the worker and by the server's clock in the services: compared as a set.
  const entries = (await updatesOf(actionId!)).map((update) => `${update.kind}: ${update.note}`);
  expect(entries.sort()).toEqual(
    [
      ['RAISED', `Raised from the visit report, due ${due}`],
      ['REMINDED', 'Reminded Maya Manager'],
      ['UPDATED', 'Joiner booked for 4 January.'],
      ['REMINDED', 'Reminded Maya Manager'],
      ['ESCALATED', 'Overdue: democratic services were told'],
      ['ESCALATED', 'Still overdue: the lead member and democratic services were told'],
      ['DONE', 'Door repaired and tested on 4 January.'],
    ]
      .map(([kind, note]) => `${kind}: ${note}`)
      .sort(),
  );

  // A year on: nobody heard about it again, and later invitations do not list it.
  const heard = engine.sink.messages.length;
  await skipTo('2027-11-23');
  const later = engine.sink.messages.slice(heard);
  expect(later.filter((message) => message.subject?.includes('action'))).toEqual([]);
  expect(later.filter((message) => message.text?.includes(FIRE_DOOR))).toEqual([]);
});

test('owner links: forged, expired and reused links record nothing, and a link naming another council’s action finds nothing', async () => {
  const { db } = engine;
  const place = await councilWithHome('Linkshire County Council');
  const other = await councilWithHome('Otherton Borough Council');
  const [actionId] = await openActions((await approvedReport((await visitOf(place)).id, { highIssue: 'Broken window lock' })).id);
  const [othersAction] = await openActions((await approvedReport((await visitOf(other)).id, { highIssue: 'Loose stair rail' })).id);
  const inAWeek = new Date(serverTime.now.getTime() + 7 * 86_400_000);
  const good = managersLink({ councilId: place.council.id, subjectId: actionId!, expiresAt: inAWeek });
  const before = (await updatesOf(actionId!)).length;

  const forged = `${good.slice(0, -4)}AAAA`;
  expect((await answer(forged, { note: 'forged', done: 'yes' })).status).toBe(400);
  const expired = managersLink({ councilId: place.council.id, subjectId: actionId!, expiresAt: new Date(serverTime.now.getTime() - 1000) });
  const expiredAnswer = await answer(expired, { note: 'expired', done: 'yes' });
  expect(expiredAnswer.status).toBe(410);
  expect(await textOf(expiredAnswer)).toContain('This link has expired');
  const elsewhere = managersLink({ councilId: place.council.id, subjectId: othersAction!, expiresAt: inAWeek });
  const notFound = await fetch(`${web.baseUrl}/a/${elsewhere}`);
  expect(notFound.status).toBe(404);
  expect(await textOf(notFound)).toContain('Not found');
  expect((await answer(elsewhere, { note: 'not mine', done: 'yes' })).status).toBe(404);
  expect((await answer(good, { note: '', done: 'yes' })).status).toBe(400);

  expect((await answer(good, { note: 'Lock replaced.', done: 'yes' })).status).toBe(303);
  expect((await answer(good, { note: 'Again', done: 'yes' })).status).toBe(410);
  expect((await updatesOf(actionId!)).slice(before).map((update) => update.kind)).toEqual(['DONE']);
  expect(await db.findingAction.findUniqueOrThrow({ where: { id: othersAction } })).toMatchObject({ status: 'OPEN' });

  // An officer of one council finds no action of another's.
  const officer = await signedInOfficer(web.baseUrl, place.signIn);
  expect((await officer.get(`/findings/actions/${othersAction}`)).status).toBe(404);
});

test('an officer closes an issue’s action (the issue counts as resolved), reopens it with a new due date (it is chased again), gives it to a member, the overdue action is first on the list and in Needs attention, and resolving the issue on the visit page closes it', async () => {
  const { db } = engine;
  const place = await councilWithHome('Closeshire County Council');
  const report = await approvedReport((await visitOf(place)).id, { highIssue: 'Smoke alarm in the kitchen not working' });
  const [actionId] = await openActions(report.id);
  const issue = await db.visitIssue.findFirstOrThrow({ where: { reportId: report.id } });
  const officer = await signedInOfficer(web.baseUrl, place.signIn);
  const path = `/findings/actions/${actionId}`;
  const post = async (to: string, fields: Record<string, string>) =>
    officer.post(`${path}/${to}`, { ...fields, _csrf: await officer.formToken(path) });

  expect((await post('close', { note: '' })).status).toBe(400);
  expect((await post('close', { note: 'Replaced by the landlord the same day.' })).status).toBe(303);
  expect((await db.visitIssue.findUniqueOrThrow({ where: { id: issue.id } })).resolvedOn).not.toBeNull();
  await eventually(
    () => engine.client.workflow.getHandle(findingActionWorkflowId(actionId!)).describe(),
    (run) => run.status.name === 'COMPLETED',
  );

  const today = await engine.today();
  expect((await post('reopen', { note: 'The alarm failed again.', dueOn: today })).status).toBe(303);
  expect(await db.visitIssue.findUniqueOrThrow({ where: { id: issue.id } })).toMatchObject({ resolvedOn: null });
  expect(await db.findingAction.findUniqueOrThrow({ where: { id: actionId } })).toMatchObject({ status: 'OPEN', resolvedAt: null });
  await eventually(
    () => engine.client.workflow.getHandle(findingActionWorkflowId(actionId!)).describe(),
    (run) => run.status.name === 'RUNNING',
  );

  expect((await post('owner', { ownerKind: 'MEMBER', ownerMemberId: place.visitor.id, reason: 'Visiting again next week' })).status).toBe(
    303,
  );
  // The manager's links stop working once the action is someone else's.
  const oldLink = managersLink({ councilId: place.council.id, subjectId: actionId!, expiresAt: tomorrow() });
  expect((await answer(oldLink, { note: 'Still mine?', done: 'yes' })).status).toBe(404);
  // Overdue the next working day: the officers are told, and the action heads the list and Needs attention.
  const days = 5;
  await skipTo(fromDbDate(new Date(serverTime.now.getTime() + days * 86_400_000)));
  expect(subjectsTo(place.council.alertsEmail)).toContain('Overdue: action for Oakfield House');
  // Days on, the officer signs in again (a session ends after 8 hours idle).
  const again = await signedInOfficer(web.baseUrl, place.signIn);
  const list = await textOf(await again.get('/findings/actions?status=OVERDUE'));
  expect(list).toContain('Smoke alarm in the kitchen not working');
  expect(list).toContain('Councillor Vera Visitor');
  expect(await textOf(await again.get('/'))).toContain('Oakfield House: Smoke alarm in the kitchen not working');
  const page = await textOf(await again.get(path));
  for (const entry of [
    'Raised',
    'Closed',
    'Reopened',
    'Owner changed',
    'Now owned by Councillor Vera Visitor: Visiting again next week',
    'Escalated',
  ]) {
    expect(page).toContain(entry);
  }

  // Marking the issue resolved on the visit page closes its action too: nobody is chased for what is put right.
  const visitPath = `/visits/${report.visitId}`;
  const resolved = await again.post(`${visitPath}/issues/${issue.id}/resolve`, {
    resolvedOn: await engine.today(),
    _csrf: await again.formToken(visitPath),
  });
  expect(resolved.status).toBe(303);
  expect(await db.findingAction.findUniqueOrThrow({ where: { id: actionId } })).toMatchObject({ status: 'CLOSED' });
  await eventually(
    () => engine.client.workflow.getHandle(findingActionWorkflowId(actionId!)).describe(),
    (run) => run.status.name === 'COMPLETED',
  );
});

test('the whole loop: a report with a HIGH safeguarding issue alerts democratic services, the manager and the lead member once, within minutes; the officer approves it; the issue and the recommendation become the manager’s actions, and the next visitor’s invitation lists both', async () => {
  const { db } = engine;
  const place = await councilWithHome('Loopshire County Council');
  const { council, home } = place;
  await engine.client.workflow.start(visitProgramme, {
    workflowId: visitProgrammeWorkflowId(home.id),
    taskQueue: engine.taskQueue,
    args: [{ programmeId: place.programme.id }],
  });
  const invitationsToVisitor = async () =>
    engine.sink.to(place.visitor.email).filter((message) => message.subject?.includes('please reply by'));
  const [invitation] = await eventually(invitationsToVisitor, (found) => found.length === 1);
  const link = `${web.baseUrl}${/\/m\/[\w-]+\.[\w-]+/.exec(invitation!.text ?? '')![0]}`;
  expect((await postForm(`${link}/answer`, { answer: 'accept' })).status).toBe(303);
  const reportedAt = await engine.env.currentTimeMs();
  const sent = await postForm(`${link}/report`, {
    visitedOn: await engine.today(),
    spokeWithChildren: 'yes',
    spokeWithStaff: 'yes',
    ...REG44_FORM_ANSWERS,
    'issues.0.category': 'SAFEGUARDING',
    'issues.0.severity': 'HIGH',
    'issues.0.description': 'A child said night staff lock the bedroom corridor',
    'recommendations.0.text': FIRE_DOOR,
  });
  expect(sent.status).toBe(303);

  // The review's first step: one alert to each of the three, within minutes of the report, and never again.
  const alerted = (address: string) => subjectsTo(address).filter((subject) => subject.startsWith('Urgent concern'));
  await eventually(
    async () => [council.alertsEmail, home.managerEmail!, place.lead.email].map((address) => alerted(address).length),
    (counts) => counts.every((count) => count === 1),
  );
  expect((await engine.env.currentTimeMs()) - reportedAt).toBeLessThan(5 * 60_000);
  const report = await db.visitReport.findFirstOrThrow({ where: { visit: { establishmentId: home.id } } });
  expect(report.urgentRaisedAt).not.toBeNull();
  expect(report.stage).toBe('AWAITING_REVIEW');

  // The officer approves it: both findings become the manager's actions, each chased by a workflow of its own.
  const officer: Actor = { councilId: council.id, officerId: place.officer.id, role: 'ADMIN' };
  await decideReview(
    engine.services(() => serverTime.now),
    officer,
    report.id,
    { decision: 'approve' },
  );
  const actions = await eventually(
    () => db.findingAction.findMany({ where: { reportId: report.id }, orderBy: { dueOn: 'asc' } }),
    (found) => found.length === 2,
  );
  expect(actions.map((action) => [action.ownerKind, action.severity])).toEqual([
    ['MANAGER', 'HIGH'],
    ['MANAGER', null],
  ]);
  for (const action of actions) {
    // The review starts them just after raising them: until then the server knows no such workflow.
    const status = () =>
      engine.client.workflow
        .getHandle(findingActionWorkflowId(action.id))
        .describe()
        .then(
          (run) => run.status.name,
          () => 'NOT_STARTED',
        );
    await eventually(status, (name) => name === 'RUNNING');
  }

  // The next period's visitor (the rota does not send the same member twice running) is asked to follow both up.
  const nextVisitor = await createMember(db, council.id, { givenName: 'Nia', familyName: 'Next', email: `nia@${council.slug}.example` });
  await db.poolMembership.create({
    data: { councilId: council.id, poolId: place.programme.poolId, memberId: nextVisitor.id, fromDate: toDbDate('2020-01-01') },
  });
  const visit = await db.visit.findUniqueOrThrow({ where: { id: report.visitId } });
  await skipTo(addDays(fromDbDate(visit.periodEnd), 2));
  const next = await eventually(
    async () => engine.sink.to(nextVisitor.email).find((message) => message.subject?.includes('please reply by')),
    (found) => found !== undefined,
  );
  expect(next!.text).toContain('A child said night staff lock the bedroom corridor');
  expect(next!.text).toContain(FIRE_DOOR);
  for (const address of [council.alertsEmail, home.managerEmail!, place.lead.email]) expect(alerted(address)).toHaveLength(1);
});

describe('in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(['desktop', 'phone'] as const)(
    'on a %s, the actions list, an action and the owner’s page pass the accessibility checks',
    async (device) => {
      const place = await councilWithHome(`Browsershire ${device} Council`);
      const report = await approvedReport((await visitOf(place)).id, { recommendation: FIRE_DOOR, highIssue: 'Broken window lock' });
      const [actionId] = await openActions(report.id);
      const check = await pageChecks(`findings-actions-${device}`);
      const context = await openContext(browser, web.baseUrl, device);
      const officer = new OfficerBrowser(web.baseUrl);
      expect((await officer.signIn(place.signIn)).status).toBe(303);
      await context.addCookies(
        officer
          .cookieHeader()
          .split('; ')
          .map((pair) => ({ name: pair.split('=')[0]!, value: pair.slice(pair.indexOf('=') + 1), url: web.baseUrl })),
      );
      const page = await context.newPage();
      await page.goto('/findings/actions');
      await check(page, 'list');
      await page.getByRole('link', { name: 'Broken window lock' }).click();
      await check(page, 'action');
      const token = managersLink({ councilId: place.council.id, subjectId: actionId!, expiresAt: tomorrow() });
      await page.goto(`/a/${token}`);
      await check(page, 'owner');
      await page.getByRole('button', { name: 'Send' }).click();
      await check(page, 'owner-refused');
      await context.close();
    },
  );
});
