import { type Bar, type BarChart } from '../domain/reports/chart';
import { percentText } from '../domain/reports/figures';
import { CHART_COLOURS } from './colours';
import { html, type SafeHtml } from './html';
import {
  artifact,
  contentWidth,
  ensureSpace,
  group,
  left,
  STYLES,
  tag,
  useStyle,
  write,
  writeHeading,
  type Pdf,
  type Structure,
} from './pdf';
import { CELL, columnHeaderHtml, dataTableHtml, rowHeaderHtml } from './report-html';

/** How a report sets out its chart. The bars, their colours and the words for their values are the same in every report. */
export interface BarChartLayout {
  /**
   * The email's columns: the labels' heading and width in percent, the bars' heading, and the values' heading;
   * without a column of their own, each value is written above its bar.
   */
  email: { label: string; labelWidth: number; bar: string; value?: string };
  /** The PDF's widths in points: the labels' and the bars'. Each value is written after its bar. */
  pdf: { labelWidth: number; barWidth: number };
  /** Said in place of a chart with no bars. */
  whenEmpty?: string;
}

/** "67% (previous 50%)": the bar's value in words, so the chart depends on neither colour nor sight. */
function barText(chart: BarChart, bar: Bar): string {
  if (bar.previous === null && !chart.comparesEveryBar) return percentText(bar.value);
  return `${percentText(bar.value)} (previous ${percentText(bar.previous)})`;
}

/** How much of the track a bar fills, in percent. */
const filled = (bar: Bar): number => Math.min(100, Math.max(0, bar.value));

// ───────────────────────────── HTML email ─────────────────────────────

const BAR_STYLE = (colour: string) => `background-color:${colour};height:14px;font-size:1px;line-height:1px`;

/**
 * A bar as the cells of a one-row table, their widths in percent: email clients strip SVG and most CSS.
 * bgcolor and height are for Outlook, which ignores the styles; a part of no width has no cell.
 */
function barHtml(bar: Bar): SafeHtml {
  const parts = [
    { width: filled(bar), colour: CHART_COLOURS.bar },
    { width: 100 - filled(bar), colour: CHART_COLOURS.track },
  ].filter((part) => part.width > 0);
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
    <tr>
      ${parts.map((part) => html`<td width="${part.width}%" height="14" bgcolor="${part.colour}" style="${BAR_STYLE(part.colour)}">&nbsp;</td>`)}
    </tr>
  </table>`;
}

/** The cells after a bar's label: the bar with its value in bold, above it or in a column of its own on the right. */
function barCellsHtml(chart: BarChart, bar: Bar, layout: BarChartLayout): SafeHtml {
  if (layout.email.value === undefined)
    return html`<td style="${CELL}">
      <div style="margin:0 0 4px;font-weight:700">${barText(chart, bar)}</div>
      ${barHtml(bar)}
    </td>`;
  return html`<td style="${CELL}">${barHtml(bar)}</td>
    <td style="${CELL};text-align:right;font-weight:700;white-space:nowrap">${barText(chart, bar)}</td>`;
}

/** The chart as a captioned table: a row for each bar, headed by its label. */
export function barChartHtml(chart: BarChart, layout: BarChartLayout): SafeHtml {
  if (!chart.bars.length && layout.whenEmpty !== undefined) return html`<p style="margin:0">${layout.whenEmpty}</p>`;
  const { email } = layout;
  const headers = [
    columnHeaderHtml(email.label, 'left', `;width:${email.labelWidth}%`),
    columnHeaderHtml(email.bar, 'left'),
    ...(email.value === undefined ? [] : [columnHeaderHtml(email.value, 'right')]),
  ];
  const rows = chart.bars.map(
    (bar) =>
      html`<tr>
        ${rowHeaderHtml(bar.label)} ${barCellsHtml(chart, bar, layout)}
      </tr>`,
  );
  return dataTableHtml(chart.title, headers, rows);
}

// ───────────────────────────── PDF ─────────────────────────────

const BAR_HEIGHT = 12;
/** The least height of a row: a bar and the space below it. */
const ROW_HEIGHT = BAR_HEIGHT + 8;

/**
 * One bar: its label on the left, the bar on its track, then its value in bold; as tall as the label needs.
 * Tagged as a row of the chart's table, as the email sets it out: the label heads the row, the value is its cell.
 */
function drawBar(doc: Pdf, chart: BarChart, bar: Bar, { labelWidth, barWidth }: BarChartLayout['pdf'], table: Structure): void {
  const barLeft = left(doc) + labelWidth + 10;
  const valueLeft = barLeft + barWidth + 8;
  const height = Math.max(useStyle(doc, STYLES.cell).heightOfString(bar.label, { width: labelWidth }) + 8, ROW_HEIGHT);
  ensureSpace(doc, height);
  const top = doc.y;
  artifact(doc, () => {
    doc.rect(barLeft, top, barWidth, BAR_HEIGHT).fill(CHART_COLOURS.track);
    doc.rect(barLeft, top, (barWidth * filled(bar)) / 100, BAR_HEIGHT).fill(CHART_COLOURS.bar);
  });
  group(
    doc,
    'TR',
    (row) => {
      tag(doc, 'TH', () => useStyle(doc, STYLES.cell).text(bar.label, left(doc), top + 2, { width: labelWidth }), row, { scope: 'Row' });
      tag(
        doc,
        'TD',
        () =>
          useStyle(doc, STYLES.strongCell).text(barText(chart, bar), valueLeft, top + 2, {
            width: left(doc) + contentWidth(doc) - valueLeft,
          }),
        row,
      );
    },
    table,
  );
  doc.x = left(doc);
  doc.y = top + height;
}

/** The chart's title, then a bar on its track for each rate with its value written beside it. */
export function drawBarChart(doc: Pdf, chart: BarChart, layout: BarChartLayout): void {
  if (!chart.bars.length && layout.whenEmpty !== undefined) {
    write(doc, layout.whenEmpty, STYLES.body);
    return;
  }
  group(doc, 'Table', (table) => {
    write(doc, chart.title, STYLES.small, 0, 'Caption', table);
    doc.y += 6;
    for (const bar of chart.bars) drawBar(doc, chart, bar, layout.pdf, table);
  });
}

/** The chart under its heading, which starts a new page rather than be left without the chart. */
export function drawBarChartSection(doc: Pdf, heading: string, chart: BarChart, layout: BarChartLayout): void {
  writeHeading(doc, heading, ROW_HEIGHT * (chart.bars.length + 1));
  drawBarChart(doc, chart, layout);
}
