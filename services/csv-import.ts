import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

import { InputError, type FieldProblem } from './errors';

/** Files above this size are refused before parsing. */
export const MAX_CSV_BYTES = 1_000_000;

/**
 * Parses an uploaded CSV against a zod schema for one row. Headers are matched
 * case-insensitively with spaces as underscores ("Member reference" →
 * member_reference). Every problem in every row is reported, as "row N,
 * column", numbering rows as a spreadsheet does (the header is row 1); nothing
 * is returned unless every row is valid, so an import applies all rows or none.
 */
export function parseCsvRows<Row extends z.ZodType>(text: string, rowSchema: Row, expectedColumns: readonly string[]): Array<z.infer<Row>> {
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
  if (records.length === 0) throw new InputError([{ field: 'file', message: `has no rows; the first line must name the columns: ${expectedColumns.join(', ')}` }]);
  const missing = expectedColumns.filter((column) => !(column in records[0]!));
  if (missing.length) {
    throw new InputError([{ field: 'header (row 1)', message: `is missing column(s) ${missing.join(', ')}; expected ${expectedColumns.join(', ')}` }]);
  }
  const problems: FieldProblem[] = [];
  const rows: Array<z.infer<Row>> = [];
  records.forEach((record, index) => {
    const blanksAsMissing = Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value === '' ? undefined : value]));
    const parsed = rowSchema.safeParse(blanksAsMissing);
    if (parsed.success) rows.push(parsed.data);
    else parsed.error.issues.forEach((issue) => problems.push({ field: `row ${index + 2}, ${issue.path.join('.') || 'row'}`, message: issue.message }));
  });
  if (problems.length) throw new InputError(problems, `The file has ${problems.length} problem(s); nothing was imported`);
  return rows;
}
