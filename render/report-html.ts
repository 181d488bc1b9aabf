import { COLOURS } from './colours';
import { html, type HtmlValue, type SafeHtml } from './html';
import { headingDetails, type ReportHeading } from './report-heading';
import { cellLines, type ColumnAlign, type ReportTable, type TableCell } from './report-table';

// Email clients drop stylesheets, so every style is inline and layout is done with tables.

export const CELL = `padding:6px 8px;border-bottom:1px solid ${COLOURS.rule};vertical-align:top`;
const ROW_HEADER = `${CELL};text-align:left;font-weight:normal`;
const DATA_TABLE = 'border-collapse:collapse;width:100%;font-size:14px;line-height:1.4';
const CAPTION = `caption-side:top;text-align:left;padding:0 0 8px;font-size:14px;color:${COLOURS.muted}`;
const LINE_STYLES = { strong: 'font-weight:700', alert: `font-weight:700;color:${COLOURS.alert}` };

export const sectionHtml = (heading: string, content: SafeHtml | SafeHtml[]): SafeHtml =>
  html`<h2 style="margin:28px 0 8px;font-size:20px;line-height:1.3">${heading}</h2>
    ${content}`;

/** A column's header; `style` adds to the cell's, e.g. a width. */
export const columnHeaderHtml = (text: string, align: ColumnAlign, style = ''): SafeHtml =>
  html`<th scope="col" style="${CELL};text-align:${align}${style}">${text}</th>`;

/** A row's header: on the left, in the weight of the body so the figures stand out. */
export const rowHeaderHtml = (content: HtmlValue): SafeHtml => html`<th scope="row" style="${ROW_HEADER}">${content}</th>`;

/** A captioned table with a shaded header row; the rows are given as markup. */
export function dataTableHtml(caption: string, columnHeaders: SafeHtml[], rows: SafeHtml | SafeHtml[]): SafeHtml {
  return html`<table style="${DATA_TABLE}">
    <caption style="${CAPTION}">
      ${caption}
    </caption>
    <thead>
      <tr style="background:${COLOURS.shade}">
        ${columnHeaders}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** A cell's lines one under another; emphasised lines bold, alerts also red. */
const linesHtml = (cell: TableCell): SafeHtml[] =>
  cellLines(cell).map(
    (line, index) =>
      html`${index > 0 && html`<br />`}${line.emphasis ? html`<span style="${LINE_STYLES[line.emphasis]}">${line.text}</span>` : line.text}`,
  );

function bodyRowsHtml(table: ReportTable): SafeHtml | SafeHtml[] {
  if (!table.rows.length)
    return html`<tr>
      <td colspan="${table.headers.length}" style="${CELL}">${table.whenEmpty}</td>
    </tr>`;
  return table.rows.map(
    ([header = '', ...cells]) =>
      html`<tr>
        ${rowHeaderHtml(linesHtml(header))}
        ${cells.map((cell) => html`<td style="${CELL};text-align:${table.align}">${linesHtml(cell)}</td>`)}
      </tr>`,
  );
}

/** A report table: row headers on the left, the other columns aligned as the table says, cells of one or more lines. */
export function tableHtml(table: ReportTable): SafeHtml {
  const headers = table.headers.map((header, index) => columnHeaderHtml(header, index === 0 ? 'left' : table.align));
  return dataTableHtml(table.caption, headers, bodyRowsHtml(table));
}

/** What heads the email, line by line. */
interface EmailHeading {
  /** The report's title, which heads it and, with the period, titles the document. */
  title: string;
  periodLabel: string;
  /** Lines under the title that say whose report it is and what it covers. */
  details: string[];
}

export type ReportEmail = (EmailHeading | { heading: ReportHeading }) & {
  /** The widest the content grows, in pixels. */
  width: number;
  /** The line an inbox shows beside the subject; hidden in the message itself. */
  preheader?: string;
  body: SafeHtml | SafeHtml[];
};

const emailHeading = (email: ReportEmail): EmailHeading =>
  'heading' in email
    ? { title: email.heading.title, periodLabel: email.heading.period.label, details: headingDetails(email.heading) }
    : email;

/**
 * A complete HTML document for an email body: inline styles and table layout, nothing fetched from elsewhere.
 * The conditional comments give Outlook, which ignores max-width, a fixed width instead.
 */
export function reportEmailDocument(email: ReportEmail): string {
  const { title, periodLabel, details } = emailHeading(email);
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${title}, ${periodLabel}</title>
      </head>
      <body style="margin:0;padding:0;background:${COLOURS.shade}">
        ${email.preheader !== undefined && html`<span style="display:none;max-height:0;overflow:hidden">${email.preheader}</span>`}
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
          <tr>
            <td align="center">
              <!--[if mso]><table role="presentation" width="${email.width}" cellpadding="0" cellspacing="0"><tr><td><![endif]-->
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="border-collapse:collapse;max-width:${email.width}px;background:#ffffff"
              >
                <tr>
                  <td
                    style="padding:24px 16px;text-align:left;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:${COLOURS.text}"
                  >
                    <h1 style="margin:0 0 8px;font-size:26px;line-height:1.25">${title}</h1>
                    ${details.map((detail) => html`<p style="margin:0">${detail}</p>`)} ${email.body}
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
