import { parse } from 'csv-parse/sync';
import { escape, unescape } from 'html-escaper';

import { type IsoDate } from '../../domain/calendar';
import { type TrainingPosition } from '../../domain/training/position';
import { cellOf, courseTotals, type AttendanceList, type TrainingMatrix, type TrainingRow } from '../../domain/training/reports';
import {
  attendanceListCsv,
  attendanceListHtml,
  trainingReportCsv,
  trainingReportHtml,
  trainingReportPdf,
} from '../../render/reports/training';
import { expectTaggedInEmbeddedArimo, pdfInfo, pdfStructure, readPdf, type ReadPdf } from '../support/pdf';
import { csvRecords, expectStandsAlone } from '../support/report-email';

const induction = { key: 'corporate-parenting', title: 'Corporate parenting induction' };
const safeguarding = { key: 'safeguarding', title: 'Safeguarding children & young people' };
const visiting = { key: 'reg33', title: 'Regulation 33 visiting' };
const courses = [induction, safeguarding, visiting];

const PATEL = 'Cllr Dev Patel <Ind & Green>';

/** A position as trainingPosition gives it: required, nothing overdue or waiting, unless said otherwise. */
function position(state: TrainingPosition['state'], details: Partial<TrainingPosition> = {}): TrainingPosition {
  return {
    required: true,
    state,
    lastCompletedOn: null,
    validUntil: null,
    dueBy: details.validUntil ?? null,
    windowOpensOn: null,
    overdue: false,
    awaitingVerification: false,
    ...details,
  };
}

const valid = (lastCompletedOn: IsoDate, validUntil: IsoDate | null, details: Partial<TrainingPosition> = {}) =>
  position('VALID', { lastCompletedOn, validUntil, ...details });

const notRequired = position('VALID', { required: false, lastCompletedOn: '2022-01-10' });

/** A member's row; compliant as the domain defines it: every required course valid or due soon. */
function member(memberName: string, reference: string, ward: string | null, positions: Array<[TrainingPosition, IsoDate[]]>): TrainingRow {
  const cells = positions.map(([held, completedInPeriod], index) => cellOf(courses[index]!.key, held, completedInPeriod));
  const compliant = cells.every((cell) => ['VALID', 'DUE_SOON', 'NOT_REQUIRED'].includes(cell.state));
  return { memberName, reference, ward, cells, compliant };
}

const rows: TrainingRow[] = [
  member('Cllr Ada Okafor', 'M-0001', 'Northgate', [
    [valid('2026-09-15', '2029-09-14'), ['2026-09-15']],
    [position('DUE_SOON', { lastCompletedOn: '2024-06-10', validUntil: '2027-06-09' }), []],
    [valid('2025-03-01', null), []],
  ]),
  member(PATEL, 'M-0002', 'Riverside & Docks', [
    [valid('2026-06-01', '2029-05-31'), ['2026-06-01']],
    [position('LAPSED', { lastCompletedOn: '2023-11-20', validUntil: '2026-11-19', overdue: true }), []],
    [valid('2024-02-01', null, { awaitingVerification: true }), []],
  ]),
  member('Cllr Carys Price', 'M-0003', 'Eastfield', [
    [position('NEVER_DONE', { dueBy: '2026-07-31', overdue: true, awaitingVerification: true }), []],
    [valid('2027-02-17', '2028-02-16'), ['2026-05-20', '2027-02-17']],
    [notRequired, []],
  ]),
  member('Cllr Dafydd Jones', 'M-0004', null, [
    [position('NEVER_DONE', { dueBy: '2027-06-30' }), []],
    [position('NEVER_DONE', { dueBy: '2027-06-30' }), []],
    [notRequired, []],
  ]),
  member('Cllr Eve Murphy', 'M-0005', 'Westbrook', [
    [valid('2025-05-12', '2028-05-11'), []],
    [valid('2026-10-05', '2029-10-04'), ['2026-10-05']],
    [notRequired, []],
  ]),
];

function annualReport(members = rows): TrainingMatrix {
  return {
    title: 'Corporate parenting training 2026/27',
    councilName: 'Northmere Borough Council',
    on: '2027-04-30',
    period: { label: '2026/27', start: '2026-05-01', end: '2027-04-30' },
    courses,
    rows: members,
    byCourse: courseTotals(courses, members),
  };
}

const report = annualReport();

/** Sixty members, all compliant, so the member table cannot fit on one page. */
const crowd = Array.from({ length: 60 }, (_, index) =>
  member(`Member ${String(index + 1).padStart(2, '0')}`, `M-1${index}`, 'Northgate', [
    [valid('2026-09-15', '2029-09-14'), ['2026-09-15']],
    [valid('2026-10-05', '2029-10-04'), []],
    [valid('2025-03-01', null), []],
  ]),
);

/** Text as a reader sees it: tags gone, entities decoded, line breaks in a cell as " / ", spaces (also non-breaking) collapsed. */
const visibleText = (markup: string): string =>
  unescape(markup.replace(/<br \/>/g, ' / ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/** The cells, as text, of the row under `heading` whose cells contain `name` (as written in the HTML). */
function htmlRow(document: string, heading: string, name: string): string[] {
  const section = document.slice(document.indexOf(`>${heading}</h2>`) + heading.length);
  const table = section.slice(0, section.indexOf('</table>'));
  const row = [...table.matchAll(/<tr[\s>][\s\S]*?<\/tr>/g)].map(([markup]) => markup).find((markup) => markup.includes(name));
  if (!row) throw new Error(`No row ${name} under ${heading}`);
  return [...row.matchAll(/<t([hd])\b[^>]*>([\s\S]*?)<\/t\1>/g)].map((cell) => visibleText(cell[2]!));
}

describe('training report email', () => {
  const document = trainingReportHtml(report);
  const memberRow = (name: string) => htmlRow(document, 'Members', name);

  test('the heading names the report, the council, the period and the day positions are given for, with weekdays', () => {
    expect(document).toContain('<html lang="en-GB">');
    expect(document).toContain('<h1 style="margin:0 0 8px;font-size:26px;line-height:1.25">Corporate parenting training 2026/27</h1>');
    expect(document).toContain('Northmere Borough Council');
    expect(document).toContain('2026/27: Friday 1 May 2026 to Friday 30 April 2027');
    expect(document).toContain('Positions on Friday 30 April 2027');
  });

  test('says how many members have every required course up to date', () => {
    expect(document).toContain('2 of 5 members have every required course up to date');
  });

  test('a member name or course title containing < and & is shown as text, never as markup', () => {
    expect(document).toContain('Cllr Dev Patel &lt;Ind &amp; Green&gt;');
    expect(document).toContain('Safeguarding children &amp; young people');
    expect(document).not.toContain('<Ind');
  });

  test('the summary gives each course’s required, valid, due soon, lapsed and never done counts and its completions in the period', () => {
    expect(htmlRow(document, 'Summary by course', 'Course')).toEqual([
      'Course',
      'Required',
      'Valid',
      'Due soon',
      'Lapsed',
      'Never done',
      'Completed in period',
    ]);
    expect(htmlRow(document, 'Summary by course', 'Corporate parenting induction')).toEqual([
      'Corporate parenting induction',
      '5',
      '3',
      '0',
      '0',
      '2',
      '2',
    ]);
    expect(htmlRow(document, 'Summary by course', 'Safeguarding children &amp; young people')).toEqual([
      'Safeguarding children & young people',
      '5',
      '2',
      '1',
      '1',
      '1',
      '3',
    ]);
    expect(htmlRow(document, 'Summary by course', 'Regulation 33 visiting')).toEqual([
      'Regulation 33 visiting',
      '2',
      '2',
      '0',
      '0',
      '0',
      '0',
    ]);
  });

  test('every member has one row with a column per course, headed by the course titles', () => {
    expect(htmlRow(document, 'Members', 'Member')).toEqual([
      'Member',
      'Corporate parenting induction',
      'Safeguarding children & young people',
      'Regulation 33 visiting',
    ]);
    for (const row of rows) expect(memberRow(escape(row.memberName))).toHaveLength(4);
    expect(document.match(/<th scope="row"/g)).toHaveLength(courses.length + rows.length);
    expect(document.match(/<caption/g)).toHaveLength(2);
  });
});

describe('training report email: each cell, and the email as a whole', () => {
  const document = trainingReportHtml(report);
  const memberRow = (name: string) => htmlRow(document, 'Members', name);

  test('each course cell gives the state, the date it is valid until and the dates completed in the period', () => {
    expect(memberRow('Cllr Ada Okafor')).toEqual([
      'Cllr Ada Okafor / Northgate',
      'Valid / Valid until Fri 14 Sept 2029 / Completed Tue 15 Sept 2026',
      'Due soon / Valid until Wed 9 Jun 2027',
      'Valid / Does not expire',
    ]);
    expect(memberRow('Cllr Carys Price')[2]).toBe(
      'Valid / Valid until Wed 16 Feb 2028 / Completed Wed 20 May 2026 / Completed Wed 17 Feb 2027',
    );
  });

  test('a lapsed or missing course says when it was due, and whether it is overdue or awaiting verification', () => {
    expect(memberRow('Cllr Dev Patel &lt;Ind')).toEqual([
      'Cllr Dev Patel <Ind & Green> / Riverside & Docks / Not compliant',
      'Valid / Valid until Thu 31 May 2029 / Completed Mon 1 Jun 2026',
      'Lapsed (overdue) / Due by Thu 19 Nov 2026',
      'Valid (awaiting verification) / Does not expire',
    ]);
    expect(memberRow('Cllr Carys Price')[1]).toBe('Never done (overdue) (awaiting verification) / Due by Fri 31 Jul 2026');
    expect(memberRow('Cllr Dafydd Jones')).toEqual([
      'Cllr Dafydd Jones / Not compliant',
      'Never done / Due by Wed 30 Jun 2027',
      'Never done / Due by Wed 30 Jun 2027',
      'Not required',
    ]);
  });

  test('members without every required course up to date are marked "Not compliant" in words; the others are not', () => {
    for (const name of ['Cllr Dev Patel &lt;Ind', 'Cllr Carys Price', 'Cllr Dafydd Jones'])
      expect(memberRow(name)[0]).toMatch(/Not compliant$/);
    for (const name of ['Cllr Ada Okafor', 'Cllr Eve Murphy']) expect(memberRow(name)[0]).not.toContain('Not compliant');
  });

  test('a date in a cell stays on one line', () => {
    expect(document).toContain('Due by Thu\u00a019\u00a0Nov\u00a02026');
  });

  test('the email stands alone in an inbox: no stylesheet, script, image or link to fetch', () => {
    expectStandsAlone(document);
  });
});

describe('training report CSV', () => {
  const csv = trainingReportCsv(report);
  const records = csvRecords(csv);

  test('starts with a byte-order mark and the agreed header, then a row for each member and course', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\n')[0]).toBe(
      'member,reference,ward,course,state,last_completed_on,valid_until,due_by,overdue,awaiting_verification,completed_in_period',
    );
    expect(records).toHaveLength(rows.length * courses.length);
  });

  test('gives ISO dates, yes or no for overdue and awaiting verification, and an empty ward where there is none', () => {
    expect(records.filter((record) => record.reference === 'M-0002')).toEqual([
      {
        member: PATEL,
        reference: 'M-0002',
        ward: 'Riverside & Docks',
        course: 'Corporate parenting induction',
        state: 'Valid',
        last_completed_on: '2026-06-01',
        valid_until: '2029-05-31',
        due_by: '2029-05-31',
        overdue: 'no',
        awaiting_verification: 'no',
        completed_in_period: '2026-06-01',
      },
      {
        member: PATEL,
        reference: 'M-0002',
        ward: 'Riverside & Docks',
        course: 'Safeguarding children & young people',
        state: 'Lapsed',
        last_completed_on: '2023-11-20',
        valid_until: '2026-11-19',
        due_by: '2026-11-19',
        overdue: 'yes',
        awaiting_verification: 'no',
        completed_in_period: '',
      },
      {
        member: PATEL,
        reference: 'M-0002',
        ward: 'Riverside & Docks',
        course: 'Regulation 33 visiting',
        state: 'Valid',
        last_completed_on: '2024-02-01',
        valid_until: '',
        due_by: '',
        overdue: 'no',
        awaiting_verification: 'yes',
        completed_in_period: '',
      },
    ]);
    expect(records.find((record) => record.reference === 'M-0004' && record.course === 'Regulation 33 visiting')).toMatchObject({
      ward: '',
      state: 'Not required',
    });
  });

  test('lists several completions in the period separated by semicolons, oldest first', () => {
    const record = records.find((candidate) => candidate.reference === 'M-0003' && candidate.course === safeguarding.title);
    expect(record?.completed_in_period).toBe('2026-05-20;2027-02-17');
  });
});

describe('training report PDF', () => {
  /** The year's PDF, and one with a long member list, each rendered and read once. */
  let year: ReadPdf;
  let long: ReadPdf;
  beforeAll(async () => {
    year = await readPdf(trainingReportPdf(report));
    long = await readPdf(trainingReportPdf(annualReport(crowd)));
  });

  test('is an A4 landscape PDF titled after the report, tagged, in the embedded Arimo fonts', () => {
    const info = pdfInfo(year.pdf);
    expect(info).toMatch(/^Title:\s+Corporate parenting training 2026\/27$/m);
    expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);
    expectTaggedInEmbeddedArimo(year.pdf);
  });

  test('prints Welsh and Polish names as they are spelt: Llŷr-Prŷs, Ŵyn, Łucja', async () => {
    const names = ['Cllr Llŷr-Prŷs Jones', 'Cllr Ŵyn Evans', 'Cllr Łucja Nowak'];
    const renamed = rows.slice(0, names.length).map((row, index) => ({ ...row, memberName: names[index] ?? row.memberName }));
    const { pdf, text } = await readPdf(trainingReportPdf(annualReport(renamed)));
    for (const name of names) expect(text).toContain(name);
    expectTaggedInEmbeddedArimo(pdf);
  });

  test('reads to a screen reader as the title, headings and tables with captions, column and row headers', () => {
    const structure = pdfStructure(year.pdf).replace(/\s+/g, ' ');
    expect(structure).toMatch(/^Document H1 \(block\) "Corporate parenting training 2026\/27" P \(block\) "Northmere Borough Council"/);
    expect(structure).toContain('H2 (block) "Members"');
    expect(structure).toContain('Table (block) Caption "Each member’s position on each course on Friday 30 April 2027');
    expect(structure).toContain('TR TH: /Scope /Column P (block) "Member" TH: /Scope /Column P (block) "Corporate parenting induction"');
    expect(structure).toContain('TR TH: /Scope /Row P (block) "Cllr Ada Okafor" P (block) "Northgate" TD P (block) "Valid"');
    // Page numbers and the header row repeated on a new page are pagination, which a reader skips.
    expect(structure).not.toContain('Page 1 of');
  });

  test('shows the title, council, weekday dates, the compliance line, every member and course, and page numbers', () => {
    const { text } = year;
    expect(text).toContain('Corporate parenting training 2026/27');
    expect(text).toContain('Northmere Borough Council');
    expect(text).toContain('2026/27: Friday 1 May 2026 to Friday 30 April 2027');
    expect(text).toContain('Positions on Friday 30 April 2027');
    expect(text).toContain('2 of 5 members have every required course up to date');
    for (const row of rows) expect(text).toContain(row.memberName);
    for (const course of courses) expect(text).toContain(course.title);
    expect(text).toMatch(/Page 1 of 1/);
  });

  test('gives each course’s counts and each member’s states, dates and non-compliance as in the email', () => {
    const { text } = year;
    expect(text).toContain('Corporate parenting induction 5 3 0 0 2 2');
    expect(text).toContain('Lapsed (overdue)');
    expect(text).toContain('Due by Thu 19 Nov 2026');
    expect(text).toContain('Never done (overdue) (awaiting verification)');
    expect(text).toContain('Valid (awaiting verification)');
    expect(text).toContain('Completed Wed 20 May 2026');
    expect(text.match(/Not compliant/g)).toHaveLength(3);
  });

  test('a long member list runs onto more pages without losing a row, repeating the header row and numbering every page', () => {
    const { pages, text } = long;
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    for (const row of crowd) expect(text.match(new RegExp(`${row.memberName} `, 'g'))).toHaveLength(1);
    const headed = pages.filter((page) => /Member\s+Corporate parenting induction\s+Safeguarding children & young people/.test(page));
    expect(headed).toHaveLength(pages.length);
  });

  test('a reader meets the header row of a long table once: its repeats on later pages are pagination', () => {
    const structure = pdfStructure(long.pdf);
    expect(structure.match(/"Member"/g)).toHaveLength(1);
    for (const row of crowd) expect(structure.match(new RegExp(`"${row.memberName}"`, 'g'))).toHaveLength(1);
  });
});

const attendance: AttendanceList = {
  title: 'Councillors’ attendance at corporate parenting training',
  councilName: 'Northmere Borough Council',
  period: { label: '2026/27', start: '2026-05-01', end: '2027-04-30' },
  entries: [
    { memberName: 'Cllr Eve Murphy', courseTitle: induction.title, attendedOn: '2026-10-05' },
    { memberName: 'Cllr Carys Price', courseTitle: safeguarding.title, attendedOn: '2026-11-10' },
    { memberName: PATEL, courseTitle: induction.title, attendedOn: '2026-06-18' },
    { memberName: 'Cllr Ada Okafor', courseTitle: safeguarding.title, attendedOn: '2027-01-12' },
    { memberName: 'Cllr Ada Okafor', courseTitle: induction.title, attendedOn: '2026-06-18' },
  ],
};

describe('published attendance list', () => {
  const page = attendanceListHtml(attendance);
  const body = page.slice(page.indexOf('<body>'));

  test('is a standalone page in British English that scales to a phone screen', () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<html lang="en-GB">');
    expect(page).toContain('<meta name="viewport" content="width=device-width,initial-scale=1" />');
    expect(page).toContain('<title>Councillors’ attendance at corporate parenting training, 2026/27: Northmere Borough Council</title>');
    expect(page).not.toMatch(/<script|<img|<link|src=|href=|https?:/i);
  });

  test('gives each course a heading and a captioned table of dates, with weekdays, and the members who attended', () => {
    expect(visibleText(body)).toContain(
      'Corporate parenting induction Members who attended Corporate parenting induction, by date Date Members ' +
        'Thursday 18 June 2026 Cllr Ada Okafor Cllr Dev Patel <Ind & Green> Monday 5 October 2026 Cllr Eve Murphy ' +
        'Safeguarding children & young people Members who attended Safeguarding children & young people, by date Date Members ' +
        'Tuesday 10 November 2026 Cllr Carys Price Tuesday 12 January 2027 Cllr Ada Okafor',
    );
    expect(body.match(/<h2>/g)).toHaveLength(2);
    expect(body.match(/<caption>/g)).toHaveLength(2);
    expect(body.match(/<th scope="row">/g)).toHaveLength(4);
  });

  test('escapes a member name containing < and &', () => {
    expect(body).toContain('<li>Cllr Dev Patel &lt;Ind &amp; Green&gt;</li>');
    expect(body).not.toContain('<Ind');
  });

  test('publishes only the names, course titles and dates it was given, and the page’s own wording', () => {
    const given = [
      attendance.title,
      attendance.councilName,
      '2026/27: Friday 1 May 2026 to Friday 30 April 2027',
      ...attendance.entries.map((entry) => entry.memberName),
      induction.title,
      safeguarding.title,
      'Thursday 18 June 2026',
      'Monday 5 October 2026',
      'Tuesday 10 November 2026',
      'Tuesday 12 January 2027',
      'Members who attended',
      ', by date',
      'Members',
      'Date',
    ];
    const rest = given.reduce((text, known) => text.split(known).join(' '), visibleText(body));
    expect(rest.trim()).toBe('');
    expect(page).not.toMatch(/[\w.+-]+@[\w-]+\.\w|M-000/);
  });

  test('says so when nobody attended a published course in the period', () => {
    expect(visibleText(attendanceListHtml({ ...attendance, entries: [] }))).toContain(
      'No attendance at published courses was recorded in this period.',
    );
  });

  test('the CSV lists each attendance by course, then date, then name, with ISO dates', () => {
    const csv = attendanceListCsv(attendance);
    expect(csv.slice(1).split('\n')[0]).toBe('member,course,attended_on');
    expect(parse(csv, { columns: true, bom: true })).toEqual([
      { member: 'Cllr Ada Okafor', course: induction.title, attended_on: '2026-06-18' },
      { member: PATEL, course: induction.title, attended_on: '2026-06-18' },
      { member: 'Cllr Eve Murphy', course: induction.title, attended_on: '2026-10-05' },
      { member: 'Cllr Carys Price', course: safeguarding.title, attended_on: '2026-11-10' },
      { member: 'Cllr Ada Okafor', course: safeguarding.title, attended_on: '2027-01-12' },
    ]);
  });
});
