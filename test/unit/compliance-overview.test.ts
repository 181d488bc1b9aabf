import { parse } from 'csv-parse/sync';
import { unescape } from 'html-escaper';

import {
  summariseCompliance,
  type ComplianceOverview,
  type ComplianceOverviewInput,
  type EstablishmentVisitsInput,
} from '../../domain/reports/compliance-overview';
import { complianceOverviewCsv, complianceOverviewHtml, complianceOverviewPdf } from '../../render/reports/compliance-overview';
import { pdfInfo, readPdf, type ReadPdf } from '../support/pdf';
import { csvRecords, expectStandsAlone } from '../support/report-email';
import { noFollowUp } from '../support/follow-up';

const BEECH = 'Beech & Elm <Annexe>';

/** An establishment's visits: this period's due and completed, then the previous period's. */
function home(establishmentName: string, [due, completed]: [number, number], [previousDue, previousCompleted]: [number, number]) {
  return { duty: 'REG33_HOMES' as const, establishmentName, due, completed, missed: 0, unallocated: 0, previousDue, previousCompleted };
}

function office(establishmentName: string, [due, completed]: [number, number], [previousDue, previousCompleted]: [number, number]) {
  return { ...home(establishmentName, [due, completed], [previousDue, previousCompleted]), duty: 'REC41_OFFICES' as const };
}

// Homes: 34 of 36 (94%) against 30 of 34 (88%). Offices: 3 of 4 (75%) against 4 of 4 (100%).
const visits: EstablishmentVisitsInput[] = [
  { ...home('Willow Court', [12, 11], [10, 8]), unallocated: 1 },
  { ...home(BEECH, [12, 11], [12, 10]), missed: 1 },
  home('Oakfield House', [12, 12], [12, 12]),
  { ...office('Northgate Children’s Services', [2, 1], [2, 2]), missed: 1 },
  office('Riverside Office', [2, 2], [2, 2]),
];

const courses: ComplianceOverviewInput['training']['courses'] = [
  { title: 'Corporate parenting induction', required: 24, valid: 20, dueSoon: 0, lapsed: 0, neverDone: 4, completedInPeriod: 6 },
  { title: 'Safeguarding seminar', required: 24, valid: 18, dueSoon: 3, lapsed: 3, neverDone: 0, completedInPeriod: 5 },
  { title: 'DBS check', required: 10, valid: 8, dueSoon: 1, lapsed: 1, neverDone: 0, completedInPeriod: 2 },
  { title: 'Performance data', required: 0, valid: 0, dueSoon: 0, lapsed: 0, neverDone: 0, completedInPeriod: 1 },
];

const PERIOD = { label: 'First half of 2026/27', start: '2026-05-01', end: '2026-10-31' };

const input: ComplianceOverviewInput = {
  title: 'Corporate parenting compliance overview',
  councilName: 'Northmere Borough Council',
  period: PERIOD,
  previousPeriodLabel: 'Second half of 2025/26',
  visits,
  openIssues: { LOW: 0, MEDIUM: 2, HIGH: 1 },
  training: { courses, membersCompliant: 18, members: 24 },
  pledge: { yearLabel: '2026/27', signed: 40, serving: 51, commitmentRenewedOn: '2026-05-21' },
  followUp: {
    byDuty: { REG33_HOMES: noFollowUp(PERIOD), REC41_OFFICES: noFollowUp(PERIOD) },
    overall: noFollowUp(PERIOD),
  },
};

const overview = summariseCompliance(input);
const withoutOffices = summariseCompliance({ ...input, visits: visits.filter((line) => line.duty === 'REG33_HOMES') });
const withoutPledge = summariseCompliance({ ...input, pledge: null });

const headlineOf = (changes: Partial<ComplianceOverviewInput>): string[] => summariseCompliance({ ...input, ...changes }).headline;
const dutyOf = (report: ComplianceOverview, duty: string) => report.duties.find((line) => line.duty === duty)!;
const homesOnly = (...lines: EstablishmentVisitsInput[]) => headlineOf({ visits: lines })[0];

describe('compliance overview figures', () => {
  test('Regulation 33 totals add up every children’s home, this period and the last', () => {
    const homes = dutyOf(overview, 'REG33_HOMES');
    expect(homes.totals).toEqual({ due: 36, completed: 34, missed: 1, unallocated: 1, completionRate: 34 / 36 });
    expect(homes.previousTotals).toEqual({ due: 34, completed: 30, completionRate: 30 / 34 });
    expect(homes.changeInPoints).toBe(6);
  });

  test('each establishment keeps its own rate and the previous period’s, listed by name', () => {
    const homes = dutyOf(overview, 'REG33_HOMES').establishments;
    expect(homes.map((line) => line.name)).toEqual([BEECH, 'Oakfield House', 'Willow Court']);
    expect(homes[2]).toMatchObject({ due: 12, completed: 11, unallocated: 1, completionRate: 11 / 12, previousCompletionRate: 0.8 });
  });

  test('a drop in the offices’ completion rate is a negative change in percentage points', () => {
    const offices = dutyOf(overview, 'REC41_OFFICES');
    expect(offices.totals).toMatchObject({ due: 4, completed: 3, missed: 1, completionRate: 0.75 });
    expect(offices.changeInPoints).toBe(-25);
  });

  test('a council with no social work offices has no rate for them, never 0%', () => {
    const offices = dutyOf(withoutOffices, 'REC41_OFFICES');
    expect(offices.establishments).toEqual([]);
    expect(offices.totals).toEqual({ due: 0, completed: 0, missed: 0, unallocated: 0, completionRate: null });
    expect(offices.changeInPoints).toBeNull();
    expect(withoutOffices.chart.bars.map((bar) => bar.label)).not.toContain('Recommendation 41 visits completed');
  });

  test('open issues are totalled across severities', () => {
    expect(overview.openIssues).toEqual({ bySeverity: { LOW: 0, MEDIUM: 2, HIGH: 1 }, total: 3 });
  });

  test('members up to date on a course are those valid or due soon, and a course nobody needs has no rate', () => {
    const [induction, safeguarding, , performance] = overview.training.courses;
    expect(induction).toMatchObject({ upToDate: 20, upToDateRate: 20 / 24 });
    expect(safeguarding).toMatchObject({ upToDate: 21, upToDateRate: 21 / 24 });
    expect(performance).toMatchObject({ upToDate: 0, upToDateRate: null });
    expect(overview.training.totals).toMatchObject({ required: 58, valid: 46, dueSoon: 4, lapsed: 4, neverDone: 4, completedInPeriod: 14 });
    expect(overview.training.complianceRate).toBe(0.75);
  });

  test('the chart shows each duty’s completion rate against the previous period and each required course’s members up to date', () => {
    expect(overview.chart.bars).toEqual([
      { label: 'Regulation 33 visits completed', value: 94, previous: 88 },
      { label: 'Recommendation 41 visits completed', value: 75, previous: 100 },
      { label: 'Corporate parenting induction: members up to date', value: 83, previous: null },
      { label: 'Safeguarding seminar: members up to date', value: 88, previous: null },
      { label: 'DBS check: members up to date', value: 90, previous: null },
    ]);
  });

  test('the pledge’s signed rate is of serving members, and no pledge yet is no pledge section', () => {
    expect(overview.pledge).toMatchObject({ signed: 40, serving: 51, signedRate: 40 / 51 });
    expect(withoutPledge.pledge).toBeNull();
  });
});

describe('compliance overview headline', () => {
  test('opens with each duty’s visits completed and the change on the previous period, numbers as digits', () => {
    expect(overview.headline.slice(0, 2)).toEqual([
      'Regulation 33 visits in First half of 2026/27: 34 of 36 due were completed (94%), up 6 percentage points from 88% in Second half of 2025/26.',
      'Recommendation 41 visits in First half of 2026/27: 3 of 4 due were completed (75%), down 25 percentage points from 100% in Second half of 2025/26.',
    ]);
  });

  test('an unchanged rate is "the same as" the previous period, and a change of one is one percentage point', () => {
    expect(homesOnly(home('Oakfield House', [10, 9], [20, 18]))).toContain(
      '9 of 10 due were completed (90%), the same as in Second half of 2025/26.',
    );
    expect(homesOnly(home('Oakfield House', [100, 91], [10, 9]))).toContain('(91%), up 1 percentage point from 90%');
  });

  test('a duty with nothing due says no visits were due rather than 0%', () => {
    expect(withoutOffices.headline[1]).toBe('Recommendation 41 visits in First half of 2026/27: no visits were due.');
    expect(homesOnly(home('Oakfield House', [4, 1], [0, 0]))).toBe(
      'Regulation 33 visits in First half of 2026/27: 1 of 4 due was completed (25%), no visits were due in Second half of 2025/26.',
    );
  });

  test('a rate never rounds to 100% while a visit is outstanding, nor to 0% when one was done', () => {
    expect(homesOnly(home('Oakfield House', [200, 199], [300, 1]))).toContain(
      '199 of 200 due were completed (99%), up 98 percentage points from 1%',
    );
  });

  test('says how many issues were still open at the period’s end, most serious first', () => {
    expect(overview.headline[2]).toBe(
      '3 issues found at visits were still open on Saturday 31 October 2026: 1 high and 2 medium severity.',
    );
    expect(headlineOf({ openIssues: { LOW: 1, MEDIUM: 0, HIGH: 0 } })[2]).toBe(
      '1 issue found at visits was still open on Saturday 31 October 2026: 1 low severity.',
    );
    expect(headlineOf({ openIssues: { LOW: 0, MEDIUM: 0, HIGH: 0 } })[2]).toBe(
      'No issues found at visits were open on Saturday 31 October 2026.',
    );
  });

  test('says how many members had every required course up to date', () => {
    expect(overview.headline[5]).toBe('Training: 18 of 24 members (75%) had every required course up to date on Saturday 31 October 2026.');
  });

  test('says how many serving members signed the pledge and when Council renewed its commitment, or that it is not recorded', () => {
    expect(overview.headline[6]).toBe(
      'Corporate Parenting Pledge 2026/27: 40 of 51 serving members (78%) have signed; Council renewed its commitment on Thursday 21 May 2026.',
    );
    expect(headlineOf({ pledge: { ...input.pledge!, commitmentRenewedOn: null } })[6]).toBe(
      'Corporate Parenting Pledge 2026/27: 40 of 51 serving members (78%) have signed; Council’s renewal of its commitment has not been recorded.',
    );
  });

  test('before a pledge is set up for the year, says so', () => {
    expect(withoutPledge.headline[6]).toBe('Corporate Parenting Pledge: no pledge has been set up for this municipal year yet.');
  });
});

/** The document's text as a reader sees it: tags dropped, entities decoded, white space folded. */
const visibleText = (document: string): string => unescape(document.replace(/<!--[\s\S]*?-->|<[^>]+>|&nbsp;/g, ' ')).replace(/\s+/g, ' ');

describe('compliance overview email', () => {
  const document = complianceOverviewHtml(overview);
  const text = visibleText(document);

  test('puts the headline first, under the title, council and period with weekdays', () => {
    expect(text).toContain('Northmere Borough Council First half of 2026/27: Friday 1 May 2026 to Saturday 31 October 2026 Headline');
    expect(text.indexOf(overview.headline[0]!)).toBeLessThan(text.indexOf('Rates at a glance'));
    for (const sentence of overview.headline) expect(text).toContain(sentence);
  });

  test('an establishment name containing < and & is shown as text, never as markup', () => {
    expect(document).toContain('Beech &amp; Elm &lt;Annexe&gt;');
    expect(document).not.toContain('<Annexe>');
  });

  test('the tables give each duty, establishment, severity, course and the pledge their figures', () => {
    expect(text).toContain('Regulation 33 visits 36 34 1 1 94% 88% +6');
    expect(text).toContain('Recommendation 41 visits 4 3 1 0 75% 100% -25');
    expect(text).toContain(`${BEECH} 12 11 1 0 92% 83%`);
    expect(text).toContain('High 1 Medium 2 Low 0 Total 3');
    expect(text).toContain('Safeguarding seminar 24 18 3 3 0 88% 5');
    expect(text).toContain('Performance data 0 0 0 0 0 n/a 1');
    expect(text).toContain('All courses 58 46 4 4 4 86% 14');
    expect(text).toContain('Members who have signed 40 (78%) Council renewed its commitment Thursday 21 May 2026');
  });

  test('the chart states each percentage in words beside a bar of that width', () => {
    expect(text).toContain('Regulation 33 visits completed 94% (previous 88%)');
    expect(text).toContain('DBS check: members up to date 90%');
    expect(document).toMatch(/width="94%"[^>]*bgcolor="#0b4f6c"/);
    expect(document).toMatch(/width="6%"[^>]*bgcolor="#dee0e2"/);
  });

  test('no offices and no pledge are said in words', () => {
    const empty = visibleText(complianceOverviewHtml(summariseCompliance({ ...input, visits: [], pledge: null })));
    expect(empty).toContain('No social work offices were in the visiting programme in First half of 2026/27.');
    expect(empty).toContain('No pledge has been set up for this municipal year yet.');
  });

  test('the email stands alone in an inbox: no stylesheet, script, image or link to fetch', () => {
    expectStandsAlone(document);
  });
});

describe('compliance overview CSV', () => {
  const csv = complianceOverviewCsv(overview);
  const records = csvRecords(csv);
  const row = (section: string, name: string) => records.find((record) => record.section === section && record.name === name);

  test('parses back with a row per duty, establishment, severity, course, training total and pledge', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(records.map((record) => `${record.section}:${record.name}`)).toEqual([
      'duty:Regulation 33 visits',
      `establishment:${BEECH}`,
      'establishment:Oakfield House',
      'establishment:Willow Court',
      'duty:Recommendation 41 visits',
      'establishment:Northgate Children’s Services',
      'establishment:Riverside Office',
      'open_issues:High',
      'open_issues:Medium',
      'open_issues:Low',
      'follow_up:All visits',
      'course:Corporate parenting induction',
      'course:Safeguarding seminar',
      'course:DBS check',
      'course:Performance data',
      'training_total:All courses',
      'pledge:2026/27',
    ]);
  });

  test('rates are whole percents, changes in points, and a rate with nothing to measure is empty', () => {
    expect(row('duty', 'Recommendation 41 visits')).toMatchObject({
      duty: 'REC41_OFFICES',
      due: '4',
      completed: '3',
      completion_rate_percent: '75',
      previous_completion_rate_percent: '100',
      change_percentage_points: '-25',
      required: '',
    });
    expect(row('establishment', 'Willow Court')).toMatchObject({
      duty: 'REG33_HOMES',
      not_allocated: '1',
      previous_completion_rate_percent: '80',
    });
    expect(row('course', 'Performance data')).toMatchObject({ required: '0', up_to_date_percent: '', completed_in_period: '1' });
    expect(row('training_total', 'All courses')).toMatchObject({ members: '24', members_compliant: '18' });
    expect(row('pledge', '2026/27')).toMatchObject({ signed: '40', serving: '51', commitment_renewed_on: '2026-05-21', due: '' });
  });

  test('no pledge yet means no pledge row', () => {
    const rows = parse(complianceOverviewCsv(withoutPledge), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.some((record) => record.section === 'pledge')).toBe(false);
  });
});

describe('compliance overview PDF', () => {
  const renderPdf = (report: ComplianceOverview) => readPdf(complianceOverviewPdf(report));
  /** The overview's PDF, rendered and read once. */
  let half: ReadPdf;
  beforeAll(async () => {
    half = await renderPdf(overview);
  });

  test('is an A4 PDF titled after the report', () => {
    const info = pdfInfo(half.pdf);
    expect(info).toMatch(/^Title:\s+Corporate parenting compliance overview$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
  });

  test('opens with the headline and shows every establishment, every course and page numbers', () => {
    const { pages, text } = half;
    expect(pages[0]).toContain('Page 1 of');
    expect(text).toContain('First half of 2026/27: Friday 1 May 2026 to Saturday 31 October 2026');
    for (const sentence of overview.headline) expect(text).toContain(sentence);
    for (const name of [BEECH, 'Oakfield House', 'Willow Court', 'Northgate Children’s Services', 'Riverside Office'])
      expect(text).toContain(name);
    for (const course of courses) expect(text).toContain(course.title);
  });

  test('the chart writes each percentage beside its bar', () => {
    const { text } = half;
    expect(text).toMatch(/Regulation 33 visits completed 94% \(previous 88%\)/);
    expect(text).toMatch(/Recommendation 41 visits completed 75% \(previous 100%\)/);
  });

  test('a council with no offices and no pledge yet gets a report that says so', async () => {
    const { text } = await renderPdf(
      summariseCompliance({ ...input, visits: visits.filter((line) => line.duty === 'REG33_HOMES'), pledge: null }),
    );
    expect(text).toContain('Recommendation 41 visits in First half of 2026/27: no visits were due.');
    expect(text).toContain('No social work offices were in the visiting programme in First half of 2026/27.');
    expect(text).toContain('No pledge has been set up for this municipal year yet.');
  });
});
