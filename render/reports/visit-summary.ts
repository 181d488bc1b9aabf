import { COLOURS } from '../colours';
import { toCsv, type CsvRow } from '../csv';
import { formatDate } from '../../domain/calendar';
import { percentagePointsText, pointsBetween, rateText, sumOf } from '../../domain/reports/figures';
import { ISSUE_SEVERITIES, SEVERITY_LABELS, type VisitSummary } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../html';
import {
  drawTable,
  drawTableSection,
  ensureSpace,
  fitToFigures,
  reportPdf,
  STYLES,
  tableHeight,
  write,
  writeHeading,
  type Pdf,
} from '../pdf';
import { barChartHtml, drawBarChartSection, type BarChartLayout } from '../report-chart';
import { type ReportHeading } from '../report-heading';
import { reportEmailDocument, sectionHtml, tableHtml } from '../report-html';
import { type ReportTable } from '../report-table';
import { FOLLOW_UP_COLUMNS, followUpColumns, followUpTable } from './follow-up';
import { VISIT_COLUMNS, VISIT_HEADERS, visitCells, visitColumns, visitCountCells } from './visit-figures';

// ───────────────────────────── shared wording ─────────────────────────────

const NO_QUOTES = 'No visitor comments were marked for quotation.';
const NONE_IN_PERIOD = 'None in this period.';
const HANDLING_NOTE =
  'Free text from visit reports appears only where the visitor agreed it may be quoted. ' +
  "These reports concern children; do not forward them outside the panel's distribution list.";

const heading = (summary: VisitSummary): ReportHeading => ({
  title: summary.title,
  councilName: summary.councilName,
  period: { label: summary.periodLabel, start: summary.periodStart, end: summary.periodEnd },
});

const headlineRate = (summary: VisitSummary): string => `Completion rate ${rateText(summary.totals.completionRate)}`;

/**
 * "Up 8 percentage points on Q1 2026/27 (67%)". The difference is taken between
 * the whole percents the reader sees, so the figures on the page add up.
 */
function changeText(summary: VisitSummary): string {
  const before = summary.previousTotals.completionRate;
  const points = pointsBetween(summary.totals.completionRate, before);
  if (points === null) return `Change on ${summary.previousPeriodLabel}: n/a`;
  const direction = points === 0 ? 'No change' : `${points > 0 ? 'Up' : 'Down'} ${percentagePointsText(points)}`;
  return `${direction} on ${summary.previousPeriodLabel} (${rateText(before)})`;
}

/** The homes' column is a little narrower in the PDF, where each value is written beside its bar rather than above it. */
const CHART_LAYOUT: BarChartLayout = {
  email: { label: 'Home', labelWidth: 35, bar: 'Visits completed' },
  pdf: { labelWidth: 150, barWidth: 200 },
};

const FOLLOW_UP_CHART_HEADING = 'Follow-up at a glance';

/** Two bars with longer labels; when nothing was resolved or raised, a sentence stands in for them. */
const FOLLOW_UP_CHART_LAYOUT: BarChartLayout = {
  email: { label: 'Measure', labelWidth: 45, bar: 'Share' },
  pdf: { labelWidth: 200, barWidth: 150 },
  whenEmpty: 'No action was resolved and no urgent concern was raised in this period, so there are no rates to show.',
};

const quoteSource = (quote: VisitSummary['quotes'][number]): string =>
  `${quote.establishmentName}, visit on ${formatDate(quote.visitedOn)}`;

/** The first column names each row; the rest are figures, aligned on the right. */
const figureTable = (table: Omit<ReportTable, 'whenEmpty' | 'align'>): ReportTable => ({
  ...table,
  whenEmpty: NONE_IN_PERIOD,
  align: 'right',
});

function headlineTable(summary: VisitSummary): ReportTable {
  const current = visitCountCells(summary.totals);
  const previous = visitCountCells(summary.previousTotals);
  return figureTable({
    heading: 'Headline figures',
    caption: `Visits in ${summary.periodLabel} against ${summary.previousPeriodLabel}`,
    headers: ['Visits', summary.periodLabel, summary.previousPeriodLabel],
    rows: ['Due', 'Completed', 'Missed', 'Not allocated', 'Completion rate'].map((label, index) => [
      label,
      current[index] ?? '',
      previous[index] ?? '',
    ]),
  });
}

function detailTables(summary: VisitSummary): ReportTable[] {
  return [
    figureTable({
      heading: 'Homes',
      caption: `Visits and issues by home; the previous rate is for ${summary.previousPeriodLabel}`,
      headers: ['Home', ...VISIT_HEADERS, 'Open issues', 'Resolved issues'],
      rows: summary.establishments.map((line) => [
        line.name,
        ...visitCells(line, line.previousCompletionRate),
        String(line.openIssues),
        String(line.resolvedIssues),
      ]),
    }),
    figureTable({
      heading: 'Panel members',
      caption: 'Visits allocated to each member and what became of them',
      headers: ['Member', 'Allocated', 'Completed', 'Missed'],
      rows: summary.members.map((line) => [line.name, String(line.allocated), String(line.completed), String(line.missed)]),
    }),
    figureTable({
      heading: 'Issues by category',
      caption: `Issues raised at visits by severity, and whether they were open or resolved on ${formatDate(summary.periodEnd)}`,
      headers: ['Category', ...ISSUE_SEVERITIES.map((severity) => SEVERITY_LABELS[severity]), 'Open', 'Resolved'],
      rows: summary.issues.map((line) => [
        line.label,
        ...ISSUE_SEVERITIES.map((severity) => String(line.bySeverity[severity])),
        String(line.open),
        String(line.resolved),
      ]),
    }),
    figureTable({
      heading: 'Open issues by severity',
      caption: `Issues still open on ${formatDate(summary.periodEnd)}, across every category`,
      headers: ['Severity', 'Open issues'],
      rows: [
        ...ISSUE_SEVERITIES.map((severity) => [SEVERITY_LABELS[severity], String(summary.openBySeverity[severity])]),
        ['Total', String(sumOf(Object.values(summary.openBySeverity)))],
      ],
    }),
    followUpTable(summary.periodLabel, summary.periodEnd, [{ header: summary.periodLabel, figures: summary.followUp }]),
  ];
}

// ───────────────────────────── HTML email ─────────────────────────────

function quotesHtml(quotes: VisitSummary['quotes']): SafeHtml[] {
  if (!quotes.length) return [html`<p style="margin:0">${NO_QUOTES}</p>`];
  return quotes.map(
    (quote) =>
      html`<blockquote style="margin:0 0 16px;padding:4px 0 4px 16px;border-left:4px solid ${COLOURS.rule}">
        <p style="margin:0 0 4px">${quote.text}</p>
        <p style="margin:0;font-size:14px;color:${COLOURS.muted}">${quoteSource(quote)}</p>
      </blockquote>`,
  );
}

/** The report as a complete HTML document for an email body. */
export function visitSummaryHtml(summary: VisitSummary): string {
  const headline = headlineTable(summary);
  return reportEmailDocument({
    heading: heading(summary),
    width: 700,
    preheader: `${headlineRate(summary)}. ${changeText(summary)}.`,
    body: [
      sectionHtml(headline.heading, [
        html`<p style="margin:0;font-size:22px;font-weight:700">${headlineRate(summary)}</p>`,
        html`<p style="margin:0 0 12px">${changeText(summary)}</p>`,
        tableHtml(headline),
      ]),
      sectionHtml('Completion by home', barChartHtml(summary.chart, CHART_LAYOUT)),
      sectionHtml(FOLLOW_UP_CHART_HEADING, barChartHtml(summary.followUpChart, FOLLOW_UP_CHART_LAYOUT)),
      ...detailTables(summary).map((table) => sectionHtml(table.heading, tableHtml(table))),
      sectionHtml('Comments from visits', quotesHtml(summary.quotes)),
      html`<p style="margin:32px 0 0;padding-top:12px;border-top:1px solid ${COLOURS.rule};font-size:14px;color:${COLOURS.muted}">
        ${HANDLING_NOTE}
      </p>`,
    ],
  });
}

// ───────────────────────────── CSV ─────────────────────────────

const CSV_COLUMNS = [
  'section',
  'name',
  ...VISIT_COLUMNS,
  'open_issues',
  'resolved_issues',
  'low',
  'medium',
  'high',
  ...FOLLOW_UP_COLUMNS,
] as const;

type SummaryCsvRow = CsvRow<typeof CSV_COLUMNS>;

function totalRow(summary: VisitSummary): SummaryCsvRow {
  const { issues } = summary;
  return {
    section: 'total',
    name: summary.periodLabel,
    ...visitColumns(summary.totals, summary.previousTotals.completionRate),
    open_issues: sumOf(issues.map((line) => line.open)),
    resolved_issues: sumOf(issues.map((line) => line.resolved)),
    low: sumOf(issues.map((line) => line.bySeverity.LOW)),
    medium: sumOf(issues.map((line) => line.bySeverity.MEDIUM)),
    high: sumOf(issues.map((line) => line.bySeverity.HIGH)),
    ...followUpColumns(summary.followUp),
  };
}

/** The report's figures as one CSV table for spreadsheets. It carries names and numbers only, never free text from reports. */
export function visitSummaryCsv(summary: VisitSummary): string {
  const rows: SummaryCsvRow[] = [
    totalRow(summary),
    ...summary.establishments.map((line) => ({
      section: 'establishment',
      name: line.name,
      ...visitColumns(line, line.previousCompletionRate),
      open_issues: line.openIssues,
      resolved_issues: line.resolvedIssues,
    })),
    ...summary.members.map((line) => ({
      section: 'member',
      name: line.name,
      due: line.allocated,
      completed: line.completed,
      missed: line.missed,
    })),
    ...summary.issues.map((line) => ({
      section: 'issue_category',
      name: line.label,
      open_issues: line.open,
      resolved_issues: line.resolved,
      low: line.bySeverity.LOW,
      medium: line.bySeverity.MEDIUM,
      high: line.bySeverity.HIGH,
    })),
  ];
  return toCsv(rows, CSV_COLUMNS);
}

// ───────────────────────────── PDF ─────────────────────────────

function drawQuotes(doc: Pdf, quotes: VisitSummary['quotes']): void {
  if (!quotes.length) write(doc, NO_QUOTES, STYLES.body);
  for (const quote of quotes) {
    ensureSpace(doc, 40);
    write(doc, `“${quote.text}”`, STYLES.quote, 12);
    write(doc, quoteSource(quote), STYLES.small, 12);
    doc.y += 8;
  }
}

/** The report as an A4 PDF with the same sections as the email. */
export function visitSummaryPdf(summary: VisitSummary): Promise<Buffer> {
  return reportPdf({ heading: heading(summary), layout: 'portrait', margin: 50 }, (doc) => {
    const headline = headlineTable(summary);
    writeHeading(doc, headline.heading, 50 + tableHeight(doc, headline, fitToFigures));
    write(doc, headlineRate(summary), STYLES.emphasis);
    write(doc, changeText(summary), STYLES.body);
    doc.y += 8;
    drawTable(doc, headline, fitToFigures);

    drawBarChartSection(doc, 'Completion by home', summary.chart, CHART_LAYOUT);
    drawBarChartSection(doc, FOLLOW_UP_CHART_HEADING, summary.followUpChart, FOLLOW_UP_CHART_LAYOUT);

    for (const table of detailTables(summary)) drawTableSection(doc, table, fitToFigures);

    writeHeading(doc, 'Comments from visits', 0);
    drawQuotes(doc, summary.quotes);

    doc.y += 16;
    ensureSpace(doc, 30);
    write(doc, HANDLING_NOTE, STYLES.small);
  });
}
