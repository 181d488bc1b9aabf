import { unescape } from 'html-escaper';

import { formatDate, fromDbDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { MAX_CSV_BYTES } from '../../services/csv-import';
import { importPoolMembers } from '../../services/visits/pools';
import { useDemoCouncil } from '../support/demo-council';
import { confirmedCsv, uploadForm } from '../support/forms';
import { textOf } from '../support/page-text';
import { expectRedirect } from '../support/officer-browser';

const demo = useDemoCouncil({
  // No worker: these pages only signal the duties, and the tests check the records.
  taskQueue: 'officer-members-pools-test-no-worker',
  otherRole: 'ADMIN',
});

const POOL_HEADER = 'member_reference,email,from,to';
const MEMBER_HEADER = 'reference,given_name,family_name,email,ward,party,roles,joined_on,elected_on';

const memberRow = (reference: string) =>
  demo.db.member.findUniqueOrThrow({ where: { councilId_reference: { councilId: demo.id, reference } } });

const spellsIn = (poolKey: string) => demo.db.poolMembership.count({ where: { pool: { councilId: demo.id, key: poolKey } } });

const auditsOf = (action: string) => demo.db.auditEvent.findMany({ where: { councilId: demo.id, action }, orderBy: { at: 'asc' } });

describe('members: registering and correcting one', () => {
  test('an officer registers a member: a bad email is refused naming the field and keeps what was typed; the good one is recorded and audited', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/members/new');
    const details = {
      _csrf: token,
      reference: 'NM090',
      givenName: 'Priya',
      familyName: 'Shah',
      email: 'priya.shah at members.example',
      ward: 'Eastgate',
      party: '',
      roles: 'COUNCILLOR',
      joinedOn: '2026-11-02',
      electedOn: '',
    };

    const refused = await browser.post('/members', details);
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(unescape(refusedPage)).toContain('Email address: must be an email address, e.g. sam.jones@members.example');
    expect(refusedPage).toContain('value="Priya"');
    expect(refusedPage).toMatch(/value="COUNCILLOR"[^>]*checked/);
    expect(await demo.db.member.count({ where: { councilId: demo.id, reference: 'NM090' } })).toBe(0);

    // Two roles ticked: a checkbox group sends the field twice.
    const form = new URLSearchParams({ ...details, email: 'priya.shah@members.example' });
    form.append('roles', 'CABINET_MEMBER');
    const registered = await fetch(`${demo.web.baseUrl}/members`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { cookie: browser.cookieHeader() },
    });
    expectRedirect(registered, '/members/NM090?done=registered');

    const stored = await memberRow('NM090');
    expect(stored).toMatchObject({ email: 'priya.shah@members.example', ward: 'Eastgate', party: null });
    expect(stored.roles.sort()).toEqual(['CABINET_MEMBER', 'COUNCILLOR']);
    const page = await textOf(await browser.get('/members/NM090?done=registered'));
    expect(page).toContain('Councillor Priya Shah is registered. Training their roles require is due from Monday 2 November 2026.');
    expect(page).toContain('Councillor, Cabinet member');
    expect((await auditsOf('member.registered')).map((event) => event.entityId)).toContain(stored.id);
  });

  test("correcting a member's email address: an invalid or taken one is refused on the field; a valid one is saved and audited", async () => {
    const browser = await demo.officer();
    const member = await memberRow('NM001');
    const other = await memberRow('NM002');
    const page = await browser.get('/members/NM001');
    expect(page.status).toBe(200);
    const token = await browser.formToken('/members/NM001');
    const fields = {
      _csrf: token,
      givenName: member.givenName,
      familyName: member.familyName,
      ward: member.ward ?? '',
      party: member.party ?? '',
      roles: 'COUNCILLOR',
      electedOn: member.electedOn ? fromDbDate(member.electedOn) : '',
    };
    const withRoles = (email: string) => {
      const form = new URLSearchParams({ ...fields, email });
      for (const role of member.roles.filter((role) => role !== 'COUNCILLOR')) form.append('roles', role);
      return form;
    };
    const post = (email: string) =>
      fetch(`${demo.web.baseUrl}/members/NM001`, {
        method: 'POST',
        body: withRoles(email),
        redirect: 'manual',
        headers: { cookie: browser.cookieHeader() },
      });

    const invalid = await post('no-at-sign.example');
    expect(invalid.status).toBe(400);
    const invalidPage = await textOf(invalid);
    expect(invalidPage).toContain('Email address: must be an email address');
    expect(invalidPage).toContain('Change their details');

    const taken = await post(other.email);
    expect(taken.status).toBe(409);
    expect(await textOf(taken)).toContain(`Email address: The email ${other.email} is already used by ${memberDisplayName(other)}`);
    expect((await memberRow('NM001')).email).toBe(member.email);

    const saved = await post('corrected.address@members.example');
    expectRedirect(saved, '/members/NM001?done=updated&changed=email');
    expect((await memberRow('NM001')).email).toBe('corrected.address@members.example');
    const after = await textOf(await browser.get(saved.headers.get('location')!));
    expect(after).toContain(`Saved. Changed for ${memberDisplayName(member)}: email address.`);
    expect(after).toContain('corrected.address@members.example');
    const audit = (await auditsOf('member.updated')).find((event) => event.entityId === member.id);
    expect(audit?.details).toEqual({ reference: 'NM001', changed: ['email'] });
  });
});

describe('members: their page, and leaving', () => {
  test("a member's page shows their pools, the visits they were asked to make and their training", async () => {
    const browser = await demo.officer();
    const assignment = await demo.db.visitAssignment.findFirstOrThrow({
      where: { councilId: demo.id },
      include: { member: true, visit: { include: { establishment: true } } },
      orderBy: { visit: { periodStart: 'desc' } },
    });
    const page = await textOf(await browser.get(`/members/${assignment.member.reference}`));
    expect(page).toContain(memberDisplayName(assignment.member));
    expect(page).toContain('Regulation 33 visiting pool Tuesday 19 May 2026 No end date In the pool');
    expect(page).toContain(`${assignment.visit.establishment.name} ${formatDate(fromDbDate(assignment.visit.periodStart))} to`);
    expect(page).toMatch(/Corporate parenting induction (Valid|Due soon|Lapsed|Never done)/);
    expect(page).toContain('Record that they left the council');
  });

  test('recording that a member left: a day before they joined is refused on the field; then they leave the serving list, and it is audited', async () => {
    const browser = await demo.officer();
    const member = await memberRow('NM003');
    const token = await browser.formToken('/members/NM003');

    const early = await browser.post('/members/NM003/left', { _csrf: token, leftOn: '2020-01-01' });
    expect(early.status).toBe(400);
    expect(await textOf(early)).toMatch(/Left the council on: is before \w+day \d+ \w+ \d{4}, when .* joined the council/);

    const left = await browser.post('/members/NM003/left', { _csrf: token, leftOn: '2026-11-20' });
    expect(left.status).toBe(303);
    expect(await textOf(await browser.get(left.headers.get('location')!))).toContain(
      `Recorded that ${memberDisplayName(member)} left the council on Friday 20 November 2026.`,
    );
    expect(await textOf(await browser.get('/members'))).not.toContain(memberDisplayName(member));
    const everyone = await textOf(await browser.get('/members?left=include'));
    expect(everyone).toMatch(new RegExp(`${memberDisplayName(member)} NM003 .* Left on Friday 20 November 2026`));
    expect((await auditsOf('member.left')).map((event) => event.entityId)).toEqual([member.id]);
  });
});

describe('members: importing a list', () => {
  test('a member list is previewed row by row before anything changes; a bad row applies nothing; the corrected list applies on confirming', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/members/import');
    const recorded = await memberRow('NM005');
    const recordedRow = [
      'NM005',
      recorded.givenName,
      recorded.familyName,
      recorded.email,
      'Harbourside',
      recorded.party,
      recorded.roles.join(';'),
      fromDbDate(recorded.joinedOn),
      '',
    ].join(',');
    const mistaken = [MEMBER_HEADER, 'NM091,Jo,Marsh,jo.marsh@members,,,CO_OPTEE,2026-09-01,', recordedRow].join('\n');
    const before = await demo.db.member.count({ where: { councilId: demo.id } });

    const refused = await browser.post('/members/import', uploadForm(token, { file: mistaken }));
    expect(refused.status).toBe(400);
    const refusedPage = await textOf(refused);
    expect(refusedPage).toContain('row 2, email: must be an email address');
    expect(refusedPage).toContain('The CSV has a problem, listed at the top of the page.');

    const corrected = mistaken.replace('jo.marsh@members,', 'jo.marsh@members.example,');
    const preview = await browser.post('/members/import', uploadForm(token, { file: corrected }));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    const previewPage = textOf(previewHtml);
    expect(previewPage).toContain('Nothing has changed yet. Importing this file registers 1 member and updates 1 member');
    expect(previewPage).toContain('Members to register (1)');
    expect(previewPage).toContain('2 Jo Marsh NM091 jo.marsh@members.example none none Co-opted member Tuesday 1 September 2026');
    expect(previewPage).toContain(`Ward: ${recorded.ward} becomes Harbourside`);
    expect(await demo.db.member.count({ where: { councilId: demo.id } })).toBe(before);
    expect((await memberRow('NM005')).ward).toBe(recorded.ward);

    const applied = await browser.post('/members/import/confirm', { _csrf: token, csv: confirmedCsv(previewHtml) });
    expectRedirect(applied, '/members?added=1&updated=1');
    expect(await textOf(await browser.get('/members?added=1&updated=1'))).toContain('Imported: 1 member registered and 1 member updated.');
    expect(await demo.db.member.count({ where: { councilId: demo.id } })).toBe(before + 1);
    expect((await memberRow('NM005')).ward).toBe('Harbourside');
    const [audit] = await auditsOf('members.imported');
    expect(audit?.details).toMatchObject({ added: 1, updated: 1, addedReferences: ['NM091'], changedFields: { NM005: ['ward'] } });
  });
});

test('a member list Excel saved as "CSV (Comma delimited)", in Windows-1252 with a blank line, previews and registers Siân O’Neill as spelt, naming rows by their lines', async () => {
  const browser = await demo.officer();
  const token = await browser.formToken('/members/import');
  const rows = [
    MEMBER_HEADER,
    '',
    'NM093,Siân,O’Neill,sian.oneill@members.example,,,COUNCILLOR,2026-09-01,',
    'NM094,Rhodri,Lewis,rhodri@,,,COUNCILLOR,2026-09-01,',
  ];
  // Windows-1252 has â where Latin-1 does, and ’ at 0x92.
  const excel = (lines: string[]) => Buffer.from(lines.join('\r\n').replace(/’/g, '\x92'), 'latin1');

  const refused = await browser.post('/members/import', uploadForm(token, { file: excel(rows) }));
  expect(refused.status).toBe(400);
  expect(await textOf(refused)).toContain('row 4, email: must be an email address');

  const preview = await browser.post('/members/import', uploadForm(token, { file: excel(rows.slice(0, 3)) }));
  expect(preview.status).toBe(200);
  const previewHtml = await preview.text();
  expect(textOf(previewHtml)).toContain('3 Councillor Siân O’Neill NM093 sian.oneill@members.example');
  const applied = await browser.post('/members/import/confirm', { _csrf: token, csv: confirmedCsv(previewHtml) });
  expect(applied.status).toBe(303);
  expect(await memberRow('NM093')).toMatchObject({ givenName: 'Siân', familyName: 'O’Neill' });
});

describe('pools: uploading members', () => {
  test('the upload page names the columns and shows an example', async () => {
    const browser = await demo.officer();
    const page = await textOf(await browser.get('/pools/reg33-pool/import'));
    expect(page).toContain('Add members to Regulation 33 visiting pool');
    for (const column of POOL_HEADER.split(',')) expect(page).toContain(column);
    expect(page).toContain('NM004,,2026-06-01,');
  });

  test('a pool file with one bad row shows the row error and adds nothing; the corrected file previews names and dates, then applies on confirming', async () => {
    const browser = await demo.officer();
    const [first, second] = [await memberRow('NM010'), await memberRow('NM012')];
    const token = await browser.formToken('/pools/reg33-pool/import');
    const mistaken = [POOL_HEADER, 'NM010,,2026-12-01,', 'NM012,not-an-email,2026-12-01,2027-05-31'].join('\n');
    const before = await spellsIn('reg33-pool');

    const refused = await browser.post('/pools/reg33-pool/import', uploadForm(token, { file: mistaken }));
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(unescape(refusedHtml)).toContain('row 3, email: must be an email address, e.g. sam.jones@members.example, or left blank');
    // The rows sent are in the box, for correcting there.
    expect(unescape(refusedHtml)).toContain('NM012,not-an-email,2026-12-01,2027-05-31</textarea>');
    expect(await spellsIn('reg33-pool')).toBe(before);

    const corrected = mistaken.replace('not-an-email', '');
    const preview = await browser.post('/pools/reg33-pool/import', uploadForm(token, { pasted: corrected }));
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    const previewPage = textOf(previewHtml);
    expect(previewPage).toContain('Spells to add (2)');
    expect(previewPage).toContain(`2 ${memberDisplayName(first)} NM010 Tuesday 1 December 2026 No end date`);
    expect(previewPage).toContain(`3 ${memberDisplayName(second)} NM012 Tuesday 1 December 2026 Monday 31 May 2027`);
    expect(await spellsIn('reg33-pool')).toBe(before);
    // Browsers send the text with CRLF line ends.
    expect(confirmedCsv(previewHtml).replace(/\r\n/g, '\n')).toBe(corrected);

    const applied = await browser.post('/pools/reg33-pool/import/confirm', uploadForm(token, { pasted: confirmedCsv(previewHtml) }));
    expectRedirect(applied, '/pools/reg33-pool?added=2');
    expect(await spellsIn('reg33-pool')).toBe(before + 2);
    const poolPage = await textOf(await browser.get('/pools/reg33-pool?added=2'));
    expect(poolPage).toContain('Added 2 spells to the pool.');
    expect(poolPage).toContain(`${memberDisplayName(second)} NM012 Not in the pool from Tuesday 1 December 2026 to Monday 31 May 2027`);
    const audits = await auditsOf('pool.members-imported');
    expect(audits.map((event) => event.details)).toContainEqual({ added: 2 });
  });

  test('the confirm step checks the file again: a spell recorded since the preview stops it, and nothing is added', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/pools/rec41-pool/import');
    const csv = [POOL_HEADER, 'NM016,,2026-12-01,'].join('\n');
    const preview = await browser.post('/pools/rec41-pool/import', uploadForm(token, { file: csv }));
    expect(preview.status).toBe(200);

    const ravi = await demo.db.officer.findFirstOrThrow({ where: { email: 'ravi.chandran@northmere.example' } });
    await importPoolMembers(
      demo.deps,
      { councilId: demo.id, officerId: ravi.id, role: 'OFFICER' },
      { poolKey: 'rec41-pool', csv: [POOL_HEADER, 'NM016,,2026-11-25,'].join('\n') },
    );
    const before = await spellsIn('rec41-pool');

    const applied = await browser.post('/pools/rec41-pool/import/confirm', { _csrf: token, csv: confirmedCsv(await preview.text()) });
    expect(applied.status).toBe(400);
    expect(await textOf(applied)).toContain('row 2, from: overlaps');
    expect(await spellsIn('rec41-pool')).toBe(before);
  });

  test('nothing chosen or pasted, or a file over the size limit, is refused saying what to do', async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/pools/reg33-pool/import');
    const empty = await browser.post('/pools/reg33-pool/import', uploadForm(token, {}));
    expect(empty.status).toBe(400);
    expect(await textOf(empty)).toContain('The CSV: choose a CSV file to upload, or paste its rows into the box');

    const huge = `${POOL_HEADER}\n${'NM010,,2026-12-01,\n'.repeat(Math.ceil(MAX_CSV_BYTES / 19))}`;
    const tooLarge = await browser.post('/pools/reg33-pool/import', uploadForm(token, { file: huge }));
    expect(tooLarge.status).toBe(400);
    expect(await textOf(tooLarge)).toContain('The CSV: is larger than 1 MB; split it into smaller files');
  });
});

describe('pools: registering one, and ending a spell', () => {
  test("an officer registers a pool (a bad key is refused on the field) and ends a member's spell (a day before it began is refused)", async () => {
    const browser = await demo.officer();
    const token = await browser.formToken('/pools');
    const pool = {
      _csrf: token,
      name: 'Fostering visits pool',
      key: 'Fostering Pool',
      purpose: 'REG33_HOMES',
      approvedBy: 'Cabinet',
      approvedOn: '2026-11-17',
    };

    const badKey = await browser.post('/pools', pool);
    expect(badKey.status).toBe(400);
    expect(await textOf(badKey)).toContain('Key: must be lower-case letters, digits and hyphens, e.g. reg33-pool');

    const registered = await browser.post('/pools', { ...pool, key: 'fostering-pool' });
    expectRedirect(registered, '/pools/fostering-pool?done=registered');
    const page = await textOf(await browser.get('/pools/fostering-pool?done=registered'));
    expect(page).toContain('Agreed on Tuesday 17 November 2026');
    expect(page).toContain('Nobody has been in this pool yet.');
    expect((await auditsOf('pool.registered')).map((event) => event.details)).toContainEqual({ key: 'fostering-pool' });

    const member = await memberRow('NM002');
    const endPage = await textOf(await browser.get('/pools/reg33-pool/end?member=NM002'));
    expect(endPage).toContain(`End ${memberDisplayName(member)}’s spell in Regulation 33 visiting pool`);
    const early = await browser.post('/pools/reg33-pool/end', { _csrf: token, memberReference: 'NM002', on: '2026-05-01' });
    expect(early.status).toBe(400);
    expect(await textOf(early)).toContain('Their last day in the pool: is before');

    const ended = await browser.post('/pools/reg33-pool/end', { _csrf: token, memberReference: 'NM002', on: '2026-11-30' });
    expect(ended.status).toBe(303);
    expect(await textOf(await browser.get(ended.headers.get('location')!))).toContain(
      `${memberDisplayName(member)}’s spell in the pool now ends on Monday 30 November 2026.`,
    );
    expect((await auditsOf('pool.membership-ended')).map((event) => event.details)).toEqual([
      { pool: 'reg33-pool', member: 'NM002', on: '2026-11-30' },
    ]);
  });
});

describe('who may see and change what', () => {
  test('a read-only officer sees the members and pools but every change is refused and nothing changes', async () => {
    const browser = await demo.readOnly();
    for (const path of ['/members', '/members/NM004', '/pools', '/pools/reg33-pool', '/members/import', '/pools/reg33-pool/import']) {
      expect((await browser.get(path)).status).toBe(200);
    }
    expect(await textOf(await browser.get('/members/NM004'))).not.toContain('Change their details');
    const token = await browser.formToken('/members');
    const auditsBefore = await demo.db.auditEvent.count({ where: { councilId: demo.id } });
    const spellsBefore = await spellsIn('reg33-pool');

    const attempts = [
      browser.post('/members', {
        _csrf: token,
        reference: 'NM099',
        givenName: 'A',
        familyName: 'B',
        email: 'a.b@members.example',
        roles: 'COUNCILLOR',
        joinedOn: '2026-11-01',
      }),
      browser.post('/members/NM004', {
        _csrf: token,
        givenName: 'Changed',
        familyName: 'Name',
        email: 'changed@members.example',
        roles: 'COUNCILLOR',
      }),
      browser.post('/members/NM004/left', { _csrf: token, leftOn: '2026-11-20' }),
      browser.post(
        '/members/import',
        uploadForm(token, { pasted: `${MEMBER_HEADER}\nNM099,A,B,a.b@members.example,,,COUNCILLOR,2026-11-01,` }),
      ),
      browser.post('/pools', {
        _csrf: token,
        name: 'P',
        key: 'p',
        purpose: 'REG33_HOMES',
        approvedBy: 'Cabinet',
        approvedOn: '2026-11-01',
      }),
      browser.post('/pools/reg33-pool/import', uploadForm(token, { pasted: `${POOL_HEADER}\nNM020,,2026-12-01,` })),
      browser.post('/pools/reg33-pool/import/confirm', { _csrf: token, csv: `${POOL_HEADER}\nNM020,,2026-12-01,` }),
      browser.post('/pools/reg33-pool/end', { _csrf: token, memberReference: 'NM005', on: '2026-11-30' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(await textOf(response)).toContain('Read-only officers cannot');
    }
    expect(await demo.db.auditEvent.count({ where: { councilId: demo.id } })).toBe(auditsBefore);
    expect(await spellsIn('reg33-pool')).toBe(spellsBefore);
    expect((await memberRow('NM004')).givenName).not.toBe('Changed');
  });

  test("an officer of another council gets 404 for this council's member and pool, and cannot change them", async () => {
    const browser = await demo.otherOfficer();
    for (const path of ['/members/NM004', '/pools/reg33-pool', '/pools/reg33-pool/import', '/pools/reg33-pool/end?member=NM005']) {
      expect((await browser.get(path)).status).toBe(404);
    }
    expect(await textOf(await browser.get('/members'))).not.toContain('NM004');
    const token = await browser.formToken('/members');
    const attempts = [
      browser.post('/members/NM004', {
        _csrf: token,
        givenName: 'Changed',
        familyName: 'Name',
        email: 'changed@members.example',
        roles: 'COUNCILLOR',
      }),
      browser.post('/members/NM004/left', { _csrf: token, leftOn: '2026-11-20' }),
      browser.post('/pools/reg33-pool/import', uploadForm(token, { pasted: `${POOL_HEADER}\nNM020,,2026-12-01,` })),
      browser.post('/pools/reg33-pool/end', { _csrf: token, memberReference: 'NM005', on: '2026-11-30' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    expect((await memberRow('NM004')).givenName).not.toBe('Changed');
  });
});
