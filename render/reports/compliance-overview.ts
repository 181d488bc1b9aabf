import { formatDate } from '../../domain/calendar';
import {
  SEVERITIES_MOST_SERIOUS_FIRST,
  type ComplianceOverview,
  type CourseCompliance,
  type DutyCompliance,
  type EstablishmentCompliance,
} from '../../domain/reports/compliance-overview';
import { rateText, wholePercent } from '../../domain/reports/figures';
import { SEVERITY_LABELS } from '../../domain/reports/visit-summary';
import { toCsv, type CsvRow } from '../csv';
import { html, type SafeHtml } from '../html';
import {
  drawTableSection,
  fitToFigures,
  reportPdf,
  rowHeaderShare,
  STYLES,
  write,
  writeHeading,
  type ColumnWidths,
  type Pdf,
} from '../pdf';
import { barChartHtml, drawBarChartSection, type BarChartLayout } from '../report-chart';
import { reportEmailDocument, sectionHtml, tableHtml } from '../report-html';
import { type CellLine, type ReportTable, type TableCell } from '../report-table';
import { FOLLOW_UP_COLUMNS, followUpColumns, followUpTable } from './follow-up';
import { VISIT_COLUMNS, VISIT_HEADERS, visitCells, visitColumns } from './visit-figures';

// ───────────────────────────── shared wording ─────────────────────────────

/** A table as the email and the PDF show it, with how the PDF shares its width between the columns. */
interface OverviewTable extends ReportTable {
  widths: ColumnWidths;
}

/** "+6", "-3", "0": a change in percentage points as a figure in a table. */
const pointsText = (points: number | null): string => (points === null ? 'n/a' : points > 0 ? `+${points}` : String(points));

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const CHART_HEADING = 'Rates at a glance';

/** Label, bar and value side by side, the value in a column of its own on the right. */
const CHART_LAYOUT: BarChartLayout = {
  email: { label: 'Measure', labelWidth: 40, bar: 'Bar', value: 'Percent' },
  // Two fifths and about a third of the portrait page's 495 points.
  pdf: { labelWidth: 198, barWidth: 173 },
  whenEmpty: 'No visits were due and no course was required, so there are no rates to show.',
};

/** A totals row: every cell in bold. */
const strongRow = (cells: string[]): TableCell[] => cells.map((text): CellLine[] => [{ text, emphasis: 'strong' }]);

/** Figures on the right, each column as wide as its longest word. */
const figureTable = (table: Omit<OverviewTable, 'align' | 'widths'>): OverviewTable => ({ ...table, align: 'right', widths: fitToFigures });

function dutiesTable(overview: ComplianceOverview): OverviewTable {
  return figureTable({
    heading: 'Visits',
    caption: `Visits due in ${overview.period.label} under each duty; the previous rate is for ${overview.previousPeriodLabel}`,
    headers: ['Duty', ...VISIT_HEADERS, 'Change (points)'],
    rows: overview.duties.map((duty) => [
      duty.name,
      ...visitCells(duty.totals, duty.previousTotals.completionRate),
      pointsText(duty.changeInPoints),
    ]),
    whenEmpty: 'No visits were due.',
  });
}

const establishmentRow = (line: EstablishmentCompliance): string[] => [line.name, ...visitCells(line, line.previousCompletionRate)];

function establishmentsTable(overview: ComplianceOverview, duty: DutyCompliance): OverviewTable {
  return figureTable({
    heading: `${duty.name} by ${duty.place}`,
    caption: `Visits to each ${duty.place} in ${overview.period.label}; the previous rate is for ${overview.previousPeriodLabel}`,
    headers: [capitalised(duty.place), ...VISIT_HEADERS],
    rows: duty.establishments.map(establishmentRow),
    whenEmpty: `No ${duty.place}s were in the visiting programme in ${overview.period.label}.`,
  });
}

function openIssuesTable(overview: ComplianceOverview): OverviewTable {
  const { bySeverity, total } = overview.openIssues;
  return figureTable({
    heading: 'Open issues',
    caption: `Issues found at visits and still open on ${formatDate(overview.period.end)}, by severity`,
    headers: ['Severity', 'Open issues'],
    rows: [
      ...SEVERITIES_MOST_SERIOUS_FIRST.map((severity) => [SEVERITY_LABELS[severity], String(bySeverity[severity])]),
      strongRow(['Total', String(total)]),
    ],
    whenEmpty: 'No issues were open.',
  });
}

const courseFigures = (course: Omit<CourseCompliance, 'title'>): string[] => [
  ...[course.required, course.valid, course.dueSoon, course.lapsed, course.neverDone].map(String),
  rateText(course.upToDateRate),
  String(course.completedInPeriod),
];

function coursesTable(overview: ComplianceOverview): OverviewTable {
  const { courses, totals } = overview.training;
  return figureTable({
    heading: 'Training by course',
    caption: `Members on each course on ${formatDate(overview.period.end)} (up to date: valid or due soon), and completions in ${overview.period.label}`,
    headers: ['Course', 'Required', 'Valid', 'Due soon', 'Lapsed', 'Never done', 'Up to date', 'Completed in period'],
    rows: courses.length
      ? [...courses.map((course) => [course.title, ...courseFigures(course)]), strongRow(['All courses', ...courseFigures(totals)])]
      : [],
    whenEmpty: 'No courses are required of members.',
  });
}

function membersTable(overview: ComplianceOverview): OverviewTable {
  const { members, membersCompliant, complianceRate } = overview.training;
  return figureTable({
    heading: 'Members up to date',
    caption: `Members with every required course up to date on ${formatDate(overview.period.end)}`,
    headers: ['Training', 'Members'],
    rows: [
      ['All members', String(members)],
      ['With every required course up to date', String(membersCompliant)],
      strongRow(['Up to date', rateText(complianceRate)]),
    ],
    whenEmpty: 'No members were required to train.',
  });
}

/** Text as well as figures, so the row headers take half the width rather than the figures' fit. */
function pledgeTable(overview: ComplianceOverview): OverviewTable {
  const { pledge } = overview;
  return {
    heading: 'Corporate Parenting Pledge',
    caption: pledge ? `The pledge for the municipal year ${pledge.yearLabel}` : 'The pledge for this municipal year',
    headers: ['Pledge', pledge?.yearLabel ?? ''],
    rows: pledge
      ? [
          ['Serving members', String(pledge.serving)],
          ['Members who have signed', `${pledge.signed} (${rateText(pledge.signedRate)})`],
          ['Council renewed its commitment', pledge.commitmentRenewedOn ? formatDate(pledge.commitmentRenewedOn) : 'Not recorded'],
        ]
      : [],
    whenEmpty: 'No pledge has been set up for this municipal year yet.',
    align: 'right',
    widths: rowHeaderShare(0.5),
  };
}

/** A column for each duty, then all visits together. */
const followUpOverviewTable = (overview: ComplianceOverview): OverviewTable => ({
  ...followUpTable(overview.period.label, overview.period.end, [
    ...overview.duties.map((duty) => ({ header: duty.name, figures: duty.followUp })),
    { header: 'All visits', figures: overview.followUp },
  ]),
  widths: fitToFigures,
});

/** Every table, in the order of the report: visits, follow-up, training, pledge. */
const reportTables = (overview: ComplianceOverview): OverviewTable[] => [
  dutiesTable(overview),
  ...overview.duties.map((duty) => establishmentsTable(overview, duty)),
  openIssuesTable(overview),
  followUpOverviewTable(overview),
  coursesTable(overview),
  membersTable(overview),
  pledgeTable(overview),
];

// ───────────────────────────── HTML email ─────────────────────────────

const headlineHtml = (overview: ComplianceOverview): SafeHtml[] =>
  overview.headline.map((sentence) => html`<p style="margin:0 0 8px;font-size:18px">${sentence}</p>`);

/** The overview as a complete HTML document for an email body; the inbox preview shows the first headline sentence. */
export function complianceOverviewHtml(overview: ComplianceOverview): string {
  return reportEmailDocument({
    heading: overview,
    width: 700,
    preheader: overview.headline[0],
    body: [
      sectionHtml('Headline', headlineHtml(overview)),
      sectionHtml(CHART_HEADING, barChartHtml(overview.chart, CHART_LAYOUT)),
      ...reportTables(overview).map((table) => sectionHtml(table.heading, tableHtml(table))),
    ],
  });
}

// ───────────────────────────── CSV ─────────────────────────────

/** The columns of each area, the visits' as in the visit summary's CSV; a row fills those of its own area and leaves the rest empty. */
const TRAINING_COLUMNS = ['required', 'valid', 'due_soon', 'lapsed', 'never_done', 'up_to_date_percent', 'completed_in_period'] as const;
const MEMBER_COLUMNS = ['members', 'members_compliant', 'signed', 'serving', 'commitment_renewed_on'] as const;
const CSV_COLUMNS = [
  'section',
  'duty',
  'name',
  ...VISIT_COLUMNS,
  'change_percentage_points',
  'open_issues',
  ...FOLLOW_UP_COLUMNS,
  ...TRAINING_COLUMNS,
  ...MEMBER_COLUMNS,
] as const;

type OverviewCsvRow = CsvRow<typeof CSV_COLUMNS>;

const courseColumns = (course: Omit<CourseCompliance, 'title'>): OverviewCsvRow => ({
  required: course.required,
  valid: course.valid,
  due_soon: course.dueSoon,
  lapsed: course.lapsed,
  never_done: course.neverDone,
  up_to_date_percent: wholePercent(course.upToDateRate),
  completed_in_period: course.completedInPeriod,
});

const dutyRows = (duty: DutyCompliance): OverviewCsvRow[] => [
  {
    section: 'duty',
    duty: duty.duty,
    name: duty.name,
    ...visitColumns(duty.totals, duty.previousTotals.completionRate),
    change_percentage_points: duty.changeInPoints,
    ...followUpColumns(duty.followUp),
  },
  ...duty.establishments.map((line) => ({
    section: 'establishment',
    duty: duty.duty,
    name: line.name,
    ...visitColumns(line, line.previousCompletionRate),
  })),
];

function trainingRows({ training }: ComplianceOverview): OverviewCsvRow[] {
  return [
    ...training.courses.map((course) => ({ section: 'course', name: course.title, ...courseColumns(course) })),
    {
      section: 'training_total',
      name: 'All courses',
      ...courseColumns(training.totals),
      members: training.members,
      members_compliant: training.membersCompliant,
    },
  ];
}

const pledgeRows = ({ pledge }: ComplianceOverview): OverviewCsvRow[] =>
  pledge
    ? [
        {
          section: 'pledge',
          name: pledge.yearLabel,
          signed: pledge.signed,
          serving: pledge.serving,
          commitment_renewed_on: pledge.commitmentRenewedOn,
        },
      ]
    : [];

/** The overview's figures as one CSV table for spreadsheets: a row per duty, establishment, severity, course and pledge, ISO dates. */
export function complianceOverviewCsv(overview: ComplianceOverview): string {
  const rows: OverviewCsvRow[] = [
    ...overview.duties.flatMap(dutyRows),
    ...SEVERITIES_MOST_SERIOUS_FIRST.map((severity) => ({
      section: 'open_issues',
      name: SEVERITY_LABELS[severity],
      open_issues: overview.openIssues.bySeverity[severity],
    })),
    { section: 'follow_up', name: 'All visits', ...followUpColumns(overview.followUp) },
    ...trainingRows(overview),
    ...pledgeRows(overview),
  ];
  return toCsv(rows, CSV_COLUMNS);
}

// ───────────────────────────── PDF ─────────────────────────────

function writeHeadline(doc: Pdf, headline: string[]): void {
  writeHeading(doc, 'Headline', 20 * headline.length);
  for (const sentence of headline) {
    write(doc, sentence, { ...STYLES.body, size: 11 });
    doc.y += 5;
  }
}

/** The overview as an A4 PDF with the email's sections, every page numbered. */
export function complianceOverviewPdf(overview: ComplianceOverview): Promise<Buffer> {
  return reportPdf({ heading: overview, layout: 'portrait', margin: 50 }, (doc) => {
    writeHeadline(doc, overview.headline);
    drawBarChartSection(doc, CHART_HEADING, overview.chart, CHART_LAYOUT);
    for (const table of reportTables(overview)) drawTableSection(doc, table, table.widths);
  });
}
