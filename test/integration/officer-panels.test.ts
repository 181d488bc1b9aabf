import { memberDisplayName } from '../../domain/people';
import { createApiToken } from '../../services/officers';
import { useDemoCouncil } from '../support/demo-council';
import { createMember } from '../support/fixtures';
import { confirmedCsv, uploadForm } from '../support/forms';
import { textOf } from '../support/page-text';
import { callApi } from '../support/web-app';
import { expectRedirect } from '../support/officer-browser';

/*
 * Panels in the browser (and the same rules through the API): creating and
 * editing one, its distribution list by hand and from a file, seats that need
 * a course the member lacks, elections, a year's meetings from a file, and
 * another council's officers finding none of it.
 */

const demo = useDemoCouncil({
  // No worker: these pages only signal the duties and start workflows; the tests check the records.
  taskQueue: 'officer-panels-test-no-worker',
  otherRole: 'ADMIN',
});
let apiToken: string;

const DISTRIBUTION_HEADER = 'name,email,role';
const MEETINGS_HEADER = 'panel_key,date,start_time,location';

const panelRow = (key: string) =>
  demo.db.panel.findUniqueOrThrow({
    where: { councilId_key: { councilId: demo.id, key } },
    include: { chair: true, leadMember: true, distribution: true, seats: true, meetings: true },
  });
const auditsOf = (action: string) => demo.db.auditEvent.findMany({ where: { councilId: demo.id, action }, orderBy: { at: 'asc' } });

const api = (method: string, path: string, body?: unknown) => callApi({ baseUrl: demo.web.baseUrl, token: apiToken }, method, path, body);

beforeAll(async () => {
  const ravi = await demo.db.officer.findFirstOrThrow({ where: { councilId: demo.id, email: 'ravi.chandran@northmere.example' } });
  apiToken = (await createApiToken(demo.db, { councilId: demo.id, officerId: ravi.id, role: 'OFFICER' }, { label: 'panels' })).token;
});

describe('creating and editing a panel', () => {
  test('an officer adds a panel (a bad key is refused naming it), then records its chair, lead member and clerk', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/panels');
    const refused = await browser.post('/panels', { _csrf: token, name: 'Fostering Panel', kind: 'FOSTERING', key: 'Fostering Panel!' });
    expect(refused.status).toBe(400);
    const refusal = await refused.text();
    expect(textOf(refusal)).toContain('Key: must be lower-case letters, digits and hyphens');
    // What was typed is kept, to correct.
    expect(refusal).toContain('value="Fostering Panel"');

    const created = await browser.post('/panels', { _csrf: token, name: 'Fostering Panel', kind: 'FOSTERING', key: 'fostering' });
    expectRedirect(created, '/panels/fostering?done=created');

    const edited = await browser.post('/panels/fostering', {
      _csrf: token,
      name: 'Fostering Panel (North)',
      chairReference: 'NM004',
      leadMemberReference: 'NM010',
      clerkName: 'Jo Clerk',
      clerkEmail: 'jo.clerk@northmere.example',
    });
    expect(edited.status).toBe(303);
    const panel = await panelRow('fostering');
    expect(panel).toMatchObject({ name: 'Fostering Panel (North)', clerkName: 'Jo Clerk', clerkEmail: 'jo.clerk@northmere.example' });
    expect([panel.chair?.reference, panel.leadMember?.reference]).toEqual(['NM004', 'NM010']);
    const page = await textOf(await browser.get('/panels/fostering'));
    expect(page).toContain(`Chair ${memberDisplayName(panel.chair!)}`);
    expect(page).toContain(`Lead member ${memberDisplayName(panel.leadMember!)}`);
    expect((await auditsOf('panel.edited')).at(-1)!.details).toMatchObject({ chair: 'NM004', leadMember: 'NM010' });

    // A blank chair clears it; an unknown member is refused.
    await browser.post('/panels/fostering', {
      _csrf: token,
      name: 'Fostering Panel (North)',
      chairReference: '',
      leadMemberReference: 'NM010',
    });
    expect((await panelRow('fostering')).chair).toBeNull();
    expect((await api('PATCH', '/panels/fostering', { leadMemberReference: 'NM999' })).status).toBe(404);
  });

  test('a read-only officer sees the panel without any form, and is refused every change', async () => {
    const browser = await demo.readOnly();
    const page = await (await browser.get('/panels/cyp-scrutiny')).text();
    expect(page).not.toContain('<form method="post" action="/panels/');
    const token = await browser.formToken('/panels');
    const attempts = [
      browser.post('/panels', { _csrf: token, name: 'Sneaky Panel', kind: 'OTHER', key: 'sneaky' }),
      browser.post('/panels/cyp-scrutiny', { _csrf: token, name: 'Renamed' }),
      browser.post('/panels/cyp-scrutiny/distribution', { _csrf: token, recipientName: 'X', recipientEmail: 'x@partner.example' }),
      browser.post('/panels/cyp-scrutiny/seats', { _csrf: token, memberReference: 'NM002', from: '2026-12-01' }),
      browser.post('/panels/cyp-scrutiny/meetings', { _csrf: token, date: '2027-05-04', time: '18:30', location: 'Committee Room 2' }),
      browser.post('/elections', { _csrf: token, on: '2026-11-20', memberReferences: 'NM002' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect((await panelRow('cyp-scrutiny')).name).toBe('Children and Young People Scrutiny Panel');
  });
});

describe('the distribution list', () => {
  test('an officer adds someone, a second add of the address is refused on the form, and removing them takes them off', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/panels/corporate-parenting');
    const fields = {
      _csrf: token,
      recipientName: 'Dr Nia Reed',
      recipientEmail: 'Nia.Reed@health.example',
      recipientRole: 'Designated nurse',
    };
    expect((await browser.post('/panels/corporate-parenting/distribution', fields)).status).toBe(303);
    const again = await browser.post('/panels/corporate-parenting/distribution', fields);
    expect(again.status).toBe(409);
    expect(await textOf(again)).toContain('nia.reed@health.example is already on the Corporate Parenting Panel distribution list');

    const recipient = (await panelRow('corporate-parenting')).distribution.find((entry) => entry.email === 'nia.reed@health.example')!;
    expect(recipient.role).toBe('Designated nurse');
    expect(await textOf(await browser.get('/panels/corporate-parenting'))).toContain(
      'Dr Nia Reed nia.reed@health.example Designated nurse',
    );
    expect((await browser.post(`/panels/corporate-parenting/distribution/${recipient.id}/remove`, { _csrf: token })).status).toBe(303);
    expect((await panelRow('corporate-parenting')).distribution.map((entry) => entry.id)).not.toContain(recipient.id);
    expect((await auditsOf('distribution.removed')).at(-1)!.details).toMatchObject({ email: 'nia.reed@health.example' });
  });

  test('a CSV file with one bad row is refused whole, naming the row and column; corrected, every row is added', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/panels/cyp-scrutiny/distribution/import');
    const before = (await panelRow('cyp-scrutiny')).distribution.length;
    const mistaken = [
      DISTRIBUTION_HEADER,
      'Ola Partner,ola@partner.example,Police liaison',
      'Bad Address,not-an-address,',
      'Kim Lee,kim@partner.example,',
    ].join('\n');
    const refused = await browser.post('/panels/cyp-scrutiny/distribution/import', uploadForm(token, { file: mistaken }));
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain('row 3, email: must be an email address');
    expect((await panelRow('cyp-scrutiny')).distribution).toHaveLength(before);

    const corrected = mistaken.replace('not-an-address', 'bad.address@partner.example');
    const preview = await browser.post('/panels/cyp-scrutiny/distribution/import', uploadForm(token, { file: corrected }));
    expect(preview.status).toBe(200);
    const previewPage = await preview.text();
    expect(textOf(previewPage)).toContain('Importing this file adds 3 people');
    const confirmed = await browser.post(
      '/panels/cyp-scrutiny/distribution/import/confirm',
      uploadForm(token, { pasted: confirmedCsv(previewPage) }),
    );
    expect(confirmed.status).toBe(303);
    expect((await panelRow('cyp-scrutiny')).distribution).toHaveLength(before + 3);

    // The same file again: every row is already on the list, so nothing is added, and the API says which rows.
    const repeated = await api('POST', '/panels/cyp-scrutiny/distribution/import', { csv: corrected });
    expect(repeated.status).toBe(400);
    const { error } = (await repeated.json()) as { error: { problems: Array<{ field: string }> } };
    expect(error.problems.map((problem) => problem.field)).toEqual(['row 2, email', 'row 3, email', 'row 4, email']);
  });
});

describe('seats', () => {
  test('seating a member who lacks a course the panel needs asks the officer first, names the courses, and audits the confirmation', async () => {
    const newcomer = await createMember(demo.db, demo.id, { givenName: 'Priya', familyName: 'Newcomer' });
    const browser = await demo.officer();
    const token = await browser.formToken('/panels/cyp-scrutiny');
    const seat = { _csrf: token, memberReference: newcomer.reference, from: '2026-12-01', to: '' };
    const asked = await browser.post('/panels/cyp-scrutiny/seats', seat);
    expect(asked.status).toBe(409);
    const question = await textOf(asked);
    expect(question).toContain(
      "Councillor Priya Newcomer has not done Safeguarding children seminar and Understanding children's services performance data, which members of this panel need. Seat them anyway?",
    );
    expect((await panelRow('cyp-scrutiny')).seats.some((row) => row.memberId === newcomer.id)).toBe(false);

    const confirmed = await browser.post('/panels/cyp-scrutiny/seats', { ...seat, confirmMissingTraining: 'yes' });
    expect(confirmed.status).toBe(303);
    expect((await panelRow('cyp-scrutiny')).seats.some((row) => row.memberId === newcomer.id && row.toDate === null)).toBe(true);
    expect((await auditsOf('seat.added')).at(-1)!.details).toEqual({
      panel: 'cyp-scrutiny',
      member: newcomer.reference,
      seatedWithoutCourses: ['safeguarding-seminar', 'performance-data'],
    });
  });

  test('the API answers 409 naming the missing courses unless confirmMissingTraining is true', async () => {
    const newcomer = await createMember(demo.db, demo.id, { givenName: 'Tom', familyName: 'Apiseat' });
    const body = { memberReference: newcomer.reference, from: '2026-12-01' };
    const refused = await api('POST', '/panels/corporate-parenting/seats', body);
    expect(refused.status).toBe(409);
    const { error } = (await refused.json()) as { error: { message: string; missingCourses: unknown } };
    expect(error.missingCourses).toEqual([
      { key: 'safeguarding-seminar', title: 'Safeguarding children seminar' },
      { key: 'performance-data', title: "Understanding children's services performance data" },
    ]);
    expect(error.message).toContain('confirmMissingTraining: true');
    expect((await api('POST', '/panels/corporate-parenting/seats', { ...body, confirmMissingTraining: true })).status).toBe(201);
  });

  test('ending a seat on its page records the last day in it', async () => {
    const seated = await demo.db.panelSeat.findFirstOrThrow({
      where: { councilId: demo.id, panel: { key: 'corporate-parenting' }, toDate: null },
      include: { member: true },
    });
    const reference = seated.member.reference;
    const browser = await demo.officer();
    const token = await browser.formToken(`/panels/corporate-parenting/seats/end?member=${reference}`);
    expect(
      (await browser.post('/panels/corporate-parenting/seats/end', { _csrf: token, memberReference: reference, on: '2026-11-30' })).status,
    ).toBe(303);
    expect((await demo.db.panelSeat.findUniqueOrThrow({ where: { id: seated.id } })).toDate).not.toBeNull();
  });
});

test('an election recorded on its page dates the members’ latest election', async () => {
  const browser = await demo.officer();
  const token = await browser.formToken('/elections');
  const refused = await browser.post('/elections', { _csrf: token, on: '2026-02-30', memberReferences: 'NM002' });
  expect(refused.status).toBe(400);
  expect(await textOf(refused)).toContain('Election day: must be a date written YYYY-MM-DD');
  const recorded = await browser.post('/elections', { _csrf: token, on: '2026-11-19', memberReferences: 'NM002, NM003' });
  expect(recorded.status).toBe(303);
  expect(await textOf(await browser.get(recorded.headers.get('location')!))).toContain('Recorded the election for 2 members.');
  const members = await demo.db.member.findMany({ where: { councilId: demo.id, reference: { in: ['NM002', 'NM003'] } } });
  expect(members.map((member) => member.electedOn?.toISOString().slice(0, 10))).toEqual(['2026-11-19', '2026-11-19']);
});

test('a year of meetings from a CSV file: one bad row stops the whole file, naming it; corrected, all are added with their weekdays', async () => {
  const browser = await demo.officer();
  const token = await browser.formToken('/meetings/import');
  const before = await demo.db.panelMeeting.count({ where: { councilId: demo.id } });
  const mistaken = [
    MEETINGS_HEADER,
    'cyp-scrutiny,2027-06-15,18:30,"Committee Room 2, Northmere Town Hall"',
    'no-such-panel,2027-07-06,14:00,Council Chamber',
    'corporate-parenting,2027-07-06,25:00,Council Chamber',
  ].join('\n');
  const refused = await browser.post('/meetings/import', uploadForm(token, { file: mistaken }));
  expect(refused.status).toBe(400);
  const refusal = await textOf(refused);
  expect(refusal).toContain('row 3, panel_key: names no panel of this council');
  expect(refusal).toContain('row 4, start_time: must be a time written HH:MM');
  expect(await demo.db.panelMeeting.count({ where: { councilId: demo.id } })).toBe(before);

  const corrected = mistaken
    .replace('no-such-panel', 'corporate-parenting')
    .replace('25:00', '14:00')
    .replace('2027-07-06,14:00,Council', '2027-09-07,14:00,Council');
  const preview = await browser.post('/meetings/import', uploadForm(token, { file: corrected }));
  const previewPage = await preview.text();
  expect(textOf(previewPage)).toContain('Tuesday 15 June 2027 at 6:30pm');
  const confirmed = await browser.post('/meetings/import/confirm', uploadForm(token, { pasted: confirmedCsv(previewPage) }));
  expect(confirmed.status).toBe(303);
  expect(await demo.db.panelMeeting.count({ where: { councilId: demo.id } })).toBe(before + 3);

  // The same file again clashes with what it added, row by row.
  const again = await api('POST', '/meetings/import', { csv: corrected });
  expect(again.status).toBe(400);
});

test("an officer of another council gets 404 for this council's panels, seats and meetings on every page and route", async () => {
  const panel = await panelRow('cyp-scrutiny');
  const meeting = panel.meetings[0]!;
  const recipient = panel.distribution[0]!;
  const seated = await demo.db.member.findUniqueOrThrow({ where: { id: panel.seats.find((seat) => seat.toDate === null)!.memberId } });
  const browser = await demo.otherOfficer();
  for (const path of [
    '/panels/cyp-scrutiny',
    '/panels/cyp-scrutiny/distribution/import',
    `/panels/cyp-scrutiny/seats/end?member=${seated.reference}`,
    `/meetings/${meeting.id}`,
  ]) {
    expect({ path, status: (await browser.get(path)).status }).toEqual({ path, status: 404 });
  }
  expect(await textOf(await browser.get('/panels'))).not.toContain('Children and Young People Scrutiny Panel');
  const token = await browser.formToken('/panels');
  const posts: Array<[string, Record<string, string> | FormData]> = [
    ['/panels/cyp-scrutiny', { _csrf: token, name: 'Taken over' }],
    ['/panels/cyp-scrutiny/distribution', { _csrf: token, recipientName: 'X', recipientEmail: 'x@otherton.example' }],
    [`/panels/cyp-scrutiny/distribution/${recipient.id}/remove`, { _csrf: token }],
    ['/panels/cyp-scrutiny/distribution/import', uploadForm(token, { pasted: `${DISTRIBUTION_HEADER}\nX,x@otherton.example,` })],
    ['/panels/cyp-scrutiny/seats', { _csrf: token, memberReference: seated.reference, from: '2026-12-01', confirmMissingTraining: 'yes' }],
    ['/panels/cyp-scrutiny/seats/end', { _csrf: token, memberReference: seated.reference, on: '2026-11-30' }],
    ['/panels/cyp-scrutiny/meetings', { _csrf: token, date: '2027-05-04', time: '18:30', location: 'Otherton Hall' }],
    [`/meetings/${meeting.id}/move`, { _csrf: token, date: '2027-05-04', time: '18:30' }],
    [`/meetings/${meeting.id}/cancel`, { _csrf: token }],
    [`/meetings/${meeting.id}/invitations`, { _csrf: token }],
  ];
  for (const [path, fields] of posts) {
    expect({ path, status: (await browser.post(path, fields)).status }).toEqual({ path, status: 404 });
  }
  const after = await panelRow('cyp-scrutiny');
  expect([after.name, after.distribution.length, after.seats.length]).toEqual([panel.name, panel.distribution.length, panel.seats.length]);
  expect(after.meetings.find((row) => row.id === meeting.id)).toEqual(meeting);
});
