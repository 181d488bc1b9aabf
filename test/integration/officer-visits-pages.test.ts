import { addDays, formatDate, fromDbDate, localDateOf, municipalYearOf } from '../../domain/calendar';
import type { Actor, ServiceDependencies } from '../../services/context';
import { hashPassword } from '../../services/officer-auth';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createMember, registerReg33Pool } from '../support/fixtures';
import { REG44_FORM_ANSWERS } from '../support/forms';
import { signedInOfficer, type OfficerBrowser, expectRedirect } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

let engine: TestEngine;
let web: TestWebApp;
let deps: ServiceDependencies;
let councilId: string;
let councilSlug: string;
let otherCouncilSlug: string;
let visitor: { reference: string; name: string };
let relative: { reference: string };

const PASSWORD = 'correct horse battery staple';
const today = localDateOf(new Date());

beforeAll(async () => {
  engine = await startTestEngine();
  deps = engine.services();
  web = await serveTestWebApp(deps);

  const passwordHash = await hashPassword(PASSWORD);
  const council = await createCouncil(engine.db, 'Testshire County Council');
  councilId = council.id;
  councilSlug = council.slug;
  const pat = await engine.db.officer.create({
    data: { councilId, name: 'Pat Officer', email: 'pat@testshire.example', role: 'OFFICER', passwordHash },
  });
  await engine.db.officer.create({
    data: { councilId, name: 'Sam Reader', email: 'sam@testshire.example', role: 'READ_ONLY', passwordHash },
  });
  const other = await createCouncil(engine.db, 'Otherborough Council');
  otherCouncilSlug = other.slug;
  await engine.db.officer.create({
    data: { councilId: other.id, name: 'Olu Admin', email: 'olu@otherborough.example', role: 'ADMIN', passwordHash },
  });

  // One member in the pool, so the rota has exactly one person to ask.
  const amara = await createMember(engine.db, councilId, { givenName: 'Amara', familyName: 'Okafor', email: 'amara@members.example' });
  visitor = { reference: amara.reference, name: 'Councillor Amara Okafor' };
  const bryn = await createMember(engine.db, councilId, { givenName: 'Bryn', familyName: 'Talbot', email: 'bryn@members.example' });
  relative = { reference: bryn.reference };
  const actor: Actor = { councilId, officerId: pat.id, role: 'OFFICER' };
  await registerReg33Pool(deps, actor, addDays(today, -60), [amara]);
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

const signedIn = (email: string, council = councilSlug) => signedInOfficer(web.baseUrl, { council, email, password: PASSWORD });

/** Posts a form from `page` as a browser would, with that page's form token. */
async function submit(browser: OfficerBrowser, page: string, action: string, fields: Record<string, string>) {
  return browser.post(action, { ...fields, _csrf: await browser.formToken(page) });
}

/** The visit the programme opened and allocated for this period. */
const allocatedVisit = () =>
  eventually(
    () => engine.db.visit.findFirst({ where: { councilId }, include: { assignments: true } }),
    (visit) => (visit?.assignments.length ?? 0) > 0,
  ).then((visit) => visit!);

test('an officer registers a home, starts its programme from its page, and sees who was asked once the workflow has allocated', async () => {
  const browser = await signedIn('pat@testshire.example');

  const badKey = await submit(browser, '/establishments', '/establishments', {
    name: 'Oakfield House',
    kind: 'CHILDRENS_HOME',
    key: 'Oakfield House',
  });
  expect(badKey.status).toBe(400);
  const badKeyPage = await badKey.text();
  expect(textOf(badKeyPage)).toContain('Short key: must be lower-case letters, digits and hyphens');
  expect(badKeyPage).toContain('value="Oakfield House"');

  const registered = await submit(browser, '/establishments', '/establishments', {
    name: 'Oakfield House',
    kind: 'CHILDRENS_HOME',
    key: 'oakfield',
    address: '12 Orchard Lane',
    managerEmail: '',
  });
  expectRedirect(registered, '/establishments/oakfield?done=registered');
  expect(await textOf(await browser.get('/establishments'))).toContain('Oakfield House');

  const badReminders = await submit(browser, '/establishments/oakfield', '/establishments/oakfield/programme', {
    poolKey: 'reg33',
    visitorsPerVisit: '1',
    reminderDays: '14, soon',
    responseDays: '5',
  });
  expect(badReminders.status).toBe(400);
  expect(await textOf(badReminders)).toContain('Reminders: each must be a whole number of days');

  const started = await submit(browser, '/establishments/oakfield', '/establishments/oakfield/programme', {
    poolKey: 'reg33',
    visitorsPerVisit: '1',
    reminderDays: '14, 3',
    responseDays: '5',
  });
  expectRedirect(started, '/establishments/oakfield?done=started#programme');

  const page = await eventually(
    () => browser.get('/establishments/oakfield').then(textOf),
    (text) => text.includes(`${visitor.name} (invited, no answer yet)`),
  );
  expect(page).not.toContain('Allocation is in progress');
  const thisYear = municipalYearOf(today);
  expect(page).toContain(`Visits in ${thisYear.label}`);
  const lastYear = await textOf(await browser.get(`/establishments/oakfield?year=${thisYear.startYear - 1}`));
  expect(lastYear).toContain(`Visits in ${municipalYearOf(addDays(thisYear.start, -1)).label}`);
  expect(lastYear).toContain('Before the programme started');
  expect(lastYear).toContain(`This year (${thisYear.label})`);
  const programme = await engine.db.visitProgramme.findFirstOrThrow({ where: { councilId } });
  expect(programme).toMatchObject({ status: 'ACTIVE', reminderDays: [14, 3], responseDays: 5 });
  expect(await engine.db.auditEvent.count({ where: { councilId, action: 'programme.started' } })).toBe(1);
});

test('an officer records a report on the visitor’s behalf: a bad date is named, then the report is shown, the visit reported and audited', async () => {
  const visit = await allocatedVisit();
  const browser = await signedIn('pat@testshire.example');
  const page = `/visits/${visit.id}`;
  const before = await textOf(await browser.get(page));
  expect(before).toContain(`${formatDate(fromDbDate(visit.periodStart))} to ${formatDate(fromDbDate(visit.periodEnd))}`);
  expect(before).toContain('Record the report on the visitor’s behalf');

  const report = {
    memberReference: visitor.reference,
    spokeWithChildren: 'yes',
    spokeWithStaff: 'no',
    ...REG44_FORM_ANSWERS,
    summary: 'The young people showed us the allotment.',
    quotable: 'no',
    'issues.1.category': 'PREMISES',
    'issues.1.severity': 'MEDIUM',
    'issues.1.description': 'The fire door on the landing sticks.',
  };
  const badDate = await submit(browser, page, `${page}/report`, { ...report, visitedOn: '23/11/2026' });
  expect(badDate.status).toBe(400);
  const badDatePage = await textOf(badDate);
  expect(badDatePage).toContain('Date of visit: must be a date written YYYY-MM-DD');
  expect(badDatePage).toContain('The fire door on the landing sticks.');
  expect((await engine.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).status).toBe('ALLOCATED');

  const recorded = await submit(browser, page, `${page}/report`, { ...report, visitedOn: today });
  expectRedirect(recorded, `${page}?done=report`);
  const after = await textOf(await browser.get(`${page}?done=report`));
  expect(after).toContain(`${visitor.name}, recorded on their behalf by Pat Officer`);
  expect(after).toContain(formatDate(today));
  expect(after).toContain('The fire door on the landing sticks.');
  expect(after).not.toContain('Record the report on the visitor’s behalf');
  expect((await engine.db.visit.findUniqueOrThrow({ where: { id: visit.id } })).status).toBe('REPORTED');
  expect(
    await engine.db.auditEvent.findFirst({ where: { councilId, action: 'visit.report-recorded', entityId: visit.id } }),
  ).not.toBeNull();

  // The issue is open on the home's history until an officer marks it resolved there.
  const issue = await engine.db.visitIssue.findFirstOrThrow({ where: { councilId } });
  expect(await textOf(await browser.get('/establishments/oakfield'))).toContain('The fire door on the landing sticks.');
  const resolved = await submit(browser, '/establishments/oakfield', `${page}/issues/${issue.id}/resolve`, {
    resolvedOn: today,
    back: 'establishment',
  });
  expectRedirect(resolved, '/establishments/oakfield?done=resolved#issues');
  expect(await textOf(await browser.get('/establishments/oakfield?done=resolved'))).toContain(`Resolved ${formatDate(today)}`);
});

test('a conflict of interest is recorded from the home’s page; a missing reason is named', async () => {
  const browser = await signedIn('pat@testshire.example');
  /** Records the relative's conflict with the home from today, for `reason`. */
  const recordConflict = (reason: string) =>
    submit(browser, '/establishments/oakfield', '/establishments/oakfield/conflicts', {
      memberReference: relative.reference,
      reason,
      from: today,
      to: '',
    });
  const noReason = await recordConflict('');
  expect(noReason.status).toBe(400);
  expect(await textOf(noReason)).toContain('Conflict of interest: say briefly what the conflict is');

  const recorded = await recordConflict('A relative works at the home');
  expect(recorded.status).toBe(303);
  const page = await textOf(await browser.get('/establishments/oakfield'));
  expect(page).toContain('A relative works at the home');
  expect(page).toContain('Councillor Bryn Talbot');
});

test('a read-only officer sees the home and its visit but is refused changes', async () => {
  const visit = await allocatedVisit();
  const browser = await signedIn('sam@testshire.example');
  const page = await textOf(await browser.get('/establishments/oakfield'));
  expect(page).toContain('Oakfield House');
  expect(page).toContain('read-only access');
  expect(page).not.toContain('Pause the programme');
  expect((await browser.get(`/visits/${visit.id}`)).status).toBe(200);

  const paused = await submit(browser, '/establishments/oakfield', '/establishments/oakfield/programme/pause', {});
  expect(paused.status).toBe(403);
  expect(await textOf(paused)).toContain('Read-only officers cannot change visit programmes');
  const report = await submit(browser, `/visits/${visit.id}`, `/visits/${visit.id}/report`, {
    memberReference: visitor.reference,
    visitedOn: today,
    spokeWithChildren: 'yes',
    spokeWithStaff: 'yes',
    ...REG44_FORM_ANSWERS,
  });
  expect(report.status).toBe(403);
  expect((await engine.db.visitProgramme.findFirstOrThrow({ where: { councilId } })).status).toBe('ACTIVE');
});

test('an officer of another council gets "not found" for this council’s home and visit', async () => {
  const visit = await allocatedVisit();
  const browser = await signedIn('olu@otherborough.example', otherCouncilSlug);
  expect((await browser.get(`/visits/${visit.id}`)).status).toBe(404);
  expect((await browser.get('/establishments/oakfield')).status).toBe(404);
  expect((await browser.get('/visits/not-a-visit-id')).status).toBe(404);
  const pause = await submit(browser, '/establishments', '/establishments/oakfield/programme/pause', {});
  expect(pause.status).toBe(404);
  expect(await (await browser.get('/establishments')).text()).not.toContain('href="/establishments/oakfield"');
});
