// What an upload page says a file must look like: its columns, with a note on each, and an example.

export interface CsvFormat {
  /** The columns, in order, each with what to put in it. */
  columns: ReadonlyArray<{ name: string; note: string }>;
  example: string;
}

/** The format of a file with `columns` in order, each with its note, its example the header then `exampleRows`. */
export function csvFormat<Column extends string>(
  columns: readonly Column[],
  notes: Record<Column, string>,
  exampleRows: string[],
): CsvFormat {
  return { columns: columns.map((name) => ({ name, note: notes[name] })), example: [columns.join(','), ...exampleRows].join('\n') };
}

/** The notes on the columns that name a member in a file of members (a pool's spells, a session's register). */
export const MEMBER_NAMED_BY = {
  member_reference: 'The member’s reference, e.g. NM004. Give this, the email, or both.',
  email: 'The member’s email address as recorded. Give this, the reference, or both; both must be the same member’s.',
};
