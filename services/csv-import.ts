import { parse, type Info } from 'csv-parse/sync';
import { z } from 'zod';

import { InputError, refuseUnstorableText, type FieldProblem } from './errors';

/** Files above this size are refused before parsing. */
export const MAX_CSV_BYTES = 1_000_000;

/**
 * A valid row, numbered by the line of the file it starts on (the header is
 * line 1): what a text editor shows, and a spreadsheet's row number too
 * unless a cell above holds several lines.
 */
export interface NumberedRow<T> {
  row: number;
  data: T;
}

/** The field name of a problem in a file: "row 4, email". */
export const rowField = (row: number, column: string) => `row ${row}, ${column}`;

/** A CSV file as an import takes it: the file's bytes (an upload, a file on disk), or its text (pasted, or sent in JSON). */
export const csvFileSchema = (columns: readonly string[]) =>
  z.union([z.string(), z.custom<Uint8Array>((value) => value instanceof Uint8Array)], {
    error: `must be the text of a CSV file with the columns ${columns.join(', ')}`,
  });

export type CsvFile = z.infer<ReturnType<typeof csvFileSchema>>;

const UTF_8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * What Windows-1252 has at bytes 0x80 to 0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ, Ž, ‘ ’ “ ” • – — ˜ ™ š › œ, ž Ÿ), where
 * Latin-1 has control characters; its other bytes are Latin-1's. Node 20's TextDecoder('windows-1252')
 * decodes these as Latin-1, so the table is ours.
 */
const WINDOWS_1252_0X80 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const fromWindows1252 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (control) => WINDOWS_1252_0X80[control.charCodeAt(0) - 0x80] ?? control);

/**
 * A CSV file's text. Bytes that are valid UTF-8 are UTF-8; any others are
 * Windows-1252, which Excel's "CSV (Comma delimited)" writes (so Siân's â is
 * one byte, 0xE2). A byte order mark is kept, for the parser to drop, so the
 * text is as long in UTF-8 as the file and a file cut at the size limit is
 * still found too large.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return UTF_8.decode(bytes);
  } catch {
    return fromWindows1252(bytes);
  }
}

/** The text of a file given as bytes or text, refused whole when it is too large or holds what cannot be stored. */
function csvText(file: CsvFile): string {
  const size = typeof file === 'string' ? Buffer.byteLength(file) : file.byteLength;
  if (size > MAX_CSV_BYTES) {
    throw new InputError([{ field: 'file', message: `is larger than ${MAX_CSV_BYTES / 1_000_000} MB; split it into smaller files` }]);
  }
  if (typeof file === 'string') return file;
  const text = decodeCsv(file);
  // Text arrives checked (parseInput); bytes become text only here.
  refuseUnstorableText({ file: text });
  return text;
}

/** A record of the file (the header first) and the line it starts on. */
interface FileRecord {
  line: number;
  cells: string[];
}

/**
 * The file's records, each numbered by csv-parse's own count of lines: it
 * tells the line a record ends on and how many blank lines it has skipped,
 * so a record starts on the line after the previous one ended, past the
 * blank lines between. Line breaks become LF first, as csv-parse counts a
 * CR LF inside quotes as two lines. A record of blank cells (a spreadsheet's
 * empty row) is left out, as a blank line is.
 */
function recordsOf(text: string): FileRecord[] {
  let parsed: Array<{ record: string[]; info: Info }>;
  try {
    const options = { bom: true, skip_empty_lines: true, trim: true, info: true };
    // csv-parse's typings leave out what `info` adds to each record.
    parsed = parse(text.replace(/\r\n?/g, '\n'), options) as unknown as typeof parsed;
  } catch (error) {
    throw new InputError([{ field: 'file', message: `is not a readable CSV file (${(error as Error).message})` }]);
  }
  let previous = { lines: 0, empty_lines: 0 };
  const records: FileRecord[] = [];
  for (const { record, info } of parsed) {
    const line = previous.lines + 1 + info.empty_lines - previous.empty_lines;
    previous = info;
    if (record.some((cell) => cell !== '')) records.push({ line, cells: record });
  }
  return records;
}

/** A column's name as the schemas know it: "Member reference" → member_reference. */
const columnName = (heading: string) => heading.trim().toLowerCase().replace(/\s+/g, '_');

/**
 * Reads an uploaded CSV against a zod schema for one row. Headers are matched
 * case-insensitively with spaces as underscores ("Member reference" →
 * member_reference). Returns the valid rows and every problem in the others;
 * the caller adds what only its records can reveal (unknown members,
 * overlaps) and then calls rejectIfProblems, so an import applies all rows or
 * none and reports everything wrong in one go. A file that cannot be read at
 * all is refused at once.
 */
export function readCsvRows<Row extends z.ZodType>(
  file: CsvFile,
  rowSchema: Row,
  expectedColumns: readonly string[],
): { rows: Array<NumberedRow<z.infer<Row>>>; problems: FieldProblem[] } {
  const [header, ...records] = recordsOf(csvText(file));
  if (!header || records.length === 0) {
    throw new InputError([{ field: 'file', message: `has no rows; the first line must name the columns: ${expectedColumns.join(', ')}` }]);
  }
  const columns = header.cells.map(columnName);
  const missing = expectedColumns.filter((column) => !columns.includes(column));
  if (missing.length) {
    throw new InputError([
      {
        field: `header (row ${header.line})`,
        message: `is missing column(s) ${missing.join(', ')}; expected ${expectedColumns.join(', ')}`,
      },
    ]);
  }
  const rows: Array<NumberedRow<z.infer<Row>>> = [];
  const problems: FieldProblem[] = [];
  for (const { line: row, cells } of records) {
    // A blank cell is a missing value, so optional columns may be left empty.
    const values = Object.fromEntries(columns.map((column, index) => [column, cells[index] === '' ? undefined : cells[index]]));
    const parsed = rowSchema.safeParse(values);
    if (parsed.success) rows.push({ row, data: parsed.data });
    else
      parsed.error.issues.forEach((issue) =>
        problems.push({ field: rowField(row, issue.path.join('.') || 'row'), message: issue.message }),
      );
  }
  return { rows, problems };
}

const rowNumber = (problem: FieldProblem) => Number(/^row (\d+)/.exec(problem.field)?.[1] ?? 0);

/** Refuses the whole file when anything is wrong, listing the problems in row order. */
export function rejectIfProblems(problems: FieldProblem[]): void {
  if (!problems.length) return;
  const ordered = [...problems].sort((a, b) => rowNumber(a) - rowNumber(b));
  throw new InputError(ordered, `The file has ${problems.length} problem(s); nothing was imported`);
}
