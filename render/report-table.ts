/** A line of a table cell. Strong lines head a cell; alert lines mark what needs action, in words as well as colour. */
export interface CellLine {
  text: string;
  emphasis?: 'strong' | 'alert';
}

/** A cell's text: a plain string for one line, or lines to show one under another. */
export type TableCell = string | CellLine[];

export const cellLines = (cell: TableCell): CellLine[] => (typeof cell === 'string' ? [{ text: cell }] : cell);

export type ColumnAlign = 'left' | 'right';

/** A table as both the email and the PDF show it, under its own heading. The first cell of each row heads the row. */
export interface ReportTable {
  heading: string;
  caption: string;
  headers: string[];
  rows: TableCell[][];
  /** Said in place of the rows when there are none. */
  whenEmpty: string;
  /** How the columns after the row headers align: figures on the right, text from the left. */
  align: ColumnAlign;
}
