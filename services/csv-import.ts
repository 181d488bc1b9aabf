import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

import { InputError, type FieldProblem } from './errors';

/** Files above this size are refused before parsing. */
export const MAX_CSV_BYTES = 1_000_000;

/** A valid row, numbered as a spreadsheet numbers it (the header is row 1). */
export interface NumberedRow<T> {
  row: number;
  data: T;
}

/** The field name of a problem in a file: "row 4, email". */
export const rowField = (row: number, column: string) => `row ${row}, ${column}`;

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
  text: string,
  rowSchema: Row,
  expectedColumns: readonly string[],
): { rows: Array<NumberedRow<z.infer<Row>>>; problems: FieldProblem[] } {
  if (Buffer.byteLength(text) > MAX_CSV_BYTES) {
    throw new InputError([{ field: 'file', message: `is larger than ${MAX_CSV_BYTES / 1_000_000} MB; split it into smaller files` }]);
  }
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase().replace(/\s+/g, '_')),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new InputError([{ field: 'file', message: `is not a readable CSV file (${(error as Error).message})` }]);
  }
  if (records.length === 0) {
    throw new InputError([{ field: 'file', message: `has no rows; the first line must name the columns: ${expectedColumns.join(', ')}` }]);
  }
  const missing = expectedColumns.filter((column) => !(column in records[0]!));
  if (missing.length) {
    throw new InputError([
      { field: 'header (row 1)', message: `is missing column(s) ${missing.join(', ')}; expected ${expectedColumns.join(', ')}` },
    ]);
  }
  const rows: Array<NumberedRow<z.infer<Row>>> = [];
  const problems: FieldProblem[] = [];
  records.forEach((record, index) => {
    const row = index + 2;
    const blanksAsMissing = Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value === '' ? undefined : value]));
    const parsed = rowSchema.safeParse(blanksAsMissing);
    if (parsed.success) rows.push({ row, data: parsed.data });
    else
      parsed.error.issues.forEach((issue) =>
        problems.push({ field: rowField(row, issue.path.join('.') || 'row'), message: issue.message }),
      );
  });
  return { rows, problems };
}

const rowNumber = (problem: FieldProblem) => Number(/^row (\d+)/.exec(problem.field)?.[1] ?? 0);

/** Refuses the whole file when anything is wrong, listing the problems in row order. */
export function rejectIfProblems(problems: FieldProblem[]): void {
  if (!problems.length) return;
  const ordered = [...problems].sort((a, b) => rowNumber(a) - rowNumber(b));
  throw new InputError(ordered, `The file has ${problems.length} problem(s); nothing was imported`);
}
