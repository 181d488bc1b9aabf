import { parse } from 'csv-parse/sync';

/** Fails unless the email stands alone in an inbox: no stylesheet, script, image or link for the mail client to fetch. */
export function expectStandsAlone(document: string): void {
  expect(document).not.toMatch(/<style|<script|<img|<link|<svg|src=|https?:/i);
}

/** A report CSV's rows, each keyed by the header's column names (the byte-order mark set aside). */
export const csvRecords = (csv: string) => parse(csv, { columns: true, bom: true }) as Array<Record<string, string>>;
