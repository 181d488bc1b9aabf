import { html, type SafeHtml } from '../../render/html';

/** A column heading: plain text, or markup such as a visually hidden "Action"; false leaves the column out. */
export type TableHeading = string | SafeHtml | false;

/**
 * A data table in a box that scrolls sideways on narrow screens. The box is focusable so keyboard users can scroll it.
 * The caption names the table for screen readers (and for tests that find tables by name); a hidden caption names it without showing.
 */
export function scrollingTable(table: {
  caption?: string;
  captionHidden?: boolean;
  headings: readonly TableHeading[];
  rows: readonly SafeHtml[];
  /** Said in place of the table when there are no rows; without it, the table is shown with its headings only. */
  empty?: string;
}): SafeHtml {
  if (table.empty !== undefined && table.rows.length === 0) return html`<p class="hint">${table.empty}</p>`;
  const caption =
    table.caption === undefined
      ? ''
      : table.captionHidden
        ? html`<caption class="visually-hidden">
            ${table.caption}
          </caption>`
        : html`<caption>
            ${table.caption}
          </caption>`;
  return html`<div class="table-scroll" tabindex="0">
    <table>
      ${caption}
      <thead>
        <tr>
          ${table.headings.map((heading) => (heading === false ? '' : html`<th scope="col">${heading}</th>`))}
        </tr>
      </thead>
      <tbody>
        ${table.rows}
      </tbody>
    </table>
  </div>`;
}

/** A column of a table made from rows of data: its heading and each row's cell. */
export interface TableColumn<Row> {
  heading: string;
  cell: (row: Row) => SafeHtml | string;
}

/** What a checked file would do to some of its rows: a table row each, its number in the file, the row header (`named`), then the columns given. */
export function fileRowsTable<Row extends { row: number }>(
  caption: string,
  rows: Row[],
  named: TableColumn<Row>,
  columns: Array<TableColumn<Row>>,
): SafeHtml | string {
  if (!rows.length) return '';
  return scrollingTable({
    caption: `${caption} (${rows.length})`,
    headings: ['Row', named.heading, ...columns.map((column) => column.heading)],
    rows: rows.map(
      (row) =>
        html`<tr>
          <td>${row.row}</td>
          <th scope="row">${named.cell(row)}</th>
          ${columns.map((column) => html`<td>${column.cell(row)}</td>`)}
        </tr>`,
    ),
  });
}
