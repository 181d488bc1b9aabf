import { addDays, addMonths, formatDate, instantAt, localDateOf } from '../../domain/calendar';
import { signLink } from '../../links/signed-links';
import type { Actor } from '../../services/context';
import { createApiToken } from '../../services/officers';
import { reportDutyScheduleId } from '../../workflows';
import { TEST_LINK_SECRET } from '../support/activities';
import { startTestEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { createCouncil, createMember } from '../support/fixtures';
import { pdfText } from '../support/pdf';
import { recipientOf } from '../support/smtp-sink';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

let engine: TestEngine;
let web: TestWebApp;
let councilId: string;
let officerHeaders: Record<string, string>;

const today = localDateOf(new Date());
// "Within six months of" a recommendation made three months ago: due in three months, at the next meeting.
const recommendedOn = addMonths(today, -3);
const responseDue = addMonths(recommendedOn, 6);
const meetingOn = addDays(responseDue, 14);

beforeAll(async () => {
  engine = await startTestEngine();
  web = await serveTestWebApp(engine.services());

  const council = await createCouncil(engine.db);
  councilId = council.id;
  const chair = await createMember(engine.db, council.id, { givenName: 'Chris', familyName: 'Chair', email: 'chair@members.example' });
  await engine.db.panel.create({
    data: {
      councilId,
      key: 'cpp',
      name: 'Corporate Parenting Panel',
      kind: 'CORPORATE_PARENTING',
      clerkName: 'Clerk',
      clerkEmail: 'clerk@testshire.example',
      chairMemberId: chair.id,
      distribution: {
        create: [
          { councilId, name: 'Panel Member', email: 'panel@testshire.example' },
          { councilId, name: 'Scrutiny Officer', email: 'scrutiny@testshire.example' },
        ],
      },
      meetings: { create: [{ councilId, startsAt: instantAt(meetingOn, '18:30', 'Europe/London'), location: 'Committee Room 2' }] },
    },
  });
  const officer = await engine.db.officer.create({
    data: { councilId, name: 'Pat Officer', email: 'pat@testshire.example', role: 'OFFICER' },
  });
  const actor: Actor = { councilId, officerId: officer.id, role: 'OFFICER' };
  const { token } = await createApiToken(engine.db, actor, { label: 'report duties test' });
  officerHeaders = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
});

afterAll(async () => {
  for (const duty of await engine.db.reportDuty.findMany({ select: { id: true } })) {
    await engine.client.schedule
      .getHandle(reportDutyScheduleId(duty.id))
      .delete()
      .catch(() => undefined);
  }
  await web?.close();
  await engine?.close();
});

async function api(path: string, options: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${web.baseUrl}/api/v1${path}`, {
    method: options.method ?? 'GET',
    headers: officerHeaders,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get('content-type') ?? '';
  const body = (type.startsWith('application/json') ? await response.json() : null) as any;
  return { status: response.status, headers: response.headers, body };
}

test('a duty that does not add up is refused, naming each field and what it needs', async () => {
  const response = await api('/report-duties', {
    method: 'POST',
    body: { key: 'Rec 7', title: 'Response to recommendation 7', panelKey: 'cpp', authoring: 'GENERATED', cadence: 'ONE_OFF' },
  });
  expect(response.status).toBe(400);
  expect(response.body.error.problems).toEqual(
    expect.arrayContaining([
      { field: 'key', message: 'must be lower-case letters, digits and hyphens' },
      { field: 'generator', message: 'is needed for a generated report: say which report the engine builds' },
      { field: 'oneOffFrom', message: 'and oneOffMonths are needed for a one-off report: "within N months of" which date' },
    ]),
  );
  expect(await engine.db.reportDuty.count()).toBe(0);
});

test('a one-off authored report: registered, on the next meeting’s agenda, uploaded by its owner through the link, and circulated once', async () => {
  const registered = await api('/report-duties', {
    method: 'POST',
    body: {
      key: 'rec-7-response',
      title: 'Response to recommendation 7: care leavers’ housing',
      panelKey: 'cpp',
      authoring: 'AUTHORED',
      cadence: 'ONE_OFF',
      oneOffFrom: recommendedOn,
      oneOffMonths: 6,
      ownerName: 'Head of Leaving Care',
      ownerEmail: 'leaving.care@testshire.example',
    },
  });
  expect(registered.status).toBe(201);

  // Registering starts the duty's single run, which records the report as due.
  const report = await eventually(
    () => engine.db.report.findFirst({ where: { dutyId: registered.body.id } }),
    (row) => row !== null,
  );
  const meeting = await engine.db.panelMeeting.findFirstOrThrow({ where: { councilId } });
  const agenda = await api(`/meetings/${meeting.id}/agenda`);
  expect(agenda.body.reports).toEqual([
    expect.objectContaining({
      duty: 'rec-7-response',
      status: 'DUE',
      dueOn: responseDue,
      dueOnText: formatDate(responseDue),
      late: false,
      owner: 'Head of Leaving Care',
    }),
  ]);

  const token = signLink(TEST_LINK_SECRET, {
    purpose: 'report',
    councilId,
    subjectId: report!.id,
    memberId: registered.body.id,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const ownerPage = await fetch(`${web.baseUrl}/r/${token}`);
  expect(ownerPage.status).toBe(200);
  const ownerHtml = await ownerPage.text();
  expect(ownerHtml).toContain('Response to recommendation 7: care leavers’ housing');
  expect(ownerHtml).toContain(formatDate(responseDue));

  const empty = new FormData();
  empty.append('submittedBy', 'Sam Leaving-Care');
  const refused = await fetch(`${web.baseUrl}/r/${token}`, { method: 'POST', body: empty, redirect: 'manual' });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('upload the report or give a link to it');

  const upload = new FormData();
  upload.append('submittedBy', 'Sam Leaving-Care');
  upload.append('file', new Blob([Buffer.from('%PDF-1.4 the response')], { type: 'application/pdf' }), 'Rec 7 response.pdf');
  const submitted = await fetch(`${web.baseUrl}/r/${token}`, { method: 'POST', body: upload, redirect: 'manual' });
  expect(submitted.status).toBe(303);

  const messages = await engine.sink.waitForMessages(2, 60_000);
  expect(messages.map(recipientOf).sort()).toEqual(['panel@testshire.example', 'scrutiny@testshire.example']);
  expect(messages[0]!.attachments.map((file) => [file.filename, file.contentType])).toEqual([['Rec 7 response.pdf', 'application/pdf']]);
  expect(messages[0]!.text).toContain('Head of Leaving Care has submitted the report; it is attached.');

  const again = await fetch(`${web.baseUrl}/r/${token}`, { method: 'POST', body: upload, redirect: 'manual' });
  expect(again.status).toBe(409);
  expect(await again.text()).toContain('already submitted by Sam Leaving-Care');

  const archive = await eventually(
    () => api('/reports?duty=rec-7-response'),
    (response) => response.body.reports[0]?.status === 'CIRCULATED',
  );
  expect(archive.body.reports).toEqual([expect.objectContaining({ version: 1, submittedBy: 'Sam Leaving-Care', downloads: ['original'] })]);
  const original = await fetch(`${web.baseUrl}/api/v1/reports/${report!.id}/original`, { headers: officerHeaders });
  expect(original.headers.get('content-type')).toBe('application/pdf');
  expect(original.headers.get('content-disposition')).toBe('attachment; filename="Rec 7 response.pdf"');
  expect(Buffer.from(await original.arrayBuffer()).toString()).toBe('%PDF-1.4 the response');
  expect(engine.sink.messages).toHaveLength(2);
});

test('a generated report produced on request: kept in the archive with its versions, recipients and downloads', async () => {
  engine.sink.messages.length = 0;
  const registered = await api('/report-duties', {
    method: 'POST',
    body: {
      key: 'reg33-quarterly',
      title: 'Regulation 33 visits: quarterly summary',
      panelKey: 'cpp',
      authoring: 'GENERATED',
      generator: 'visit-summary:REG33_HOMES',
      cadence: 'QUARTERLY',
      yearBasis: 'FINANCIAL',
    },
  });
  expect(registered.status).toBe(201);

  const first = await api('/reports', { method: 'POST', body: { dutyKey: 'reg33-quarterly' } });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ version: 1, sent: 2, failed: 0 });
  // Asking again for the same period neither builds nor sends it twice.
  const repeat = await api('/reports', { method: 'POST', body: { dutyKey: 'reg33-quarterly' } });
  expect(repeat.body).toMatchObject({ reportId: first.body.reportId, version: 1 });
  const regenerated = await api('/reports', { method: 'POST', body: { dutyKey: 'reg33-quarterly', regenerate: true } });
  expect(regenerated.body).toMatchObject({ version: 2, sent: 2 });
  expect(engine.sink.messages).toHaveLength(4);

  const circulation = await api(`/reports/${first.body.reportId}/circulation`);
  expect(circulation.body.versions.map((version: { version: number }) => version.version)).toEqual([1, 2]);
  expect(circulation.body.versions[0].recipients).toEqual([
    expect.objectContaining({
      email: 'panel@testshire.example',
      status: 'SENT',
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      sentAtText: expect.stringMatching(/^\w+day \d+ \w+ \d{4} at /),
    }),
    expect.objectContaining({ email: 'scrutiny@testshire.example', status: 'SENT' }),
  ]);

  const archive = await api('/reports?duty=reg33-quarterly');
  expect(archive.body.reports.map((entry: { version: number }) => entry.version)).toEqual([2, 1]);
  expect(archive.body.reports[0].downloads).toEqual(['html', 'pdf', 'csv']);
  // Dates a script can read, with the words people read beside them.
  const { period } = archive.body.reports[0] as { period: { start: string; end: string; text: string } };
  expect(period).toEqual({
    start: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    end: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    text: expect.any(String),
  });
  expect(period.text).toBe(`${formatDate(period.start)} to ${formatDate(period.end)}`);
  const fileOf = (format: string) => fetch(`${web.baseUrl}/api/v1/reports/${first.body.reportId}.${format}`, { headers: officerHeaders });
  const [html, pdf, csv] = await Promise.all(['html', 'pdf', 'csv'].map(fileOf));
  expect(html!.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await html!.text()).toContain('Regulation 33 visits');
  expect(pdf!.headers.get('content-disposition')).toMatch(/^attachment; filename="reg33-quarterly-\d{4}-\d{2}-01-v1\.pdf"$/);
  expect(pdfText(Buffer.from(await pdf!.arrayBuffer()))).toContain('Testshire County Council');
  expect((await csv!.text()).split('\n')[0]).toMatch(/^section,name,due,completed,missed,/);

  const unknownFormat = await api(`/reports/${first.body.reportId}.docx`);
  expect(unknownFormat.status).toBe(400);
  expect(unknownFormat.body.error.problems).toEqual([
    { field: 'format', message: 'must be html, pdf, csv or original (an uploaded report)' },
  ]);
});

test('a duty can be marked review before circulation, and unmarked; a value that is not true or false is refused by name', async () => {
  const registered = await api('/report-duties', {
    method: 'POST',
    body: {
      key: 'overview-reviewed',
      title: 'Corporate parenting compliance overview',
      panelKey: 'cpp',
      authoring: 'GENERATED',
      generator: 'compliance-overview',
      cadence: 'SIX_MONTHLY',
      reviewBeforeCirculation: true,
    },
  });
  expect(registered.status).toBe(201);
  expect((await api('/report-duties/overview-reviewed')).body).toMatchObject({ reviewBeforeCirculation: true });
  const refused = await api('/report-duties/overview-reviewed', { method: 'PATCH', body: { reviewBeforeCirculation: 'sometimes' } });
  expect(refused.status).toBe(400);
  expect(refused.body.error.problems).toEqual([
    { field: 'reviewBeforeCirculation', message: 'must be true (an officer approves each report first) or false' },
  ]);
  expect((await api('/report-duties/overview-reviewed', { method: 'PATCH', body: { reviewBeforeCirculation: false } })).status).toBe(200);
  expect(await engine.db.reportDuty.findFirstOrThrow({ where: { key: 'overview-reviewed' } })).toMatchObject({
    reviewBeforeCirculation: false,
  });
});
