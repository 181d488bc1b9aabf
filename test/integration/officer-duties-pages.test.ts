import { addDays, addMonths, instantAt, toDbDate } from '../../domain/calendar';
import { useDemoCouncilEngine } from '../support/demo-council';
import { textOf } from '../support/page-text';
import { expectRedirect } from '../support/officer-browser';

const demo = useDemoCouncilEngine();

/** The HTML of one table row, found by its id. */
const rowOf = (page: string, id: string) =>
  page.slice(page.indexOf(`<tr id="${id}"`), page.indexOf('</tr>', page.indexOf(`<tr id="${id}"`)));

async function memberName(reference: string) {
  const member = await demo.db.member.findUniqueOrThrow({ where: { councilId_reference: { councilId: demo.id, reference } } });
  return `Councillor ${member.givenName} ${member.familyName}`;
}

/** A report of the demo council's partnership update (written by a partner): due, or already circulated with its uploaded file. */
async function authoredReport(fields: {
  periodStart: string;
  dueOn: string;
  meetingOn?: string;
  file?: { name: string; type: string; bytes: Buffer };
}) {
  const duty = await demo.db.reportDuty.findUniqueOrThrow({
    where: { councilId_key: { councilId: demo.id, key: 'safeguarding-partnership-update' } },
  });
  const meeting =
    fields.meetingOn &&
    (await demo.db.panelMeeting.findFirstOrThrow({
      where: { councilId: demo.id, startsAt: instantAt(fields.meetingOn, '18:30') },
    }));
  return demo.db.report.create({
    data: {
      councilId: demo.id,
      dutyId: duty.id,
      meetingId: meeting ? meeting.id : null,
      periodStart: toDbDate(fields.periodStart),
      periodEnd: toDbDate(addDays(addMonths(fields.periodStart, 6), -1)),
      dueOn: toDbDate(fields.dueOn),
      ...(fields.file && {
        status: 'CIRCULATED' as const,
        fileName: fields.file.name,
        fileType: fields.file.type,
        file: new Uint8Array(fields.file.bytes),
        submittedAt: instantAt(fields.dueOn, '10:00'),
        submittedBy: 'Partnership Business Manager',
        circulatedAt: instantAt(fields.dueOn, '10:01'),
      }),
    },
  });
}

describe('training', () => {
  test('the matrix says in words that a member’s training has lapsed, with totals per course, and filters to the lapsed', async () => {
    const browser = await demo.officer();
    const response = await browser.get('/training');
    expect(response.status).toBe(200);
    const page = await response.text();
    const wren = textOf(rowOf(page, 'member-NM023'));
    expect(wren).toContain('Councillor Wren Bellweather');
    expect(wren).toContain('Lapsed Done Mon 30 Oct 2023 Was due by Fri 30 Oct 2026');
    expect(page).toContain('href="/training/record?member=NM023&amp;course=dbs-check"');
    expect(page).toContain('<div class="table-scroll" tabindex="0">');
    expect(page).toMatch(/<th scope="row">Enhanced DBS check<\/th>\s*<td>50<\/td>/);
    expect(page).toContain('href="/public/northmere/training-attendance.html"');
    expect(page).toContain('href="/training/courses"');

    const lapsed = await (await browser.get('/training?state=LAPSED')).text();
    expect(textOf(lapsed)).toContain('Councillor Wren Bellweather');
    // Councillor Amara Ashdown (NM001) has every course up to date.
    expect(lapsed).not.toContain('id="member-NM001"');
    expect(textOf(await (await browser.get('/training/courses')).text())).toContain('Enhanced DBS check');
  });

  test('recording a completion from the home page’s link: a future date is refused naming the field, then the matrix changes', async () => {
    const browser = await demo.officer();
    const form = await (await browser.get('/training/record?member=NM023&course=dbs-check')).text();
    expect(form).toMatch(/<option value="NM023" selected>/);
    expect(form).toMatch(/<option value="dbs-check" selected>/);
    expect(textOf(form)).toContain('Councillor Wren Bellweather on Enhanced DBS check today: Lapsed');

    const _csrf = await browser.formToken('/training/record');
    const fields = { _csrf, memberReference: 'NM023', courseKey: 'dbs-check', evidenceRef: 'DBS 001234567890' };
    const refused = await browser.post('/training/record', { ...fields, completedOn: '2026-12-01' });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(textOf(refusedPage)).toContain('Date completed: is in the future (today is Monday 23 November 2026)');
    expect(refusedPage).toContain('value="2026-12-01"');
    expect(refusedPage).toContain('aria-invalid="true"');

    const recorded = await browser.post('/training/record', { ...fields, completedOn: '2026-11-20' });
    expectRedirect(recorded, '/training?recorded=dbs-check&member=NM023#member-NM023');
    const page = await (await browser.get('/training?recorded=dbs-check&member=NM023')).text();
    expect(textOf(page)).toContain('Completion recorded for Councillor Wren Bellweather: Enhanced DBS check.');
    const wren = textOf(rowOf(page, 'member-NM023'));
    expect(wren).toContain('Valid Done Fri 20 Nov 2026');
    expect(wren).not.toContain('Lapsed');
    expect(await demo.db.auditEvent.count({ where: { councilId: demo.id, action: 'training.recorded' } })).toBe(1);
  });

  test('a completion a member confirmed waits for an officer; a read-only officer cannot verify it, an officer can', async () => {
    const member = await demo.db.member.findUniqueOrThrow({
      where: { councilId_reference: { councilId: demo.id, reference: 'NM004' } },
    });
    const course = await demo.db.course.findUniqueOrThrow({ where: { councilId_key: { councilId: demo.id, key: 'dbs-check' } } });
    const record = await demo.db.trainingRecord.create({
      data: {
        councilId: demo.id,
        memberId: member.id,
        courseId: course.id,
        completedOn: toDbDate('2026-11-16'),
        expiresOn: toDbDate('2029-11-15'),
        source: 'MEMBER_LINK',
        evidenceRef: 'DBS 009988776655',
      },
    });
    const readOnly = await demo.readOnly();
    const listed = textOf(await (await readOnly.get('/training')).text());
    expect(listed).toContain(`Completions awaiting verification 1 Members confirmed these`);
    expect(listed).toContain(`${await memberName('NM004')} Enhanced DBS check Monday 16 November 2026 DBS 009988776655`);
    const refused = await readOnly.post(`/training/pending/${record.id}/verify`, { _csrf: await readOnly.formToken('/training') });
    expect(refused.status).toBe(403);
    expect(textOf(await refused.text())).toContain('Read-only officers cannot verify training');

    const officer = await demo.officer();
    const verified = await officer.post(`/training/pending/${record.id}/verify`, { _csrf: await officer.formToken('/training') });
    expectRedirect(verified, '/training?verified=dbs-check&member=NM004#member-NM004');
    expect((await demo.db.trainingRecord.findUniqueOrThrow({ where: { id: record.id } })).verifiedAt).not.toBeNull();
    expect(textOf(await (await officer.get('/training')).text())).toContain('Completions awaiting verification 0');
  });
});

describe('pledge', () => {
  test('the pledge page lists who has signed and when, and who has not', async () => {
    const browser = await demo.officer();
    const page = await (await browser.get('/pledge')).text();
    const [before, signed] = page.split('id="signed"');
    const notSigned = textOf(before!.slice(before!.indexOf('id="not-signed"')));
    expect(notSigned).toContain('Not signed yet 5');
    for (const reference of ['NM014', 'NM027', 'NM041', 'NM045']) expect(notSigned).toContain(await memberName(reference));
    expect(notSigned).toContain('Helena Ravensworth Has not answered');
    expect(textOf(signed!)).toContain(
      `Signed 45 Serving members who have signed, and when Member Signed How ${await memberName('NM001')} Tuesday 19 May 2026 at 5:45pm At the event`,
    );
    expect(textOf(signed!)).not.toContain('Helena Ravensworth');
    expect(textOf(page)).toContain('Signed 45 of 50 serving members');
    expect(page).toContain('href="/public/northmere/pledge.html"');
    expect(page).toContain('href="/public/northmere/pledge.pdf"');
    expect(page).not.toContain('http-equiv="refresh"');
  });

  test('recording a signature collected at the event moves the member to the signed list', async () => {
    const browser = await demo.officer();
    const _csrf = await browser.formToken('/pledge');
    const nobody = await browser.post('/pledge/signatures', { _csrf });
    expect(nobody.status).toBe(400);
    expect(textOf(await nobody.text())).toContain('Members who signed at the event: name at least one member who signed');

    const recorded = await browser.post('/pledge/signatures', { _csrf, memberReferences: 'NMC01' });
    expectRedirect(recorded, '/pledge?recorded=1&already=0#not-signed');
    const page = await (await browser.get('/pledge?recorded=1&already=0')).text();
    expect(textOf(page)).toContain('1 signature recorded.');
    const [before, signed] = page.split('id="signed"');
    expect(textOf(before!)).not.toContain('Helena Ravensworth');
    expect(textOf(signed!)).toContain('Helena Ravensworth Tuesday 19 May 2026 at 5:30pm At the event');
    expect(await demo.db.auditEvent.count({ where: { councilId: demo.id, action: 'pledge.signatures-recorded' } })).toBeGreaterThan(0);
  });

  test('a drafted pledge is confirmed from the page; a missing place is refused naming the field', async () => {
    await demo.db.pledge.create({
      data: {
        councilId: demo.other.id,
        municipalYear: 2026,
        text: 'We promise to listen to you and act on what you tell us.',
        version: 'v1',
      },
    });
    const browser = await demo.otherOfficer();
    const page = textOf(await (await browser.get('/pledge')).text());
    expect(page).toContain('Drafted, not yet confirmed');
    const _csrf = await browser.formToken('/pledge');
    const fields = {
      _csrf,
      adoptedOn: '2026-11-20',
      eventDate: '2026-12-10',
      eventStart: '17:30',
      eventEnd: '',
      childrenInCareCouncilNote: '',
    };
    const refused = await browser.post('/pledge/confirm', { ...fields, eventLocation: '' });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(textOf(refusedPage)).toContain('Where the signing takes place: say where the signing takes place');
    expect(refusedPage).toContain('value="2026-12-10"');

    const confirmed = await browser.post('/pledge/confirm', { ...fields, eventLocation: 'Council Chamber, Otherton' });
    expect(confirmed.status).toBe(303);
    const after = textOf(await (await browser.get('/pledge?confirmed=1')).text());
    expect(after).toContain('The pledge is confirmed');
    expect(after).toContain('Thursday 10 December 2026 at 5:30pm, Council Chamber, Otherton');
    expect((await demo.db.pledge.findFirstOrThrow({ where: { councilId: demo.other.id } })).status).toBe('OPEN');
  });
});

describe('reports', () => {
  test('producing a generated report now; each archive download has the right type and filename', async () => {
    const browser = await demo.officer();
    const produced = await browser.post('/reports/produce', { _csrf: await browser.formToken('/reports'), dutyKey: 'training-annual' });
    expect(produced.status).toBe(303);
    const location = produced.headers.get('location')!;
    expect(location).toMatch(/^\/reports\/[0-9a-f-]{36}\?produced=1$/);
    const reportId = location.slice('/reports/'.length, location.indexOf('?'));
    const page = textOf(await (await browser.get(location)).text());
    expect(page).toContain('The report was produced and sent to the panel.');
    expect(page).toContain('Member training: annual report');
    expect(page).toContain('Status Circulated');

    const archive = await (await browser.get('/reports')).text();
    expect(archive).toContain(`href="/reports/${reportId}"`);
    for (const [format, type] of [
      ['html', 'text/html; charset=utf-8'],
      ['pdf', 'application/pdf'],
      ['csv', 'text/csv; charset=utf-8'],
    ] as const) {
      expect(archive).toContain(`href="/reports/${reportId}/download.${format}"`);
      const download = await browser.get(`/reports/${reportId}/download.${format}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe(type);
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="training-annual-2025-05-01-v1.${format}"`);
    }

    const uploaded = await authoredReport({
      periodStart: '2025-11-01',
      dueOn: '2026-05-26',
      file: { name: 'partnership update.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 partnership') },
    });
    const original = await browser.get(`/reports/${uploaded.id}/download.original`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('application/pdf');
    expect(original.headers.get('content-disposition')).toBe('attachment; filename="partnership update.pdf"');
    expect(await original.text()).toBe('%PDF-1.4 partnership');
  });

  test('a late authored report shows its meeting and is submitted on the owner’s behalf as a link', async () => {
    const report = await authoredReport({ periodStart: '2026-05-01', dueOn: '2026-11-20', meetingOn: '2026-12-08' });
    const browser = await demo.officer();
    const page = textOf(await (await browser.get(`/reports/${report.id}`)).text());
    expect(page).toContain('Status Late Due, not yet submitted');
    expect(page).toContain('Due Friday 20 November 2026');
    expect(page).toContain('Goes to Children and Young People Scrutiny Panel, Tuesday 8 December 2026 at 6:30pm');
    expect(page).toContain('Written by Partnership Business Manager');

    const meetings = textOf(await (await browser.get('/reports/meetings')).text());
    expect(meetings).toContain(
      'Children and Young People Scrutiny Panel: Tuesday 8 December 2026 at 6:30pm Committee Room 2, Northmere Town Hall Report Written by Due Status Safeguarding Children Partnership: business plan update Partnership Business Manager Friday 20 November 2026 Late',
    );

    const _csrf = await browser.formToken(`/reports/${report.id}`);
    const refused = await browser.post(`/reports/${report.id}/submission`, { _csrf, link: 'the shared drive' });
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain('Link to the report: must be a web address starting https://');

    const submitted = await browser.post(`/reports/${report.id}/submission`, { _csrf, link: 'https://partnership.example/update.pdf' });
    expectRedirect(submitted, `/reports/${report.id}?submitted=1`);
    expect(await demo.db.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
      status: 'SUBMITTED',
      link: 'https://partnership.example/update.pdf',
      submittedBy: 'Ravi Chandran',
    });
    const after = textOf(await (await browser.get(`/reports/${report.id}?submitted=1`)).text());
    expect(after).toContain('The report was submitted and is being sent to the panel.');
    expect(after).toContain('Submitted Monday 23 November 2026');
    expect(after).not.toContain('Submit it on the owner’s behalf');
  });

  test("another council's officer gets 404 for this council's report and its downloads", async () => {
    const report = await demo.db.report.findFirstOrThrow({ where: { councilId: demo.id } });
    const browser = await demo.otherOfficer();
    expect((await browser.get(`/reports/${report.id}`)).status).toBe(404);
    expect((await browser.get(`/reports/${report.id}/download.pdf`)).status).toBe(404);
    expect((await browser.get('/reports/not-a-report')).status).toBe(404);
    expect(await (await browser.get('/reports')).text()).not.toContain(report.id);
  });
});

describe('audit log', () => {
  test('the log shows the changes just made, newest first, by whom, linked to their record, and filters by area and officer', async () => {
    const browser = await demo.officer();
    await browser.post('/training/record', {
      _csrf: await browser.formToken('/training/record'),
      memberReference: 'NM013',
      courseKey: 'dbs-check',
      completedOn: '2026-11-18',
    });
    const page = await (await browser.get('/audit')).text();
    const latest = textOf(page.slice(page.indexOf('<tbody>'), page.indexOf('</tr>', page.indexOf('<tbody>'))));
    expect(latest).toMatch(/\w+day \d+ \w+ \d{4} at \d+(:\d\d)?[ap]m Ravi Chandran Recorded a training completion/);
    for (const detail of ['member: NM013', 'course: dbs-check', 'completed on: Wednesday 18 November 2026'])
      expect(latest).toContain(detail);
    const report = await demo.db.auditEvent.findFirstOrThrow({ where: { councilId: demo.id, action: 'report.produced' } });
    expect(page).toContain(`<a href="/reports/${report.entityId}">Report ${report.entityId}</a>`);

    const pledgeOnly = textOf(await (await browser.get('/audit?action=pledge.')).text());
    expect(pledgeOnly).toContain('Recorded pledge signatures from the event');
    expect(pledgeOnly).not.toContain('Recorded a training completion');

    const dana = await demo.db.officer.findFirstOrThrow({ where: { councilId: demo.id, role: 'ADMIN' } });
    const byDana = textOf(await (await browser.get(`/audit?officer=${dana.id}`)).text());
    expect(byDana).not.toContain('Ravi Chandran Recorded');
  });

  test("another council's events never appear, and a long log is read a page at a time", async () => {
    await demo.db.auditEvent.createMany({
      data: Array.from({ length: 60 }, (_, index) => ({
        councilId: demo.other.id,
        actorType: 'SYSTEM' as const,
        action: 'pool.registered',
        entityType: 'Pool',
        entityId: `otherton-pool-${index}`,
        at: new Date(Date.UTC(2026, 10, 1, 9, index)),
      })),
    });
    const northmere = await (await demo.officer()).get('/audit');
    expect(await northmere.text()).not.toContain('otherton-pool');

    const browser = await demo.otherOfficer();
    const first = await (await browser.get('/audit')).text();
    expect(first).not.toContain('Ravi Chandran');
    expect(first).toContain('otherton-pool-59');
    expect(first).not.toContain('otherton-pool-5<');
    const older = /<a href="([^"]+)" rel="next">Older changes<\/a>/.exec(first)![1]!.replace(/&amp;/g, '&');
    const second = await (await browser.get(older)).text();
    expect(second).toContain('Pool otherton-pool-0<');
    expect(second).not.toContain('otherton-pool-59');
    expect(second).not.toContain('rel="next"');
  });
});

describe('read-only officers', () => {
  test('see every page but are refused every change', async () => {
    const browser = await demo.readOnly();
    for (const path of ['/training', '/training/record', '/training/courses', '/pledge', '/reports', '/reports/meetings', '/audit']) {
      expect((await browser.get(path)).status).toBe(200);
    }
    const report = await authoredReport({ periodStart: '2024-05-01', dueOn: '2024-12-01' });
    const _csrf = await browser.formToken('/training');
    const changes: Array<[string, Record<string, string>, string]> = [
      ['/training/record', { memberReference: 'NM045', courseKey: 'dbs-check', completedOn: '2026-11-19' }, 'record training'],
      ['/pledge/signatures', { memberReferences: 'NM045' }, 'record signatures'],
      ['/reports/produce', { dutyKey: 'training-annual' }, 'produce reports'],
      [`/reports/${report.id}/submission`, { link: 'https://partnership.example/x.pdf' }, 'submit reports'],
    ];
    for (const [path, fields, what] of changes) {
      const refused = await browser.post(path, { _csrf, ...fields });
      expect(refused.status).toBe(403);
      expect(textOf(await refused.text())).toContain(`Read-only officers cannot ${what}`);
    }
    const nm045 = await demo.db.member.findUniqueOrThrow({
      where: { councilId_reference: { councilId: demo.id, reference: 'NM045' } },
    });
    expect(await demo.db.trainingRecord.count({ where: { memberId: nm045.id, completedOn: toDbDate('2026-11-19') } })).toBe(0);
    expect(await demo.db.pledgeSignature.count({ where: { memberId: nm045.id } })).toBe(0);
    expect((await demo.db.report.findUniqueOrThrow({ where: { id: report.id } })).status).toBe('DUE');
  });
});
