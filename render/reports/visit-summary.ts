import PDFDocument from 'pdfkit';

import { toCsv } from '../csv';
import { formatDate } from '../../domain/calendar';
import { ISSUE_SEVERITIES, type IssueSeverity, type VisitCounts, type VisitSummary } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../html';

// ───────────────────────────── shared wording ─────────────────────────────

const SEVERITY_LABELS: Record<IssueSeverity, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' };

const NO_QUOTES = 'No visitor comments were marked for quotation.';
const HANDLING_NOTE =
  'Free text from visit reports appears only where the visitor agreed it may be quoted. ' +
  "These reports concern children; do not forward them outside the panel's distribution list.";

type Bar = VisitSummary['chart']['bars'][number];

/** A rate as a whole percent, or null when nothing was due. */
const wholePercent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 100));

const percentText = (percent: number | null): string => (percent === null ? 'n/a' : `${percent}%`);

const rateText = (rate: number | null): string => percentText(wholePercent(rate));

const periodDates = (summary: VisitSummary): string => `${formatDate(summary.periodStart)} to ${formatDate(summary.periodEnd)}`;

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

/** A table as both the email and the PDF show it: the first column names each row, the rest are figures. */
interface ReportTable {
  heading: string;
  caption: string;
  headers: string[];
  rows: string[][];
}

const sumOf = (values: number[]): number => values.reduce((sum, value) => sum + value, 0);

const countCells = (counts: VisitCounts): string[] =>
  [counts.due, counts.completed, counts.missed, counts.unallocated].map(String).concat(rateText(counts.completionRate));

function headlineTable(summary: VisitSummary): ReportTable {
  const current = countCells(summary.totals);
  const previous = countCells(summary.previousTotals);
  return {
    heading: 'Headline figures',
    caption: `Visits in ${summary.periodLabel} against ${summary.previousPeriodLabel}`,
    headers: ['Visits', summary.periodLabel, summary.previousPeriodLabel],
    rows: ['Due', 'Completed', 'Missed', 'Not allocated', 'Completion rate'].map((label, index) => [
      label,
      current[index] ?? '',
      previous[index] ?? '',
    ]),
  };
}

function detailTables(summary: VisitSummary): ReportTable[] {
  return [
    {
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
    },
    {
      heading: 'Panel members',
      caption: 'Visits allocated to each member and what became of them',
      headers: ['Member', 'Allocated', 'Completed', 'Missed'],
      rows: summary.members.map((line) => [line.name, String(line.allocated), String(line.completed), String(line.missed)]),
    },
    {
      heading: 'Issues by category',
      caption: `Issues raised at visits by severity, and whether they were open or resolved on ${formatDate(summary.periodEnd)}`,
      headers: ['Category', ...ISSUE_SEVERITIES.map((severity) => SEVERITY_LABELS[severity]), 'Open', 'Resolved'],
      rows: summary.issues.map((line) => [
        line.label,
        ...ISSUE_SEVERITIES.map((severity) => String(line.bySeverity[severity])),
        String(line.open),
        String(line.resolved),
      ]),
    },
    {
      heading: 'Open issues by severity',
      caption: `Issues still open on ${formatDate(summary.periodEnd)}, across every category`,
      headers: ['Severity', 'Open issues'],
      rows: [
        ...ISSUE_SEVERITIES.map((severity) => [SEVERITY_LABELS[severity], String(summary.openBySeverity[severity])]),
        ['Total', String(sumOf(Object.values(summary.openBySeverity)))],
      ],
    },
  ];
}

// ───────────────────────────── HTML email ─────────────────────────────

const COLOURS = { text: '#0b0c0c', muted: '#505a5f', rule: '#b1b4b6', bar: '#0b4f6c', track: '#dee0e2', shade: '#f3f2f1' };

const NONE_IN_PERIOD = 'None in this period.';
const CELL = `padding:6px 8px;border-bottom:1px solid ${COLOURS.rule};vertical-align:top`;
const ROW_HEADER = `${CELL};text-align:left;font-weight:normal`;
const DATA_TABLE = 'border-collapse:collapse;width:100%;font-size:14px;line-height:1.4';
const CAPTION = `caption-side:top;text-align:left;padding:0 0 8px;font-size:14px;color:${COLOURS.muted}`;

const sectionHtml = (heading: string, content: SafeHtml | SafeHtml[]): SafeHtml =>
  html`<h2 style="margin:28px 0 8px;font-size:20px;line-height:1.3">${heading}</h2>
    ${content}`;

function tableHtml(table: ReportTable): SafeHtml {
  const [rowHeader, ...figureHeaders] = table.headers;
  const body = table.rows.length
    ? table.rows.map(
        ([name, ...figures]) =>
          html`<tr>
            <th scope="row" style="${ROW_HEADER}">${name}</th>
            ${figures.map((figure) => html`<td style="${CELL};text-align:right">${figure}</td>`)}
          </tr>`,
      )
    : html`<tr>
        <td colspan="${table.headers.length}" style="${CELL}">${NONE_IN_PERIOD}</td>
      </tr>`;
  return html`<table style="${DATA_TABLE}">
    <caption style="${CAPTION}">
      ${table.caption}
    </caption>
    <thead>
      <tr style="background:${COLOURS.shade}">
        <th scope="col" style="${CELL};text-align:left">${rowHeader}</th>
        ${figureHeaders.map((header) => html`<th scope="col" style="${CELL};text-align:right">${header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
  </table>`;
}

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
      ${cell(filled, COLOURS.bar)}${cell(100 - filled, COLOURS.track)}
    </tr>
  </table>`;
}

function chartHtml(chart: VisitSummary['chart']): SafeHtml {
  return html`<table style="${DATA_TABLE}">
    <caption style="${CAPTION}">
      ${chart.title}
    </caption>
    <thead>
      <tr style="background:${COLOURS.shade}">
        <th scope="col" style="${CELL};text-align:left;width:35%">Home</th>
        <th scope="col" style="${CELL};text-align:left">Visits completed</th>
      </tr>
    </thead>
    <tbody>
      ${chart.bars.map(
        (bar) =>
          html`<tr>
            <th scope="row" style="${ROW_HEADER}">${bar.label}</th>
            <td style="${CELL}">
              <div style="margin:0 0 4px;font-weight:700">${barText(bar)}</div>
              ${barCellsHtml(bar.value)}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
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

/** The report as a complete HTML document for an email body: inline styles and table layout, nothing fetched from elsewhere. */
export function visitSummaryHtml(summary: VisitSummary): string {
  const headline = headlineTable(summary);
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${summary.title}, ${summary.periodLabel}</title>
      </head>
      <body style="margin:0;padding:0;background:${COLOURS.shade}">
        <span style="display:none;max-height:0;overflow:hidden">${headlineRate(summary)}. ${changeText(summary)}.</span>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
          <tr>
            <td align="center">
              <!--[if mso]><table role="presentation" width="700" cellpadding="0" cellspacing="0"><tr><td><![endif]-->
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="border-collapse:collapse;max-width:700px;background:#ffffff"
              >
                <tr>
                  <td
                    style="padding:24px 16px;text-align:left;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:${COLOURS.text}"
                  >
                    <h1 style="margin:0 0 8px;font-size:26px;line-height:1.25">${summary.title}</h1>
                    <p style="margin:0">${summary.councilName}</p>
                    <p style="margin:0">${summary.periodLabel}: ${periodDates(summary)}</p>
                    ${sectionHtml(headline.heading, [
                      html`<p style="margin:0;font-size:22px;font-weight:700">${headlineRate(summary)}</p>`,
                      html`<p style="margin:0 0 12px">${changeText(summary)}</p>`,
                      tableHtml(headline),
                    ])}
                    ${sectionHtml('Completion by home', chartHtml(summary.chart))}
                    ${detailTables(summary).map((table) => sectionHtml(table.heading, tableHtml(table)))}
                    ${sectionHtml('Comments from visits', quotesHtml(summary.quotes))}
                    <p style="margin:32px 0 0;padding-top:12px;border-top:1px solid ${COLOURS.rule};font-size:14px;color:${COLOURS.muted}">
                      ${HANDLING_NOTE}
                    </p>
                  </td>
                </tr>
              </table>
              <!--[if mso]></td></tr></table><![endif]-->
            </td>
          </tr>
        </table>
      </body>
    </html>`.value;
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

type Pdf = PDFKit.PDFDocument;

const FONTS = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };
const CELL_PADDING = 4;
const MIN_FIGURE_WIDTH = 36;
const HEADING_HEIGHT = 24;
const KEEP_WITH_HEADING = { min: 60, max: 240 };
const BAR_HEIGHT = 12;
const CHART_ROW_HEIGHT = BAR_HEIGHT + 8;

interface TextStyle {
  font: string;
  size: number;
  colour: string;
}

const STYLES = {
  title: { font: FONTS.bold, size: 20, colour: COLOURS.text },
  heading: { font: FONTS.bold, size: 14, colour: COLOURS.text },
  emphasis: { font: FONTS.bold, size: 12, colour: COLOURS.text },
  body: { font: FONTS.regular, size: 10, colour: COLOURS.text },
  quote: { font: FONTS.italic, size: 10, colour: COLOURS.text },
  cell: { font: FONTS.regular, size: 9, colour: COLOURS.text },
  headerCell: { font: FONTS.bold, size: 9, colour: COLOURS.text },
  small: { font: FONTS.regular, size: 8, colour: COLOURS.muted },
} satisfies Record<string, TextStyle>;

const left = (doc: Pdf): number => doc.page.margins.left;
const contentWidth = (doc: Pdf): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Pdf): number => doc.page.height - doc.page.margins.bottom;

const useStyle = (doc: Pdf, style: TextStyle): Pdf => doc.font(style.font).fontSize(style.size).fillColor(style.colour);

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** A paragraph across the content width, `indent` points in from the left margin. */
function write(doc: Pdf, text: string, style: TextStyle, indent = 0): void {
  useStyle(doc, style).text(text, left(doc) + indent, doc.y, { width: contentWidth(doc) - indent });
  doc.x = left(doc);
}

/** A section heading, kept on one page with all of a short section and the start of a long one. */
function pdfHeading(doc: Pdf, heading: string, sectionHeight: number): void {
  doc.y += 16;
  ensureSpace(doc, HEADING_HEIGHT + Math.min(Math.max(sectionHeight, KEEP_WITH_HEADING.min), KEEP_WITH_HEADING.max));
  write(doc, heading, STYLES.heading);
  doc.y += 4;
}

/**
 * Each figure column is as wide as its longest word, so headings wrap between
 * words and never inside one; while there is room they stay on one line. The
 * first column, which names the row, takes the rest.
 */
function columnWidths(doc: Pdf, table: ReportTable): number[] {
  useStyle(doc, STYLES.headerCell);
  const roomForHeader = (contentWidth(doc) * 0.4) / (table.headers.length - 1);
  const figureWidths = table.headers.slice(1).map((header, index) => {
    const words = [...header.split(' '), ...table.rows.map((row) => row[index + 1] ?? '')];
    const widest = Math.max(
      MIN_FIGURE_WIDTH,
      Math.min(doc.widthOfString(header), roomForHeader),
      ...words.map((word) => doc.widthOfString(word)),
    );
    return widest + 2 * CELL_PADDING;
  });
  return [contentWidth(doc) - sumOf(figureWidths), ...figureWidths];
}

function rowHeight(doc: Pdf, cells: string[], widths: number[], style: TextStyle): number {
  useStyle(doc, style);
  const heights = cells.map((text, index) => doc.heightOfString(text, { width: (widths[index] ?? 0) - 2 * CELL_PADDING }));
  return Math.max(...heights) + 2 * CELL_PADDING;
}

function drawRow(doc: Pdf, cells: string[], widths: number[], style: TextStyle): void {
  const height = rowHeight(doc, cells, widths, style);
  const top = doc.y;
  let x = left(doc);
  cells.forEach((text, index) => {
    const width = widths[index] ?? 0;
    doc.text(text, x + CELL_PADDING, top + CELL_PADDING, { width: width - 2 * CELL_PADDING, align: index === 0 ? 'left' : 'right' });
    x += width;
  });
  doc
    .moveTo(left(doc), top + height)
    .lineTo(left(doc) + contentWidth(doc), top + height)
    .lineWidth(0.5)
    .strokeColor(COLOURS.rule)
    .stroke();
  doc.x = left(doc);
  doc.y = top + height;
}

function tableHeight(doc: Pdf, table: ReportTable): number {
  const widths = columnWidths(doc, table);
  const caption = useStyle(doc, STYLES.small).heightOfString(table.caption, { width: contentWidth(doc) }) + 4;
  const rows = table.rows.map((row) => rowHeight(doc, row, widths, STYLES.cell));
  return caption + rowHeight(doc, table.headers, widths, STYLES.headerCell) + sumOf(rows);
}

/** A table of text in columns; a row that does not fit starts a new page, which repeats the header row. */
function drawTable(doc: Pdf, table: ReportTable): void {
  write(doc, table.caption, STYLES.small);
  doc.y += 4;
  const widths = columnWidths(doc, table);
  drawRow(doc, table.headers, widths, STYLES.headerCell);
  const rows = table.rows.length ? table.rows : [[NONE_IN_PERIOD]];
  for (const row of rows) {
    if (doc.y + rowHeight(doc, row, widths, STYLES.cell) > bottom(doc)) {
      doc.addPage();
      drawRow(doc, table.headers, widths, STYLES.headerCell);
    }
    drawRow(doc, row, widths, STYLES.cell);
  }
}

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
    doc.rect(barLeft, top, barWidth, BAR_HEIGHT).fill(COLOURS.track);
    doc.rect(barLeft, top, (barWidth * Math.min(100, Math.max(0, bar.value))) / 100, BAR_HEIGHT).fill(COLOURS.bar);
    useStyle(doc, STYLES.cell).text(bar.label, left(doc), top + 2, { width: labelWidth });
    useStyle(doc, STYLES.headerCell).text(barText(bar), valueLeft, top + 2, { width: left(doc) + contentWidth(doc) - valueLeft });
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

/** "Page N of M" in every page's bottom margin, once the page count is known. */
function numberPages(doc: Pdf): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const margin = doc.page.margins.bottom;
    // Text inside the bottom margin would otherwise make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    useStyle(doc, STYLES.small).text(`Page ${index - start + 1} of ${count}`, left(doc), doc.page.height - margin / 2, {
      width: contentWidth(doc),
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = margin;
  }
}

function collectOutput(doc: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The report as an A4 PDF in the built-in Helvetica fonts, with the same sections as the email. */
export function visitSummaryPdf(summary: VisitSummary): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: summary.title, Author: summary.councilName, Subject: `${summary.periodLabel}: ${periodDates(summary)}` },
  });
  const output = collectOutput(doc);

  write(doc, summary.title, STYLES.title);
  write(doc, summary.councilName, STYLES.body);
  write(doc, `${summary.periodLabel}: ${periodDates(summary)}`, STYLES.body);

  const headline = headlineTable(summary);
  pdfHeading(doc, headline.heading, 50 + tableHeight(doc, headline));
  write(doc, headlineRate(summary), STYLES.emphasis);
  write(doc, changeText(summary), STYLES.body);
  doc.y += 8;
  drawTable(doc, headline);

  pdfHeading(doc, 'Completion by home', CHART_ROW_HEIGHT * (summary.chart.bars.length + 1));
  drawChart(doc, summary.chart);

  for (const table of detailTables(summary)) {
    pdfHeading(doc, table.heading, tableHeight(doc, table));
    drawTable(doc, table);
  }

  pdfHeading(doc, 'Comments from visits', 0);
  drawQuotes(doc, summary.quotes);

  doc.y += 16;
  ensureSpace(doc, 30);
  write(doc, HANDLING_NOTE, STYLES.small);

  numberPages(doc);
  doc.end();
  return output;
}
