import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import PDFDocument from 'pdfkit';

import { sumOf } from '../domain/reports/figures';
import { COLOURS } from './colours';
import { headingDetails, periodText, type ReportHeading } from './report-heading';
import { cellLines, type ColumnAlign, type ReportTable, type TableCell } from './report-table';

export type Pdf = PDFKit.PDFDocument;

declare global {
  // pdfkit's typings are a global namespace, which only a namespace can extend.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace PDFKit.Mixins {
    /** pdfkit reads a header cell's scope, which its typings leave out. */
    interface StructureElementOptions {
      scope?: 'Row' | 'Column' | 'Both';
    }
    /** pdfkit (0.20 on) takes a font fontkit has parsed in place of its file, which its typings leave out. */
    interface PDFFont {
      registerFont(name: string, src: ParsedFont): this;
    }
  }
}

export interface TextStyle {
  font: FontName;
  size: number;
  colour: string;
}

/** A font file of the Arimo package. */
const arimo = (file: string): string => require.resolve(`@expo-google-fonts/arimo/${file}`);

/**
 * Arimo, embedded (only the glyphs a document uses): it prints every name as it is spelt (Llŷr-Prŷs, Ŵyn,
 * Łucja), which the standard PDF fonts cannot, and its letters are as wide as Helvetica's, so the layouts
 * stay as they were.
 */
const FONT_FILES = {
  Arimo: arimo('400Regular/Arimo_400Regular.ttf'),
  'Arimo-Bold': arimo('700Bold/Arimo_700Bold.ttf'),
  'Arimo-Italic': arimo('400Regular_Italic/Arimo_400Regular_Italic.ttf'),
};

type FontName = keyof typeof FONT_FILES;

/** A font file as fontkit parsed it: its tables are read as the first text is laid out, then kept. */
interface ParsedFont {
  layout(text: string): unknown;
}

/** The fontkit pdfkit parses fonts with (its dependency, not ours, so found from pdfkit). */
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(file: Buffer): ParsedFont };

let parsedFonts: [FontName, ParsedFont][] | undefined;

/**
 * The fonts, each read and parsed once a process and shared by every document: parsing a font's layout
 * tables anew for each document took most of a document's time. A document embeds a subset of its own.
 */
function arimoFonts(): [FontName, ParsedFont][] {
  parsedFonts ??= Object.entries(FONT_FILES).map(([name, file]) => [name as FontName, fontkit.create(readFileSync(file))]);
  return parsedFonts;
}

const FONTS = { regular: 'Arimo', bold: 'Arimo-Bold', italic: 'Arimo-Italic' } satisfies Record<string, FontName>;

export const STYLES = {
  title: { font: FONTS.bold, size: 20, colour: COLOURS.text },
  heading: { font: FONTS.bold, size: 14, colour: COLOURS.text },
  emphasis: { font: FONTS.bold, size: 12, colour: COLOURS.text },
  body: { font: FONTS.regular, size: 10, colour: COLOURS.text },
  quote: { font: FONTS.italic, size: 10, colour: COLOURS.text },
  cell: { font: FONTS.regular, size: 9, colour: COLOURS.text },
  strongCell: { font: FONTS.bold, size: 9, colour: COLOURS.text },
  alertCell: { font: FONTS.bold, size: 9, colour: COLOURS.alert },
  small: { font: FONTS.regular, size: 8, colour: COLOURS.muted },
} satisfies Record<string, TextStyle>;

const LINE_STYLES = { plain: STYLES.cell, strong: STYLES.strongCell, alert: STYLES.alertCell };

const CELL_PADDING = 4;
const MIN_FIGURE_WIDTH = 36;
const HEADING_HEIGHT = 24;
const KEEP_WITH_HEADING = { min: 60, max: 240 };

export const left = (doc: Pdf): number => doc.page.margins.left;
export const contentWidth = (doc: Pdf): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const bottom = (doc: Pdf): number => doc.page.height - doc.page.margins.bottom;

export const useStyle = (doc: Pdf, style: TextStyle): Pdf => doc.font(style.font).fontSize(style.size).fillColor(style.colour);

// ───────────────────────────── tags ─────────────────────────────

/** The structure roles (PDF 1.7, 14.8.4) the documents use: what a screen reader announces as it reads. */
export type Role = 'H1' | 'H2' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'TR' | 'TH' | 'TD' | 'Caption';

export type Structure = PDFKit.PDFStructureElement;

/** Each document's "Document" element, which everything tagged hangs from in reading order. */
const documentElements = new WeakMap<Pdf, Structure>();

function documentElement(doc: Pdf): Structure {
  const element = documentElements.get(doc);
  if (!element) throw new Error('Only a document begun by a4Document can be tagged');
  return element;
}

/** Tags what `draw` puts on the page as one element of `role`: the next child of `parent`, the document's by default. */
export function tag(
  doc: Pdf,
  role: Role,
  draw: () => void,
  parent: Structure = documentElement(doc),
  options: PDFKit.Mixins.StructureElementOptions = {},
): void {
  // The element runs `draw` as it is added, marking what it draws as its content.
  parent.add(doc.struct(role, options, draw));
}

/** An element of `role` holding other elements (a table's rows, a list's items), which `fill` tags in order. */
export function group(
  doc: Pdf,
  role: Role,
  fill: (element: Structure) => void,
  parent: Structure = documentElement(doc),
  options: PDFKit.Mixins.StructureElementOptions = {},
): void {
  const element = doc.struct(role, options);
  parent.add(element);
  fill(element);
  element.end();
}

/** Draws what only decorates (rules, frames, shading) or repeats on every page (page numbers) as an artifact, which readers skip. */
export function artifact(doc: Pdf, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** A paragraph across the content width, `indent` points in from the left margin, tagged as `role` (a paragraph unless said). */
export function write(doc: Pdf, text: string, style: TextStyle, indent = 0, role: Role = 'P', parent?: Structure): void {
  tag(doc, role, () => useStyle(doc, style).text(text, left(doc) + indent, doc.y, { width: contentWidth(doc) - indent }), parent);
  doc.x = left(doc);
}

/** The report's title, then the lines that say whose it is and what it covers. */
export function writeTitle(doc: Pdf, title: string, details: string[]): void {
  write(doc, title, STYLES.title, 0, 'H1');
  for (const detail of details) write(doc, detail, STYLES.body);
}

/** A section heading, kept on one page with all of a short section (`sectionHeight` points) and the start of a long one. */
export function writeHeading(doc: Pdf, heading: string, sectionHeight: number): void {
  doc.y += 16;
  ensureSpace(doc, HEADING_HEIGHT + Math.min(Math.max(sectionHeight, KEEP_WITH_HEADING.min), KEEP_WITH_HEADING.max));
  write(doc, heading, STYLES.heading, 0, 'H2');
  doc.y += 4;
}

// ───────────────────────────── tables ─────────────────────────────

/** How a table shares the content width between its columns: a width in points for each, the row headers' first. */
export type ColumnWidths = (doc: Pdf, table: ReportTable) => number[];

/**
 * Each figure column is as wide as its longest word, so headings wrap between
 * words and never inside one, and a figure never wraps; while there is room
 * headings stay on one line. The column of row headers takes the rest.
 */
export const fitToFigures: ColumnWidths = (doc, table) => {
  useStyle(doc, STYLES.strongCell);
  const roomForHeader = (contentWidth(doc) * 0.4) / (table.headers.length - 1);
  const figureWidths = table.headers.slice(1).map((header, index) => {
    const figures = table.rows.flatMap((row) => cellLines(row[index + 1] ?? '').map((line) => line.text));
    const widest = Math.max(
      MIN_FIGURE_WIDTH,
      Math.min(doc.widthOfString(header), roomForHeader),
      ...[...header.split(' '), ...figures].map((word) => doc.widthOfString(word)),
    );
    return widest + 2 * CELL_PADDING;
  });
  return [contentWidth(doc) - sumOf(figureWidths), ...figureWidths];
};

/** The row headers take `share` of the content width; the other columns share the rest equally. */
export const rowHeaderShare =
  (share: number): ColumnWidths =>
  (doc, table) => {
    const rowHeader = contentWidth(doc) * share;
    const other = (contentWidth(doc) - rowHeader) / Math.max(1, table.headers.length - 1);
    return [rowHeader, ...table.headers.slice(1).map(() => other)];
  };

interface CellPlace {
  x: number;
  y: number;
  align: ColumnAlign;
}

/**
 * Measures a cell's lines, and draws them too when told where (`at`), each tagged as a paragraph of the cell's
 * element if it has one; either way returns their height.
 */
function layCell(doc: Pdf, cell: TableCell, width: number, at?: CellPlace, element?: Structure): number {
  let height = 0;
  for (const line of cellLines(cell)) {
    useStyle(doc, LINE_STYLES[line.emphasis ?? 'plain']);
    if (at) {
      const top = at.y + height;
      const draw = () => doc.text(line.text, at.x, top, { width, align: at.align });
      if (element) tag(doc, 'P', draw, element);
      else draw();
    }
    height += doc.heightOfString(line.text, { width });
  }
  return height;
}

const innerWidth = (widths: number[], index: number): number => (widths[index] ?? 0) - 2 * CELL_PADDING;

const rowHeight = (doc: Pdf, row: TableCell[], widths: number[]): number =>
  Math.max(0, ...row.map((cell, index) => layCell(doc, cell, innerWidth(widths, index)))) + 2 * CELL_PADDING;

/** How the cells of a row are tagged, by their place in it. */
type CellTags = (index: number) => { role: 'TH' | 'TD'; options: PDFKit.Mixins.StructureElementOptions };

const COLUMN_HEADERS: CellTags = () => ({ role: 'TH', options: { scope: 'Column' } });
/** A body row: its first cell heads it. */
const HEADED_ROW: CellTags = (index) => (index === 0 ? { role: 'TH', options: { scope: 'Row' } } : { role: 'TD', options: {} });
const PLAIN_ROW: CellTags = () => ({ role: 'TD', options: {} });

/**
 * A row of cells with a rule beneath; `shade` fills it first, as for the header row. The row is tagged in
 * `table` with its cells tagged by `cells`, or is an artifact when `cells` is null: a header row repeated on a new page.
 */
function drawRow(
  doc: Pdf,
  row: TableCell[],
  widths: number[],
  align: ColumnAlign,
  within: { table: Structure; cells: CellTags | null },
  shade?: string,
): void {
  const top = doc.y;
  const height = rowHeight(doc, row, widths);
  if (shade) artifact(doc, () => doc.rect(left(doc), top, contentWidth(doc), height).fill(shade));
  const drawCell = (cell: TableCell, index: number, element?: Structure) =>
    layCell(
      doc,
      cell,
      innerWidth(widths, index),
      { x: left(doc) + sumOf(widths.slice(0, index)) + CELL_PADDING, y: top + CELL_PADDING, align: index === 0 ? 'left' : align },
      element,
    );
  const { cells } = within;
  if (cells)
    group(
      doc,
      'TR',
      (tableRow) =>
        row.forEach((cell, index) => {
          const { role, options } = cells(index);
          group(doc, role, (element) => drawCell(cell, index, element), tableRow, options);
        }),
      within.table,
    );
  else artifact(doc, () => row.forEach((cell, index) => drawCell(cell, index)), 'Pagination');
  artifact(doc, () =>
    doc
      .moveTo(left(doc), top + height)
      .lineTo(left(doc) + contentWidth(doc), top + height)
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .stroke(),
  );
  doc.x = left(doc);
  doc.y = top + height;
}

const headerRow = (table: ReportTable): TableCell[] => table.headers.map((text) => [{ text, emphasis: 'strong' }]);

/** The rows to draw: the table's own, or one saying it has none. */
const bodyRows = (table: ReportTable): TableCell[][] => (table.rows.length ? table.rows : [[table.whenEmpty]]);

const captionHeight = (doc: Pdf, table: ReportTable): number =>
  useStyle(doc, STYLES.small).heightOfString(table.caption, { width: contentWidth(doc) }) + 4;

/** The height of the whole table, caption included, were it drawn on one page. */
export function tableHeight(doc: Pdf, table: ReportTable, columns: ColumnWidths): number {
  const widths = columns(doc, table);
  const rows = [headerRow(table), ...bodyRows(table)].map((row) => rowHeight(doc, row, widths));
  return captionHeight(doc, table) + sumOf(rows);
}

/** A captioned table whose rows never split across pages; each new page repeats the shaded header row. */
export function drawTable(doc: Pdf, table: ReportTable, columns: ColumnWidths): void {
  group(doc, 'Table', (element) => {
    write(doc, table.caption, STYLES.small, 0, 'Caption', element);
    doc.y += 4;
    const widths = columns(doc, table);
    const drawHeader = (cells: CellTags | null) =>
      drawRow(doc, headerRow(table), widths, table.align, { table: element, cells }, COLOURS.shade);
    drawHeader(COLUMN_HEADERS);
    const cells = table.rows.length ? HEADED_ROW : PLAIN_ROW;
    for (const row of bodyRows(table)) {
      if (doc.y + rowHeight(doc, row, widths) > bottom(doc)) {
        doc.addPage();
        drawHeader(null);
      }
      drawRow(doc, row, widths, table.align, { table: element, cells });
    }
  });
}

/** A table under its heading, which starts a new page rather than be left without the table's start. */
export function drawTableSection(doc: Pdf, table: ReportTable, columns: ColumnWidths): void {
  writeHeading(doc, table.heading, tableHeight(doc, table, columns));
  drawTable(doc, table, columns);
}

// ───────────────────────────── the document ─────────────────────────────

/** Goes back to each page of a buffered document in turn, once `draw` has laid them all out: `number` counts from 1. */
export function eachPage(doc: Pdf, finish: (number: number, count: number) => void): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    finish(index - start + 1, count);
  }
}

/** One line centred across the content width at `y`, which may be in the bottom margin. */
export function writeFooter(doc: Pdf, text: string, y: number, style: TextStyle): void {
  const margin = doc.page.margins.bottom;
  // Text inside the bottom margin would otherwise make pdfkit start a new page.
  doc.page.margins.bottom = 0;
  useStyle(doc, style).text(text, left(doc), y, { width: contentWidth(doc), align: 'center', lineBreak: false });
  doc.page.margins.bottom = margin;
}

/** "Page N of M" in every page's bottom margin, once the page count is known. */
export function numberPages(doc: Pdf, style: TextStyle): void {
  eachPage(doc, (number, count) =>
    artifact(doc, () => writeFooter(doc, `Page ${number} of ${count}`, doc.page.height - doc.page.margins.bottom / 2, style), 'Pagination'),
  );
}

/** The document's bytes, once it has ended. */
function collectOutput(doc: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The pages of an A4 document and the metadata a reader shows (the title in place of the file name). */
export interface A4Options extends Pick<PDFKit.PDFDocumentOptions, 'layout' | 'margin' | 'margins'> {
  info: { Title: string; Author: string; Subject: string };
}

/**
 * A blank A4 document in British English, set in Arimo and tagged: what is drawn with tag and write hangs
 * from the document's element. Its pages are kept in memory until the end, so a drawing can go back to each
 * (eachPage) knowing how many there are, as for page numbers.
 */
export function a4Document(options: PDFKit.PDFDocumentOptions = {}): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    ...options,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    tagged: true,
  });
  for (const [name, font] of arimoFonts()) doc.registerFont(name, font);
  doc.font(FONTS.regular);
  const element = doc.struct('Document');
  doc.addStructure(element);
  documentElements.set(doc, element);
  return doc;
}

/** An A4 document (a4Document) that `draw` lays out, with the metadata a reader shows (the title in place of the file name). */
export function a4Pdf(options: A4Options, draw: (doc: Pdf) => void): Promise<Buffer> {
  const doc = a4Document(options);
  const output = collectOutput(doc);
  draw(doc);
  documentElement(doc).end();
  doc.end();
  return output;
}

/** A report with its heading, which it writes first and takes its title, author (the council) and subject (the period) from. */
interface HeadedReport {
  heading: ReportHeading;
}

/** A document that heads itself: only its metadata. */
interface DocumentAbout {
  title: string;
  author: string;
  subject: string;
}

export type ReportPdfOptions = (HeadedReport | DocumentAbout) & {
  layout: 'portrait' | 'landscape';
  /** Every page margin, in points. */
  margin: number;
};

const aboutHeading = ({ title, councilName, period }: ReportHeading): DocumentAbout => ({
  title,
  author: councilName,
  subject: periodText(period),
});

/** An A4 report: its heading if it has one, then what `draw` lays out, then every page numbered. */
export function reportPdf(options: ReportPdfOptions, draw: (doc: Pdf) => void): Promise<Buffer> {
  const about = 'heading' in options ? aboutHeading(options.heading) : options;
  const info = { Title: about.title, Author: about.author, Subject: about.subject };
  return a4Pdf({ layout: options.layout, margin: options.margin, info }, (doc) => {
    if ('heading' in options) writeTitle(doc, options.heading.title, headingDetails(options.heading));
    draw(doc);
    numberPages(doc, STYLES.small);
  });
}
