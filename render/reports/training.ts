import PDFDocument from 'pdfkit';

import { formatDate, formatShortDate, type IsoDate } from '../../domain/calendar';
import { STATE_LABELS, type AttendanceList, type TrainingCell, type TrainingMatrix, type TrainingRow } from '../../domain/training/reports';
import { toCsv } from '../csv';
import { html, SafeHtml } from '../html';

// ───────────────────────────── shared wording ─────────────────────────────

type Period = TrainingMatrix['period'];

const periodText = (period: Period): string => `${period.label}: ${formatDate(period.start)} to ${formatDate(period.end)}`;

const positionsText = (matrix: TrainingMatrix): string => `Positions on ${formatDate(matrix.on)}`;

const complianceText = (matrix: TrainingMatrix): string =>
  `${matrix.rows.filter((row) => row.compliant).length} of ${matrix.rows.length} members have every required course up to date`;

const NOT_COMPLIANT = 'Not compliant';
const NO_ATTENDANCE = 'No attendance at published courses was recorded in this period.';

/** "Mon 23 Nov 2026" with non-breaking spaces, so a narrow column never splits a date across lines. */
const cellDate = (date: IsoDate): string => formatShortDate(date).replace(/ /g, '\u00a0');

/** A line of a table cell. Strong lines head a cell; alert lines mark what needs action, in words as well as colour. */
interface Line {
  text: string;
  emphasis?: 'strong' | 'alert';
}

type Cell = Line[];

const plain = (text: string): Cell => [{ text }];

/** A table as both the email and the PDF show it: the first cell of each row heads it. */
interface ReportTable {
  heading: string;
  caption: string;
  headers: string[];
  rows: Cell[][];
  /** Said in place of the rows when there are none. */
  whenEmpty: string;
  /** Figures line up on the right; text reads from the left. */
  align: 'left' | 'right';
  /** The PDF width taken by the column of row headers; the other columns share the rest equally. */
  rowHeaderShare: number;
}

const needsAction = (cell: TrainingCell): boolean => cell.state === 'LAPSED' || cell.state === 'NEVER_DONE';

/** "Lapsed (overdue)", "Valid (awaiting verification)". */
function stateText(cell: TrainingCell): string {
  const notes = [cell.overdue && '(overdue)', cell.awaitingVerification && '(awaiting verification)'].filter(Boolean);
  return [STATE_LABELS[cell.state], ...notes].join(' ');
}

/** The date to know: until when a valid course lasts, or by when a missing one must be done. */
function dateText(cell: TrainingCell): string | null {
  if (needsAction(cell)) return cell.dueBy && `Due by ${cellDate(cell.dueBy)}`;
  if (cell.state === 'NOT_REQUIRED') return null;
  return cell.validUntil ? `Valid until ${cellDate(cell.validUntil)}` : 'Does not expire';
}

function courseCell(cell: TrainingCell | undefined): Cell {
  if (!cell) return [];
  const date = dateText(cell);
  return [
    { text: stateText(cell), emphasis: needsAction(cell) ? 'alert' : 'strong' },
    ...(date ? [{ text: date }] : []),
    ...cell.completedInPeriod.map((completedOn) => ({ text: `Completed ${cellDate(completedOn)}` })),
  ];
}

function memberCell(row: TrainingRow): Cell {
  return [
    { text: row.memberName, emphasis: 'strong' },
    ...(row.ward ? [{ text: row.ward }] : []),
    ...(row.compliant ? [] : [{ text: NOT_COMPLIANT, emphasis: 'alert' as const }]),
  ];
}

const cellOfCourse = (row: TrainingRow, courseKey: string): TrainingCell | undefined =>
  row.cells.find((cell) => cell.courseKey === courseKey);

function summaryTable(matrix: TrainingMatrix): ReportTable {
  return {
    heading: 'Summary by course',
    caption: `Members on each course on ${formatDate(matrix.on)}, and completions in ${matrix.period.label}`,
    headers: ['Course', 'Required', 'Valid', 'Due soon', 'Lapsed', 'Never done', 'Completed in period'],
    rows: matrix.courses.map((course) => {
      const totals = matrix.byCourse.find((line) => line.courseKey === course.key);
      const figures = totals
        ? [totals.required, totals.valid, totals.dueSoon, totals.lapsed, totals.neverDone, totals.completedInPeriod]
        : [];
      return [plain(course.title), ...figures.map((figure) => plain(String(figure)))];
    }),
    whenEmpty: 'No courses are in this report.',
    align: 'right',
    rowHeaderShare: 0.34,
  };
}

function memberTable(matrix: TrainingMatrix): ReportTable {
  return {
    heading: 'Members',
    caption: `Each member’s position on each course on ${formatDate(matrix.on)}, with the dates they completed it in ${matrix.period.label}`,
    headers: ['Member', ...matrix.courses.map((course) => course.title)],
    rows: matrix.rows.map((row) => [memberCell(row), ...matrix.courses.map((course) => courseCell(cellOfCourse(row, course.key)))]),
    whenEmpty: 'No members are in this report.',
    align: 'left',
    rowHeaderShare: 0.17,
  };
}

const reportTables = (matrix: TrainingMatrix): ReportTable[] => [summaryTable(matrix), memberTable(matrix)];

// ───────────────────────────── HTML email ─────────────────────────────

const COLOURS = { text: '#0b0c0c', muted: '#505a5f', rule: '#b1b4b6', shade: '#f3f2f1', alert: '#d4351c' };

const EMAIL_WIDTH = 1000;
const CELL = `padding:6px 8px;border-bottom:1px solid ${COLOURS.rule};vertical-align:top`;
const DATA_TABLE = 'border-collapse:collapse;width:100%;font-size:14px;line-height:1.4';
const CAPTION = `caption-side:top;text-align:left;padding:0 0 8px;font-size:14px;color:${COLOURS.muted}`;
const LINE_STYLES = { strong: 'font-weight:700', alert: `font-weight:700;color:${COLOURS.alert}` };

const sectionHtml = (heading: string, content: SafeHtml): SafeHtml =>
  html`<h2 style="margin:28px 0 8px;font-size:20px;line-height:1.3">${heading}</h2>
    ${content}`;

/** A cell's lines one under another; emphasised lines bold, alerts also red. */
const linesHtml = (cell: Cell): SafeHtml[] =>
  cell.map(
    (line, index) =>
      html`${index > 0 && html`<br />`}${line.emphasis ? html`<span style="${LINE_STYLES[line.emphasis]}">${line.text}</span>` : line.text}`,
  );

function tableHtml(table: ReportTable): SafeHtml {
  const align = (index: number) => (index === 0 ? 'left' : table.align);
  const body = table.rows.length
    ? table.rows.map(
        ([header = [], ...cells]) =>
          html`<tr>
            <th scope="row" style="${CELL};text-align:left;font-weight:normal">${linesHtml(header)}</th>
            ${cells.map((cell) => html`<td style="${CELL};text-align:${table.align}">${linesHtml(cell)}</td>`)}
          </tr>`,
      )
    : html`<tr>
        <td colspan="${table.headers.length}" style="${CELL}">${table.whenEmpty}</td>
      </tr>`;
  return html`<table style="${DATA_TABLE}">
    <caption style="${CAPTION}">
      ${table.caption}
    </caption>
    <thead>
      <tr style="background:${COLOURS.shade}">
        ${table.headers.map((header, index) => html`<th scope="col" style="${CELL};text-align:${align(index)}">${header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
  </table>`;
}

/**
 * The training report as a complete HTML document for an email body: inline styles and table layout, nothing
 * fetched from elsewhere. It is wider than most emails because the member table has a column per course.
 */
export function trainingReportHtml(matrix: TrainingMatrix): string {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${matrix.title}, ${matrix.period.label}</title>
      </head>
      <body style="margin:0;padding:0;background:${COLOURS.shade}">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
          <tr>
            <td align="center">
              <!--[if mso]><table role="presentation" width="${EMAIL_WIDTH}" cellpadding="0" cellspacing="0"><tr><td><![endif]-->
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="border-collapse:collapse;max-width:${EMAIL_WIDTH}px;background:#ffffff"
              >
                <tr>
                  <td
                    style="padding:24px 16px;text-align:left;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:${COLOURS.text}"
                  >
                    <h1 style="margin:0 0 8px;font-size:26px;line-height:1.25">${matrix.title}</h1>
                    <p style="margin:0">${matrix.councilName}</p>
                    <p style="margin:0">${periodText(matrix.period)}</p>
                    <p style="margin:0">${positionsText(matrix)}</p>
                    <p style="margin:16px 0 0;font-size:20px;font-weight:700">${complianceText(matrix)}</p>
                    ${reportTables(matrix).map((table) => sectionHtml(table.heading, tableHtml(table)))}
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

const TRAINING_COLUMNS = [
  'member',
  'reference',
  'ward',
  'course',
  'state',
  'last_completed_on',
  'valid_until',
  'due_by',
  'overdue',
  'awaiting_verification',
  'completed_in_period',
] as const;

type TrainingCsvRow = Record<(typeof TRAINING_COLUMNS)[number], string | null>;

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** One row per member and course, in the matrix's order, with ISO dates for spreadsheets. */
export function trainingReportCsv(matrix: TrainingMatrix): string {
  const rows = matrix.rows.flatMap((row) =>
    matrix.courses.flatMap((course): TrainingCsvRow[] => {
      const cell = cellOfCourse(row, course.key);
      if (!cell) return [];
      return [
        {
          member: row.memberName,
          reference: row.reference,
          ward: row.ward,
          course: course.title,
          state: STATE_LABELS[cell.state],
          last_completed_on: cell.lastCompletedOn,
          valid_until: cell.validUntil,
          due_by: cell.dueBy,
          overdue: yesNo(cell.overdue),
          awaiting_verification: yesNo(cell.awaitingVerification),
          completed_in_period: cell.completedInPeriod.join(';'),
        },
      ];
    }),
  );
  return toCsv(rows, TRAINING_COLUMNS);
}

// ───────────────────────────── PDF ─────────────────────────────

type Pdf = PDFKit.PDFDocument;

const CELL_PADDING = 4;
/** A heading keeps at least this much of its section on its page. */
const KEEP_WITH_HEADING = 90;

interface TextStyle {
  font: string;
  size: number;
  colour: string;
}

const STYLES = {
  title: { font: 'Helvetica-Bold', size: 18, colour: COLOURS.text },
  heading: { font: 'Helvetica-Bold', size: 13, colour: COLOURS.text },
  emphasis: { font: 'Helvetica-Bold', size: 11, colour: COLOURS.text },
  body: { font: 'Helvetica', size: 10, colour: COLOURS.text },
  cell: { font: 'Helvetica', size: 8, colour: COLOURS.text },
  strongCell: { font: 'Helvetica-Bold', size: 8, colour: COLOURS.text },
  alertCell: { font: 'Helvetica-Bold', size: 8, colour: COLOURS.alert },
  small: { font: 'Helvetica', size: 8, colour: COLOURS.muted },
} satisfies Record<string, TextStyle>;

const LINE_PDF_STYLES = { plain: STYLES.cell, strong: STYLES.strongCell, alert: STYLES.alertCell };

const left = (doc: Pdf): number => doc.page.margins.left;
const contentWidth = (doc: Pdf): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Pdf): number => doc.page.height - doc.page.margins.bottom;

const useStyle = (doc: Pdf, style: TextStyle): Pdf => doc.font(style.font).fontSize(style.size).fillColor(style.colour);

/** A paragraph across the content width. */
function write(doc: Pdf, text: string, style: TextStyle): void {
  useStyle(doc, style).text(text, left(doc), doc.y, { width: contentWidth(doc) });
  doc.x = left(doc);
}

function pdfHeading(doc: Pdf, heading: string): void {
  doc.y += 14;
  if (doc.y + KEEP_WITH_HEADING > bottom(doc)) doc.addPage();
  write(doc, heading, STYLES.heading);
  doc.y += 4;
}

function columnWidths(doc: Pdf, table: ReportTable): number[] {
  const rowHeader = contentWidth(doc) * table.rowHeaderShare;
  const other = (contentWidth(doc) - rowHeader) / Math.max(1, table.headers.length - 1);
  return [rowHeader, ...table.headers.slice(1).map(() => other)];
}

/** Measures a cell's lines, and draws them too when told where (`at`); either way returns their height. */
function layCell(doc: Pdf, cell: Cell, width: number, at?: { x: number; y: number; align: 'left' | 'right' }): number {
  let height = 0;
  for (const line of cell) {
    useStyle(doc, LINE_PDF_STYLES[line.emphasis ?? 'plain']);
    if (at) doc.text(line.text, at.x, at.y + height, { width, align: at.align });
    height += doc.heightOfString(line.text, { width });
  }
  return height;
}

const innerWidth = (widths: number[], index: number): number => (widths[index] ?? 0) - 2 * CELL_PADDING;

const rowHeight = (doc: Pdf, row: Cell[], widths: number[]): number =>
  Math.max(0, ...row.map((cell, index) => layCell(doc, cell, innerWidth(widths, index)))) + 2 * CELL_PADDING;

function drawRow(doc: Pdf, row: Cell[], widths: number[], align: 'left' | 'right', shade?: string): void {
  const top = doc.y;
  const height = rowHeight(doc, row, widths);
  if (shade) doc.rect(left(doc), top, contentWidth(doc), height).fill(shade);
  let x = left(doc);
  row.forEach((cell, index) => {
    layCell(doc, cell, innerWidth(widths, index), { x: x + CELL_PADDING, y: top + CELL_PADDING, align: index === 0 ? 'left' : align });
    x += widths[index] ?? 0;
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

/** A table whose rows never split across pages; each new page repeats the header row. */
function drawTable(doc: Pdf, table: ReportTable): void {
  write(doc, table.caption, STYLES.small);
  doc.y += 4;
  const widths = columnWidths(doc, table);
  const header = table.headers.map((text): Cell => [{ text, emphasis: 'strong' }]);
  const drawHeader = () => drawRow(doc, header, widths, table.align, COLOURS.shade);
  drawHeader();
  for (const row of table.rows.length ? table.rows : [[plain(table.whenEmpty)]]) {
    if (doc.y + rowHeight(doc, row, widths) > bottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    drawRow(doc, row, widths, table.align);
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

/** The training report as an A4 landscape PDF (a column per course) in the built-in Helvetica fonts, with the email's content. */
export function trainingReportPdf(matrix: TrainingMatrix): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: matrix.title, Author: matrix.councilName, Subject: periodText(matrix.period) },
  });
  const output = collectOutput(doc);

  write(doc, matrix.title, STYLES.title);
  write(doc, matrix.councilName, STYLES.body);
  write(doc, periodText(matrix.period), STYLES.body);
  write(doc, positionsText(matrix), STYLES.body);
  doc.y += 8;
  write(doc, complianceText(matrix), STYLES.emphasis);

  for (const table of reportTables(matrix)) {
    pdfHeading(doc, table.heading);
    drawTable(doc, table);
  }

  numberPages(doc);
  doc.end();
  return output;
}

// ───────────────────────────── public attendance list ─────────────────────────────

type AttendanceEntry = AttendanceList['entries'][number];

interface CourseAttendance {
  courseTitle: string;
  days: Array<{ attendedOn: IsoDate; memberNames: string[] }>;
}

const byText = (a: string, b: string): number => a.localeCompare(b, 'en-GB');

/** By course title, then date, then member name: the order of the page and of the CSV. */
const sortedEntries = (list: AttendanceList): AttendanceEntry[] =>
  [...list.entries].sort(
    (a, b) => byText(a.courseTitle, b.courseTitle) || a.attendedOn.localeCompare(b.attendedOn) || byText(a.memberName, b.memberName),
  );

function attendanceByCourse(list: AttendanceList): CourseAttendance[] {
  const courses: CourseAttendance[] = [];
  for (const entry of sortedEntries(list)) {
    let course = courses.at(-1);
    if (course?.courseTitle !== entry.courseTitle) courses.push((course = { courseTitle: entry.courseTitle, days: [] }));
    let day = course.days.at(-1);
    if (day?.attendedOn !== entry.attendedOn) course.days.push((day = { attendedOn: entry.attendedOn, memberNames: [] }));
    day.memberNames.push(entry.memberName);
  }
  return courses;
}

/** Mobile first: the base rules are for a phone; wider screens only get more room. Colours meet WCAG AA contrast on white. */
const PAGE_STYLE = new SafeHtml(`
  body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5; color: ${COLOURS.text}; background: #ffffff; }
  main { max-width: 48rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
  h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 0.5rem; }
  h2 { font-size: 1.375rem; line-height: 1.3; margin: 2rem 0 0.5rem; }
  p { margin: 0 0 0.25rem; }
  table { width: 100%; border-collapse: collapse; }
  caption { text-align: left; color: ${COLOURS.muted}; padding-bottom: 0.5rem; }
  th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid ${COLOURS.rule}; }
  thead th { border-bottom-width: 2px; }
  tbody th { font-weight: normal; width: 45%; }
  ul { margin: 0; padding: 0; list-style: none; }
  @media (min-width: 40rem) { main { padding: 2rem; } h1 { font-size: 2.25rem; } tbody th { width: 35%; } }
`);

function courseAttendanceHtml(course: CourseAttendance): SafeHtml {
  return html`<section>
    <h2>${course.courseTitle}</h2>
    <table>
      <caption>
        Members who attended ${course.courseTitle}, by date
      </caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Members</th>
        </tr>
      </thead>
      <tbody>
        ${course.days.map(
          (day) =>
            html`<tr>
              <th scope="row">${formatDate(day.attendedOn)}</th>
              <td>
                <ul>
                  ${day.memberNames.map((name) => html`<li>${name}</li>`)}
                </ul>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** The attendance list as a standalone page for the council's website: names, course titles and dates only. */
export function attendanceListHtml(list: AttendanceList): string {
  const courses = attendanceByCourse(list);
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${list.title}, ${list.period.label}: ${list.councilName}</title>
        <style>
          ${PAGE_STYLE}
        </style>
      </head>
      <body>
        <main>
          <h1>${list.title}</h1>
          <p>${list.councilName}</p>
          <p>${periodText(list.period)}</p>
          ${courses.length ? courses.map(courseAttendanceHtml) : html`<p>${NO_ATTENDANCE}</p>`}
        </main>
      </body>
    </html>`.value;
}

/** The attendance list for spreadsheets, in the page's order. */
export function attendanceListCsv(list: AttendanceList): string {
  const rows = sortedEntries(list).map((entry) => ({ member: entry.memberName, course: entry.courseTitle, attended_on: entry.attendedOn }));
  return toCsv(rows, ['member', 'course', 'attended_on']);
}
