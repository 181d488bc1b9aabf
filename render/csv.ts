import { stringify } from 'csv-stringify/sync';

/** A row of a CSV with `Columns`: the columns left out of it are empty cells, as they do not apply to that kind of row. */
export type CsvRow<Columns extends readonly string[]> = Partial<Record<Columns[number], string | number | null>>;

/** A cell a spreadsheet would run as a formula ("=HYPERLINK(…)") is prefixed with an apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV that opens cleanly in Excel: a byte-order mark so names such as "Siân"
 * survive, and text that would start a formula neutralised (CSV injection).
 */
export function toCsv<Row extends Record<string, unknown>>(rows: Row[], columns: readonly string[]): string {
  return stringify(rows, {
    header: true,
    bom: true,
    columns: [...columns],
    cast: { string: (value) => (FORMULA_START.test(value) ? `'${value}` : value) },
  });
}
