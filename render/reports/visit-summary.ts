import { COLOURS } from '../colours';
import { toCsv } from '../csv';
import { formatDate } from '../../domain/calendar';
import { ISSUE_SEVERITIES, type IssueSeverity, type VisitCounts, type VisitSummary } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../html';
import {
  contentWidth,
  drawTable,
  drawTableSection,
  ensureSpace,
  fitToFigures,
  left,
  reportPdf,
  type ReportPdfOptions,
  STYLES,
  tableHeight,
  useStyle,
  write,
  writeHeading,
  writeTitle,
  type Pdf,
} from '../pdf';
import { CELL, columnHeaderHtml, dataTableHtml, reportEmailDocument, rowHeaderHtml, sectionHtml, tableHtml } from '../report-html';
import { type ReportTable } from '../report-table';

// ───────────────────────────── shared wording ─────────────────────────────

const SEVERITY_LABELS: Record<IssueSeverity, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' };

const NO_QUOTES = 'No visitor comments were marked for quotation.';
const NONE_IN_PERIOD = 'None in this period.';
const HANDLING_NOTE =
  'Free text from visit reports appears only where the visitor agreed it may be quoted. ' +
  "These reports concern children; do not forward them outside the panel's distribution list.";

type Bar = VisitSummary['chart']['bars'][number];

/** A rate as a whole percent, or null when nothing was due. */
const wholePercent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 100));

const percentText = (percent: number | null): string => (percent === null ? 'n/a' : `${percent}%`);

const rateText = (rate: number | null): string => percentText(wholePercent(rate));

const periodText = (summary: VisitSummary): string =>
  `${summary.periodLabel}: ${formatDate(summary.periodStart)} to ${formatDate(summary.periodEnd)}`;

/** Who the report is from and what it covers, under its title. */
const titleDetails = (summary: VisitSummary): string[] => [summary.councilName, periodText(summary)];

const headlineRate = (summary: VisitSummary): string => `Completion rate ${rateText(summary.totals.completionRate)}`;

/**
 * "Up 8 percentage points on Q1 2026/27 (67%)". The difference is taken between
 * the whole percents the reader sees, so the figures on the page add up.
 */
function changeText(summary: VisitSummary): string {
  const now = wholePercent(summary.totals.completionRate);
  const before = wholePercent(summary.previousTotals.completionRate);
  if (now === null || before === null) return `Change on ${summary.previousPeriodLabel}: n/a`;
  const points = Math.abs(now - before);
  const size = `${points} percentage ${points === 1 ? 'point' : 'points'}`;
  const direction = now === before ? 'No change' : now > before ? `Up ${size}` : `Down ${size}`;
  return `${direction} on ${summary.previousPeriodLabel} (${before}%)`;
}

/** "67% (previous 50%)": the bar's value in words, so the chart does not depend on colour or on seeing it. */
const barText = (bar: Bar): string => `${bar.value}% (previous ${percentText(bar.previous)})`;

const quoteSource = (quote: VisitSummary['quotes'][number]): string =>
  `${quote.establishmentName}, visit on ${formatDate(quote.visitedOn)}`;

const sumOf = (values: number[]): number => values.reduce((sum, value) => sum + value, 0);

const countCells = (counts: VisitCounts): string[] =>
  [counts.due, counts.completed, counts.missed, counts.unallocated].map(String).concat(rateText(counts.completionRate));

/** The first column names each row; the rest are figures, aligned on the right. */
const figureTable = (table: Omit<ReportTable, 'whenEmpty' | 'align'>): ReportTable => ({
  ...table,
  whenEmpty: NONE_IN_PERIOD,
  align: 'right',
});

function headlineTable(summary: VisitSummary): ReportTable {
  const current = countCells(summary.totals);
  const previous = countCells(summary.previousTotals);
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
      headers: ['Home', 'Due', 'Completed', 'Missed', 'Not allocated', 'Rate', 'Previous rate', 'Open issues', 'Resolved issues'],
      rows: summary.establishments.map((line) => [
        line.name,
        ...countCells(line),
        rateText(line.previousCompletionRate),
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
  ];
}

// ───────────────────────────── HTML email ─────────────────────────────

/** The chart's bars, in the email and the PDF alike: how much is done, on a track for the whole. */
const CHART_COLOURS = { bar: '#0b4f6c', track: '#dee0e2' };

/**
 * A bar as table cells with percentage widths: email clients strip SVG and most
 * CSS. bgcolor and height attributes are for Outlook, which ignores the styles.
 */
function barCellsHtml(value: number): SafeHtml {
  const filled = Math.min(100, Math.max(0, value));
  const cell = (width: number, colour: string) =>
    width > 0
      ? html`<td
          width="${width}%"
          height="14"
          bgcolor="${colour}"
          style="background-color:${colour};height:14px;font-size:1px;line-height:1px"
        >
          &nbsp;
        </td>`
      : '';
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
    <tr>
      ${cell(filled, CHART_COLOURS.bar)}${cell(100 - filled, CHART_COLOURS.track)}
    </tr>
  </table>`;
}

function chartHtml(chart: VisitSummary['chart']): SafeHtml {
  const headers = [columnHeaderHtml('Home', 'left', ';width:35%'), columnHeaderHtml('Visits completed', 'left')];
  return dataTableHtml(
    chart.title,
    headers,
    chart.bars.map(
      (bar) =>
        html`<tr>
          ${rowHeaderHtml(bar.label)}
          <td style="${CELL}">
            <div style="margin:0 0 4px;font-weight:700">${barText(bar)}</div>
            ${barCellsHtml(bar.value)}
          </td>
        </tr>`,
    ),
  );
}

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
    title: summary.title,
    periodLabel: summary.periodLabel,
    details: titleDetails(summary),
    width: 700,
    preheader: `${headlineRate(summary)}. ${changeText(summary)}.`,
    body: [
      sectionHtml(headline.heading, [
        html`<p style="margin:0;font-size:22px;font-weight:700">${headlineRate(summary)}</p>`,
        html`<p style="margin:0 0 12px">${changeText(summary)}</p>`,
        tableHtml(headline),
      ]),
      sectionHtml('Completion by home', chartHtml(summary.chart)),
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
  'due',
  'completed',
  'missed',
  'not_allocated',
  'completion_rate_percent',
  'previous_completion_rate_percent',
  'open_issues',
  'resolved_issues',
  'low',
  'medium',
  'high',
] as const;

/** Columns left out of a row are empty cells: they do not apply to that kind of row. */
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

const countColumns = (counts: VisitCounts): CsvRow => ({
  due: counts.due,
  completed: counts.completed,
  missed: counts.missed,
  not_allocated: counts.unallocated,
  completion_rate_percent: wholePercent(counts.completionRate),
});

function totalRow(summary: VisitSummary): CsvRow {
  const { issues } = summary;
  return {
    section: 'total',
    name: summary.periodLabel,
    ...countColumns(summary.totals),
    previous_completion_rate_percent: wholePercent(summary.previousTotals.completionRate),
    open_issues: sumOf(issues.map((line) => line.open)),
    resolved_issues: sumOf(issues.map((line) => line.resolved)),
    low: sumOf(issues.map((line) => line.bySeverity.LOW)),
    medium: sumOf(issues.map((line) => line.bySeverity.MEDIUM)),
    high: sumOf(issues.map((line) => line.bySeverity.HIGH)),
  };
}

/** The report's figures as one CSV table for spreadsheets. It carries names and numbers only, never free text from reports. */
export function visitSummaryCsv(summary: VisitSummary): string {
  const rows: CsvRow[] = [
    totalRow(summary),
    ...summary.establishments.map((line) => ({
      section: 'establishment',
      name: line.name,
      ...countColumns(line),
      previous_completion_rate_percent: wholePercent(line.previousCompletionRate),
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

const BAR_HEIGHT = 12;
const CHART_ROW_HEIGHT = BAR_HEIGHT + 8;

/** One bar per home, with its value written beside it. */
function drawChart(doc: Pdf, chart: VisitSummary['chart']): void {
  write(doc, chart.title, STYLES.small);
  doc.y += 6;
  const labelWidth = 150;
  const barLeft = left(doc) + labelWidth + 10;
  const barWidth = 200;
  const valueLeft = barLeft + barWidth + 8;
  for (const bar of chart.bars) {
    useStyle(doc, STYLES.cell);
    const height = Math.max(doc.heightOfString(bar.label, { width: labelWidth }) + 8, CHART_ROW_HEIGHT);
    ensureSpace(doc, height);
    const top = doc.y;
    doc.rect(barLeft, top, barWidth, BAR_HEIGHT).fill(CHART_COLOURS.track);
    doc.rect(barLeft, top, (barWidth * Math.min(100, Math.max(0, bar.value))) / 100, BAR_HEIGHT).fill(CHART_COLOURS.bar);
    useStyle(doc, STYLES.cell).text(bar.label, left(doc), top + 2, { width: labelWidth });
    useStyle(doc, STYLES.strongCell).text(barText(bar), valueLeft, top + 2, { width: left(doc) + contentWidth(doc) - valueLeft });
    doc.x = left(doc);
    doc.y = top + height;
  }
}

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
  const about: ReportPdfOptions = {
    title: summary.title,
    author: summary.councilName,
    subject: periodText(summary),
    layout: 'portrait',
    margin: 50,
  };
  return reportPdf(about, (doc) => {
    writeTitle(doc, summary.title, titleDetails(summary));

    const headline = headlineTable(summary);
    writeHeading(doc, headline.heading, 50 + tableHeight(doc, headline, fitToFigures));
    write(doc, headlineRate(summary), STYLES.emphasis);
    write(doc, changeText(summary), STYLES.body);
    doc.y += 8;
    drawTable(doc, headline, fitToFigures);

    writeHeading(doc, 'Completion by home', CHART_ROW_HEIGHT * (summary.chart.bars.length + 1));
    drawChart(doc, summary.chart);

    for (const table of detailTables(summary)) drawTableSection(doc, table, fitToFigures);

    writeHeading(doc, 'Comments from visits', 0);
    drawQuotes(doc, summary.quotes);

    doc.y += 16;
    ensureSpace(doc, 30);
    write(doc, HANDLING_NOTE, STYLES.small);
  });
}
