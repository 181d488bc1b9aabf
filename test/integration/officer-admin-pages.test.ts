import { ScheduleNotFoundError } from '@temporalio/client';

import { toDbDate } from '../../domain/calendar';
import { reportDutyScheduleId } from '../../workflows';
import { useDemoCouncilEngine } from '../support/demo-council';
import { type OfficerBrowser, expectRedirect } from '../support/officer-browser';
import { textOf } from '../support/page-text';

const demo = useDemoCouncilEngine({
  // The duties changed here got schedules on the shared dev server.
  beforeClose: async ({ db, id, engine }) => {
    for (const duty of await db.reportDuty.findMany({ where: { councilId: id } })) {
      await engine.client.schedule
        .getHandle(reportDutyScheduleId(duty.id))
        .delete()
        .catch(() => undefined);
    }
  },
});

const WEEKDAY_DATE = /(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+ \d{4}/;

/** The message shown under a field, in words. */
const fieldError = (page: string, field: string) => {
  const start = page.indexOf(`id="f-${field}-error"`);
  return start === -1 ? null : textOf(page.slice(start, page.indexOf('</p>', start)));
};

/** Posts a form from `page` (its token read from there), with `fields` as a browser sends them (a list for ticked boxes). */
async function submitForm(browser: OfficerBrowser, page: string, action: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ _csrf: await browser.formToken(page) });
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return browser.post(action, body);
}

/** Posts a CSV upload (multipart, as the upload form sends it). */
async function postCsv(browser: OfficerBrowser, action: string, fields: Record<string, string>) {
  const body = new FormData();
  body.append('_csrf', await browser.formToken('/training/registers'));
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return browser.post(action, body);
}

const courseOf = (key: string) => demo.db.course.findUnique({ where: { councilId_key: { councilId: demo.id, key } } });
const dutyOf = (key: string) => demo.db.reportDuty.findUniqueOrThrow({ where: { councilId_key: { councilId: demo.id, key } } });
const scheduleMonths = async (dutyId: string) => {
  const described = await demo.engine.client.schedule.getHandle(reportDutyScheduleId(dutyId)).describe();
  return (described.spec.calendars?.[0]?.month as Array<{ start: string }>).map((range) => range.start);
};

/** A course as the new-course form sends it, every rule filled in. */
const newCourse = {
  title: 'Children’s rights briefing',
  key: 'childrens-rights',
  kind: 'OTHER',
  validityMonths: '24',
  renewalBasis: 'FIXED_MUNICIPAL_YEAR',
  renewalWindowDays: '45',
  reminderDays: '45, 14',
  inductionWeeks: '8',
  requiredForRoles: ['CABINET_MEMBER'],
  requiredForPanels: ['CORPORATE_PARENTING', 'FOSTERING'],
  requiredForPools: ['REG33_HOMES'],
  requiresOfficerVerification: 'yes',
  renewAfterElection: 'yes',
};

describe('courses: adding one', () => {
  test('a course is added with every rule the command line takes, and a key in use is refused at the key', async () => {
    const browser = await demo.officer();
    const added = await submitForm(browser, '/training/new-course', '/training/courses', newCourse);
    expectRedirect(added, '/training/courses?added=childrens-rights');
    expect(await courseOf('childrens-rights')).toMatchObject({
      title: 'Children’s rights briefing',
      kind: 'OTHER',
      validityMonths: 24,
      renewalBasis: 'FIXED_MUNICIPAL_YEAR',
      renewalWindowDays: 45,
      reminderDays: [45, 14],
      inductionWeeks: 8,
      requiredForRoles: ['CABINET_MEMBER'],
      requiredForPanels: ['CORPORATE_PARENTING', 'FOSTERING'],
      requiredForPools: ['REG33_HOMES'],
      requiresOfficerVerification: true,
      renewAfterElection: true,
      published: false,
    });
    const course = await courseOf('childrens-rights');
    expect(await demo.db.auditEvent.count({ where: { entityId: course!.id, action: 'course.registered' } })).toBe(1);
    expect(textOf(await (await browser.get('/training/courses?added=childrens-rights')).text())).toContain(
      'Children’s rights briefing is added',
    );

    const again = await submitForm(browser, '/training/new-course', '/training/courses', newCourse);
    expect(again.status).toBe(409);
    expect(fieldError(await again.text(), 'key')).toContain('A course with key "childrens-rights" already exists');
  });

  test('bad numbers are refused next to their fields, saying what to give, and nothing is added', async () => {
    const browser = await demo.officer();
    const refused = await submitForm(browser, '/training/new-course', '/training/courses', {
      ...newCourse,
      key: 'refused-course',
      validityMonths: 'two years',
      reminderDays: '45, 400',
    });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(fieldError(page, 'validityMonths')).toContain('must be a whole number of months, e.g. 12');
    expect(fieldError(page, 'reminderDays')).toContain('must be at most 365 days');
    // What was typed and ticked is kept.
    expect(page).toMatch(/value="FOSTERING"\s+id="[^"]+"\s+checked/);
    expect(await courseOf('refused-course')).toBeNull();
  });
});

describe('courses: changing one, and who may', () => {
  test('a course’s rules are changed from its page, which shows what is stored', async () => {
    const browser = await demo.officer();
    const form = await (await browser.get('/training/courses/safeguarding-seminar')).text();
    expect(form).toContain('Change Safeguarding');
    const stored = await courseOf('safeguarding-seminar');
    expect(form).toContain(`value="${stored!.reminderDays.join(', ')}"`);

    const changed = await submitForm(browser, '/training/courses/safeguarding-seminar', '/training/courses/safeguarding-seminar', {
      title: stored!.title,
      kind: stored!.kind,
      validityMonths: '',
      renewalBasis: 'COMPLETION_DATE',
      renewalWindowDays: '30',
      reminderDays: '30, 7',
      inductionWeeks: '',
      requiredForRoles: ['COUNCILLOR', 'CO_OPTEE'],
      published: 'yes',
    });
    expectRedirect(changed, '/training/courses?updated=safeguarding-seminar');
    expect(await courseOf('safeguarding-seminar')).toMatchObject({
      validityMonths: null,
      renewalWindowDays: 30,
      reminderDays: [30, 7],
      requiredForRoles: ['COUNCILLOR', 'CO_OPTEE'],
      requiredForPanels: [],
      published: true,
    });

    const refused = await submitForm(browser, '/training/courses/safeguarding-seminar', '/training/courses/safeguarding-seminar', {
      title: '',
      kind: stored!.kind,
      renewalBasis: 'COMPLETION_DATE',
    });
    expect(refused.status).toBe(400);
    expect(fieldError(await refused.text(), 'title')).toContain('give the course title people know');
  });

  test('read-only officers see no buttons and are refused; another council’s course is not found', async () => {
    const readOnly = await demo.readOnly();
    const list = await (await readOnly.get('/training/courses')).text();
    expect(list).not.toContain('href="/training/new-course"');
    expect(list).not.toContain('href="/training/courses/dbs-check"');
    expect((await readOnly.get('/training/new-course')).status).toBe(403);
    const before = await courseOf('dbs-check');
    const refused = await submitForm(readOnly, '/training/courses', '/training/courses/dbs-check', {
      title: 'Changed by read-only',
      kind: 'DBS_CHECK',
      renewalBasis: 'COMPLETION_DATE',
    });
    expect(refused.status).toBe(403);
    expect(await courseOf('dbs-check')).toEqual(before);

    const elsewhere = await demo.otherOfficer();
    expect((await elsewhere.get('/training/courses/dbs-check')).status).toBe(404);
    const foreign = await submitForm(elsewhere, '/training/courses', '/training/courses/dbs-check', {
      title: 'Changed from Otherton',
      kind: 'DBS_CHECK',
      renewalBasis: 'COMPLETION_DATE',
    });
    expect(foreign.status).toBe(404);
    expect(await courseOf('dbs-check')).toEqual(before);
  });
});

/** A generated duty as the new-duty form sends it. */
const newDuty = {
  title: 'Looked-after children: quarterly performance',
  key: 'lac-performance',
  panelKey: 'cyp-scrutiny',
  authoring: 'GENERATED',
  generator: 'compliance-overview',
  cadence: 'QUARTERLY',
  yearBasis: 'MUNICIPAL',
  dueWorkingDaysBeforeMeeting: '10',
  reminderDays: '10, 3',
  extraRecipients: 'performance@northmere.example',
};

describe('report duties', () => {
  test('a duty added from the page is scheduled on Temporal, changed in place, and its schedule removed when switched off', async () => {
    const browser = await demo.officer();
    const added = await submitForm(browser, '/reports/new-duty', '/reports/duties', newDuty);
    expectRedirect(added, '/reports/duties/lac-performance?done=added');
    const duty = await dutyOf('lac-performance');
    expect(duty).toMatchObject({ cadence: 'QUARTERLY', extraRecipients: ['performance@northmere.example'], active: true });
    expect(await scheduleMonths(duty.id)).toEqual(['FEBRUARY', 'MAY', 'AUGUST', 'NOVEMBER']);
    const page = textOf(await (await browser.get('/reports/duties/lac-performance?done=added')).text());
    expect(page).toContain('The duty is added and its reports are scheduled.');
    expect(page).toMatch(new RegExp(`Next report due ${WEEKDAY_DATE.source}`));
    expect(textOf(await (await browser.get('/reports')).text())).toMatch(
      new RegExp(`Looked-after children: quarterly performance .*${WEEKDAY_DATE.source}`),
    );

    const changed = await submitForm(browser, '/reports/duties/lac-performance', '/reports/duties/lac-performance', {
      ...newDuty,
      cadence: 'SIX_MONTHLY',
      reviewBeforeCirculation: 'yes',
    });
    expect(changed.status).toBe(303);
    expect(await scheduleMonths(duty.id)).toEqual(['MAY', 'NOVEMBER']);
    expect(await dutyOf('lac-performance')).toMatchObject({
      extraRecipients: ['performance@northmere.example'],
      reviewBeforeCirculation: true,
    });
    // The box left unticked sends nothing: the duty goes back to circulating at once.
    await submitForm(browser, '/reports/duties/lac-performance', '/reports/duties/lac-performance', { ...newDuty, cadence: 'SIX_MONTHLY' });
    expect((await dutyOf('lac-performance')).reviewBeforeCirculation).toBe(false);

    const off = await submitForm(browser, '/reports/duties/lac-performance', '/reports/duties/lac-performance/active', { active: 'no' });
    expect(off.headers.get('location')).toBe('/reports/duties/lac-performance?done=off');
    expect(await dutyOf('lac-performance')).toMatchObject({ active: false, cadence: 'SIX_MONTHLY', dueWorkingDaysBeforeMeeting: 10 });
    await expect(demo.engine.client.schedule.getHandle(reportDutyScheduleId(duty.id)).describe()).rejects.toThrow(ScheduleNotFoundError);
    expect(textOf(await (await browser.get('/reports/duties/lac-performance')).text())).toContain('Next report due None: switched off');

    await submitForm(browser, '/reports/duties/lac-performance', '/reports/duties/lac-performance/active', { active: 'yes' });
    expect(await scheduleMonths(duty.id)).toEqual(['MAY', 'NOVEMBER']);
    expect((await demo.db.auditEvent.findMany({ where: { entityId: duty.id } })).map((event) => event.action).sort()).toEqual([
      'report-duty.registered',
      'report-duty.updated',
      'report-duty.updated',
      'report-duty.updated',
      'report-duty.updated',
    ]);
  });

  test('a generated duty without its report is refused at that field, and a bad address at the addresses', async () => {
    const browser = await demo.officer();
    const noGenerator = await submitForm(browser, '/reports/new-duty', '/reports/duties', {
      ...newDuty,
      key: 'refused-duty',
      generator: '',
    });
    expect(noGenerator.status).toBe(400);
    expect(fieldError(await noGenerator.text(), 'generator')).toContain('is needed for a generated report');
    const badAddress = await submitForm(browser, '/reports/new-duty', '/reports/duties', {
      ...newDuty,
      key: 'refused-duty',
      extraRecipients: 'performance@northmere.example\nnot-an-address',
    });
    expect(badAddress.status).toBe(400);
    const page = await badAddress.text();
    expect(fieldError(page, 'extraRecipients')).toContain('each must be an email address');
    // What was typed is kept, for correcting.
    expect(page).toContain('performance@northmere.example\nnot-an-address</textarea>');
    expect(await demo.db.reportDuty.count({ where: { key: 'refused-duty' } })).toBe(0);

    // A change must add up as a new duty must: a report its owner writes needs the owner's address.
    const noOwner = await submitForm(browser, '/reports/duties/reg33-quarterly', '/reports/duties/reg33-quarterly', {
      ...newDuty,
      authoring: 'AUTHORED',
      generator: '',
    });
    expect(noOwner.status).toBe(400);
    expect(fieldError(await noOwner.text(), 'ownerEmail')).toContain('is needed for an authored report');
    expect((await dutyOf('reg33-quarterly')).authoring).toBe('GENERATED');
  });

  test('read-only officers see no buttons and are refused; another council’s duty is not found', async () => {
    const readOnly = await demo.readOnly();
    const reports = await (await readOnly.get('/reports')).text();
    expect(reports).not.toContain('href="/reports/new-duty"');
    expect(reports).not.toContain('href="/reports/duties/');
    expect((await readOnly.get('/reports/new-duty')).status).toBe(403);
    const refused = await submitForm(readOnly, '/reports', '/reports/duties/reg33-quarterly/active', { active: 'no' });
    expect(refused.status).toBe(403);
    expect((await dutyOf('reg33-quarterly')).active).toBe(true);

    const elsewhere = await demo.otherOfficer();
    expect((await elsewhere.get('/reports/duties/reg33-quarterly')).status).toBe(404);
    expect((await submitForm(elsewhere, '/reports', '/reports/duties/reg33-quarterly/active', { active: 'no' })).status).toBe(404);
    expect((await dutyOf('reg33-quarterly')).active).toBe(true);
  });
});

describe('session registers', () => {
  const session = { courseKey: 'safeguarding-seminar', completedOn: '2026-11-18' };
  const recordsOnTheDay = () => demo.db.trainingRecord.count({ where: { councilId: demo.id, completedOn: toDbDate(session.completedOn) } });

  test('a register is previewed, then every row is recorded', async () => {
    const browser = await demo.officer();
    expect(await (await browser.get('/training')).text()).toContain('href="/training/registers"');
    const csv = 'member_reference,email,evidence\nNM001,,SS-2026-11\nNM002,,SS-2026-11\n';
    const preview = await postCsv(browser, '/training/registers', { ...session, csv });
    expect(preview.status).toBe(200);
    const page = textOf(await preview.text());
    expect(page).toContain('Nothing has changed yet');
    expect(page).toMatch(/Attendees to record \(2\)/);
    expect(page).toContain('Record 2 completions on Wednesday 18 November 2026');
    expect(await recordsOnTheDay()).toBe(0);

    const applied = await postCsv(browser, '/training/registers/confirm', { ...session, csv });
    expectRedirect(applied, '/training/registers?recorded=2&course=safeguarding-seminar');
    expect(await recordsOnTheDay()).toBe(2);
    expect(textOf(await (await browser.get(applied.headers.get('location')!)).text())).toContain('Recorded 2 completions of');
  });

  test('a register with one bad row records nobody, and says which row and column', async () => {
    const browser = await demo.officer();
    const before = await recordsOnTheDay();
    const csv = 'member_reference,email,evidence\nNM003,,\nZZ999,,\n';
    for (const action of ['/training/registers', '/training/registers/confirm']) {
      const refused = await postCsv(browser, action, { ...session, csv });
      expect(refused.status).toBe(400);
      expect(textOf(await refused.text())).toContain('row 3, member_reference');
    }
    expect(await recordsOnTheDay()).toBe(before);

    const noDay = await postCsv(browser, '/training/registers', { ...session, completedOn: '', csv });
    expect(noDay.status).toBe(400);
    expect(fieldError(await noDay.text(), 'completedOn')).not.toBeNull();
  });

  test('read-only officers see no upload and are refused', async () => {
    const readOnly = await demo.readOnly();
    expect(await (await readOnly.get('/training')).text()).not.toContain('href="/training/registers"');
    expect((await readOnly.get('/training/registers')).status).toBe(403);
    const body = new FormData();
    body.append('_csrf', await readOnly.formToken('/training'));
    for (const [name, value] of Object.entries({ ...session, csv: 'member_reference,email,evidence\nNM004,,\n' })) body.append(name, value);
    expect((await readOnly.post('/training/registers/confirm', body)).status).toBe(403);
  });
});

describe('the pledge’s renewal of commitment', () => {
  test('the day Council renewed its commitment is recorded from the pledge page, and a bad date is refused at the field', async () => {
    const browser = await demo.officer();
    const refused = await submitForm(browser, '/pledge', '/pledge/commitment', { on: '20/05/2026' });
    expect(refused.status).toBe(400);
    expect(fieldError(await refused.text(), 'on')).not.toBeNull();

    const recorded = await submitForm(browser, '/pledge', '/pledge/commitment', { on: '2026-05-20' });
    expectRedirect(recorded, '/pledge?renewed=1');
    const page = textOf(await (await browser.get('/pledge?renewed=1')).text());
    expect(page).toContain('Council’s renewal of its commitment is recorded.');
    expect(page).toContain('Council renewed its commitment Wednesday 20 May 2026');
    const pledge = await demo.db.pledge.findFirstOrThrow({
      where: { councilId: demo.id, commitmentRenewedOn: toDbDate('2026-05-20') },
    });
    expect(await demo.db.auditEvent.count({ where: { entityId: pledge.id, action: 'pledge.commitment-renewed' } })).toBe(1);
  });

  test('read-only officers see no form and are refused', async () => {
    const readOnly = await demo.readOnly();
    expect(await (await readOnly.get('/pledge')).text()).not.toContain('action="/pledge/commitment"');
    expect((await submitForm(readOnly, '/pledge', '/pledge/commitment', { on: '2026-05-21' })).status).toBe(403);
  });
});
