import { type IsoDate } from '../../domain/calendar';
import { summariseVisits, type SummaryVisitInput, type VisitSummary } from '../../domain/reports/visit-summary';
import { visitSummaryCsv, visitSummaryHtml, visitSummaryPdf } from '../../render/reports/visit-summary';
import { expectTaggedInEmbeddedArimo, pdfInfo, pdfStructure, readPdf, type ReadPdf } from '../support/pdf';
import { csvRecords, expectStandsAlone } from '../support/report-email';
import { FOLLOW_UP_COLUMNS } from '../../render/reports/follow-up';
import { noFollowUp } from '../support/follow-up';

const oakfield = { establishmentId: 'e-oak', establishmentName: 'Oakfield House' };
const beech = { establishmentId: 'e-beech', establishmentName: 'Beech & Elm <Annexe>' };
const willow = { establishmentId: 'e-willow', establishmentName: 'Willow Court' };

const okafor = { memberId: 'm-okafor', name: 'Cllr Ada Okafor' };
const hughes = { memberId: 'm-hughes', name: 'Cllr Ben Hughes' };
const price = { memberId: 'm-price', name: 'Cllr Carys Price' };

const QUOTABLE = 'Staff knew every young person well and the new vegetable garden was their idea.';
const PRIVATE = 'J. told us in confidence about a planned move of placement.';

/** A visit as the database holds it: the visitor's own summary, and whether they agreed it may be quoted. */
function visit(
  home: typeof oakfield,
  periodStart: IsoDate,
  status: SummaryVisitInput['status'],
  details: {
    visitors?: SummaryVisitInput['visitors'];
    report?: { visitedOn: IsoDate; summary: string; quotable: boolean };
    issues?: SummaryVisitInput['issues'];
  } = {},
): SummaryVisitInput {
  const { report } = details;
  return {
    ...home,
    periodStart,
    status,
    visitors: details.visitors ?? [],
    report: report ? { visitedOn: report.visitedOn, quotableSummary: report.quotable ? report.summary : null } : null,
    issues: details.issues ?? [],
  };
}

const reported = (visitedOn: IsoDate, quotable = false, summary = 'Routine visit.') => ({ visitedOn, summary, quotable });

const visits: SummaryVisitInput[] = [
  visit(oakfield, '2026-08-01', 'REPORTED', {
    visitors: [okafor, hughes],
    report: reported('2026-08-14', true, QUOTABLE),
    issues: [
      { category: 'SAFEGUARDING', severity: 'HIGH', resolvedOn: null },
      { category: 'PREMISES', severity: 'LOW', resolvedOn: '2026-09-20' },
    ],
  }),
  visit(oakfield, '2026-09-01', 'REPORTED', {
    visitors: [okafor],
    report: reported('2026-09-10', false, PRIVATE),
    issues: [{ category: 'PREMISES', severity: 'MEDIUM', resolvedOn: null }],
  }),
  visit(oakfield, '2026-10-01', 'MISSED', { visitors: [hughes] }),
  visit(beech, '2026-08-01', 'REPORTED', { visitors: [price], report: reported('2026-08-21') }),
  visit(beech, '2026-09-01', 'UNALLOCATED'),
  visit(beech, '2026-10-01', 'CANCELLED', { visitors: [price] }),
  visit(willow, '2026-08-01', 'REPORTED', { visitors: [price], report: reported('2026-08-05') }),
  visit(willow, '2026-09-01', 'REPORTED', {
    visitors: [okafor],
    report: reported('2026-09-15'),
    issues: [{ category: 'SAFEGUARDING', severity: 'MEDIUM', resolvedOn: null }],
  }),
  visit(willow, '2026-10-01', 'REPORTED', { visitors: [hughes], report: reported('2026-10-20') }),
];

// Willow Court had nothing due last period, so its previous rate is unknown.
const previousVisits: SummaryVisitInput[] = [
  visit(oakfield, '2026-06-01', 'REPORTED', { visitors: [okafor], report: reported('2026-06-11') }),
  visit(oakfield, '2026-07-01', 'MISSED', { visitors: [hughes] }),
  visit(beech, '2026-07-01', 'REPORTED', { visitors: [price], report: reported('2026-07-09') }),
];

const period = { label: 'Q2 2026/27', start: '2026-08-01', end: '2026-10-31' };

function quarterSummary(current = visits): VisitSummary {
  return summariseVisits({
    title: 'Visits to children’s homes',
    councilName: 'Northmere Borough Council',
    period,
    previousPeriodLabel: 'Q1 2026/27',
    visits: current,
    previousVisits,
    followUp: noFollowUp(period),
  });
}

const summary = quarterSummary();
const withoutQuotes = quarterSummary(
  visits.map((candidate) => ({ ...candidate, report: candidate.report && { ...candidate.report, quotableSummary: null } })),
);

/** The cells of the row headed `name` in the table under `heading`, as text. */
function htmlRow(document: string, heading: string, name: string): string[] {
  const table = document.slice(document.indexOf(`>${heading}</h2>`));
  const row = table
    .slice(0, table.indexOf('</table>'))
    .split('<tr>')
    .find((candidate) => candidate.includes(`>${name}</th>`));
  if (!row) throw new Error(`No row ${name} under ${heading}`);
  return [...row.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((match) => match[1]!.trim());
}

describe('visit summary email', () => {
  const document = visitSummaryHtml(summary);

  test('the heading names the council and the period with weekdays', () => {
    expect(document).toContain('<html lang="en-GB">');
    expect(document).toContain('Northmere Borough Council');
    expect(document).toContain('Q2 2026/27: Saturday 1 August 2026 to Saturday 31 October 2026');
  });

  test('a home name containing < and & is shown as text, never as markup', () => {
    expect(document).toContain('Beech &amp; Elm &lt;Annexe&gt;');
    expect(document).not.toContain('<Annexe>');
  });

  test('the headline gives the completion rate and its change in percentage points on the previous period', () => {
    expect(document).toContain('Completion rate 75%');
    expect(document).toContain('Up 8 percentage points on Q1 2026/27 (67%)');
    expect(htmlRow(document, 'Headline figures', 'Not allocated')).toEqual(['Not allocated', '1', '0']);
  });

  test('the chart states each home’s percentage in words beside a bar of that width', () => {
    expect(document).toContain('67% (previous 50%)');
    expect(document).toContain('50% (previous 100%)');
    expect(document).toContain('100% (previous n/a)');
    expect(document).toMatch(/width="67%"[^>]*bgcolor="#0b4f6c"/);
  });

  test('each home’s row shows its figures, with n/a where nothing was due last period', () => {
    expect(htmlRow(document, 'Homes', 'Oakfield House')).toEqual(['Oakfield House', '3', '2', '1', '0', '67%', '50%', '2', '1']);
    expect(htmlRow(document, 'Homes', 'Willow Court')).toEqual(['Willow Court', '3', '3', '0', '0', '100%', 'n/a', '1', '0']);
  });

  test('members, issue categories and open issues by severity each have a table with headed rows', () => {
    expect(htmlRow(document, 'Panel members', 'Cllr Ben Hughes')).toEqual(['Cllr Ben Hughes', '3', '2', '1']);
    expect(htmlRow(document, 'Issues by category', 'Premises')).toEqual(['Premises', '1', '1', '0', '1', '1']);
    expect(htmlRow(document, 'Issues by category', 'Safeguarding')).toEqual(['Safeguarding', '0', '1', '1', '2', '0']);
    expect(htmlRow(document, 'Open issues by severity', 'Medium')).toEqual(['Medium', '2']);
    expect(htmlRow(document, 'Open issues by severity', 'Total')).toEqual(['Total', '3']);
    expect(document.match(/<caption/g)).toHaveLength(7);
  });

  test('only a comment the visitor agreed to quote appears, with the home and the day of the visit', () => {
    expect(document).toContain(QUOTABLE);
    expect(document).toContain('Oakfield House, visit on Friday 14 August 2026');
    expect(document).not.toContain(PRIVATE);
    expect(document).not.toContain('No visitor comments were marked for quotation.');
  });

  test('a period without quotable comments says so', () => {
    const empty = visitSummaryHtml(withoutQuotes);
    expect(empty).toContain('No visitor comments were marked for quotation.');
    expect(empty).not.toContain(QUOTABLE);
  });

  test('the email stands alone in an inbox: no stylesheet, script, image or link to fetch', () => {
    expectStandsAlone(document);
    expect(document).toMatch(/max-width:700px/);
  });

  test('the email ends with the note on quoting and forwarding', () => {
    expect(document).toContain('Free text from visit reports appears only where the visitor agreed it may be quoted.');
    expect(document).toContain('These reports concern children; do not forward them outside the panel&#39;s distribution list.');
  });
});

describe('visit summary CSV', () => {
  const csv = visitSummaryCsv(summary);
  const records = csvRecords(csv);
  const row = (section: string, name: string) => records.find((record) => record.section === section && record.name === name);

  test('starts with a byte-order mark so Excel reads accented names, then the agreed header and a row per total, home, member and issue category', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\n')[0]).toBe(
      'section,name,due,completed,missed,not_allocated,completion_rate_percent,previous_completion_rate_percent,open_issues,resolved_issues,low,medium,high,' +
        'actions_raised,actions_resolved,actions_overdue,median_days_to_resolve,urgent_concerns,urgent_acknowledged,' +
        'median_hours_to_acknowledge,slowest_hours_to_acknowledge,reports_not_final',
    );
    expect(records.map((record) => `${record.section}:${record.name}`).slice(0, 7)).toEqual([
      'total:Q2 2026/27',
      'establishment:Beech & Elm <Annexe>',
      'establishment:Oakfield House',
      'establishment:Willow Court',
      'member:Cllr Ada Okafor',
      'member:Cllr Ben Hughes',
      'member:Cllr Carys Price',
    ]);
    expect(records.filter((record) => record.section === 'issue_category')).toHaveLength(7);
  });

  test('figures are plain numbers, rates whole percents, and columns that do not apply are empty', () => {
    const noFollowUpColumns = Object.fromEntries(FOLLOW_UP_COLUMNS.map((column) => [column, '']));
    const empty = { low: '', medium: '', high: '', ...noFollowUpColumns };
    expect(row('total', 'Q2 2026/27')).toMatchObject({
      due: '8',
      completed: '6',
      missed: '1',
      not_allocated: '1',
      completion_rate_percent: '75',
      previous_completion_rate_percent: '67',
      open_issues: '3',
      resolved_issues: '1',
      low: '1',
      medium: '2',
      high: '1',
    });
    expect(row('establishment', 'Willow Court')).toMatchObject({
      due: '3',
      completion_rate_percent: '100',
      previous_completion_rate_percent: '',
      open_issues: '1',
      ...empty,
    });
    expect(row('member', 'Cllr Ben Hughes')).toEqual({
      section: 'member',
      name: 'Cllr Ben Hughes',
      due: '3',
      completed: '2',
      missed: '1',
      not_allocated: '',
      completion_rate_percent: '',
      previous_completion_rate_percent: '',
      open_issues: '',
      resolved_issues: '',
      ...empty,
    });
    expect(row('issue_category', 'Premises')).toMatchObject({
      due: '',
      open_issues: '1',
      resolved_issues: '1',
      low: '1',
      medium: '1',
      high: '0',
    });
  });

  test('carries no free text from visit reports, quotable or not', () => {
    expect(csv).not.toContain(QUOTABLE);
    expect(csv).not.toContain(PRIVATE);
  });
});

describe('visit summary PDF', () => {
  const renderPdf = (report: VisitSummary) => readPdf(visitSummaryPdf(report));
  /** The quarter's PDF, rendered and read once. */
  let quarter: ReadPdf;
  beforeAll(async () => {
    quarter = await renderPdf(summary);
  });

  test('is an A4 PDF titled after the report, tagged, in the embedded Arimo fonts', () => {
    const { pdf } = quarter;
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const info = pdfInfo(pdf);
    expect(info).toMatch(/^Title:\s+Visits to children’s homes$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expectTaggedInEmbeddedArimo(pdf);
  });

  test('shows the title, council, dates with weekdays, every home and page numbers', () => {
    const { text } = quarter;
    expect(text).toContain('Visits to children’s homes');
    expect(text).toContain('Northmere Borough Council');
    expect(text).toContain('Q2 2026/27: Saturday 1 August 2026 to Saturday 31 October 2026');
    for (const home of ['Oakfield House', 'Beech & Elm <Annexe>', 'Willow Court']) expect(text).toContain(home);
    expect(text).toContain('Completion rate 75%');
    expect(text).toContain('Up 8 percentage points on Q1 2026/27 (67%)');
    expect(text).toMatch(/Page 1 of \d/);
  });

  test('the chart writes each home’s percentage beside its bar', () => {
    const { text } = quarter;
    expect(text).toMatch(/Beech & Elm <Annexe> 50% \(previous 100%\)/);
    expect(text).toMatch(/Oakfield House 67% \(previous 50%\)/);
    expect(text).toMatch(/Willow Court 100% \(previous n\/a\)/);
  });

  test('a screen reader meets the chart as a table: each home heads its row, its percentage the cell; the bars are left out', () => {
    const structure = pdfStructure(quarter.pdf).replace(/\s+/g, ' ');
    expect(structure).toMatch(
      /H2 \(block\) "Completion by home" Table \(block\) Caption "[^"]+" TR TH: \/Scope \/Row "Beech & Elm <Annexe>" TD "50% \(previous 100%\)"/,
    );
  });

  test('shows the quotable comment with its visit and never the private one', async () => {
    const { text } = quarter;
    expect(text).toContain(QUOTABLE);
    expect(text).toContain('Oakfield House, visit on Friday 14 August 2026');
    expect(text).not.toContain(PRIVATE);
    expect(text).toContain("do not forward them outside the panel's distribution list.");
    expect((await renderPdf(withoutQuotes)).text).toContain('No visitor comments were marked for quotation.');
  });

  test('a long report runs onto more pages without losing a row, and numbers every page', async () => {
    const crowd = Array.from({ length: 60 }, (_, index) => ({
      memberId: `m${index}`,
      name: `Member ${String(index + 1).padStart(2, '0')}`,
    }));
    const busy = quarterSummary([...visits, ...crowd.map((member) => visit(willow, '2026-10-01', 'MISSED', { visitors: [member] }))]);
    const { pages, text } = await renderPdf(busy);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    for (const member of crowd) expect(text).toContain(`${member.name} 1 0 1`);
    expect(pages.filter((page) => /Member\s+Allocated\s+Completed\s+Missed/.test(page)).length).toBeGreaterThan(1);
  });
});
