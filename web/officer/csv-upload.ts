import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { html, type SafeHtml } from '../../render/html';
import { decodeCsv, MAX_CSV_BYTES } from '../../services/csv-import';
import type { FieldProblem } from '../../services/errors';
import { errorSummary } from '../pages/layout';
import { fileRowsTable, scrollingTable, type TableColumn } from '../pages/table';
import type { CsvFormat } from './csv-format';
import { fieldId, formState, refusedForm, textArea } from './forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from './page';

/**
 * Lets the forms of this scope send a CSV as a file or as pasted text. The
 * fields land on `request.body`, so the form token is checked as on any
 * other form. A file or text one byte over the limit is cut there rather than
 * refused, so the import itself says the file is too large, in its words.
 */
export async function acceptCsvUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { files: 1, fields: 5, fileSize: MAX_CSV_BYTES + 1, fieldSize: MAX_CSV_BYTES + 1 },
  });
}

/**
 * The CSV sent: the file chosen, read as UTF-8 or Windows-1252, or else the
 * text pasted (or carried by a confirm form). A file becomes text here, as
 * the pages show it and the confirm form carries it.
 */
export function csvTextOf(body: unknown): string {
  const { file, csv } = (body ?? {}) as Record<string, unknown>;
  if (Buffer.isBuffer(file) && file.length > 0) return decodeCsv(file);
  return typeof csv === 'string' ? csv : '';
}

/** The problem when nothing was sent: checked before the import, which would call an empty file a file with no rows. */
export const nothingSent = (csv: string): FieldProblem[] =>
  csv.trim() === '' ? [{ field: 'file', message: 'choose a CSV file to upload, or paste its rows into the box' }] : [];

const CSV_FIELD = 'csv';

/** What the officer sent last, when it was refused. */
export interface CsvSent {
  csv?: string;
  problems?: FieldProblem[];
}

/**
 * The upload page: the columns expected with an example, and the form. After
 * a refusal the text sent is in the box, so the officer can correct the rows
 * there (or upload a corrected file), and every problem is listed by row at
 * the top.
 */
export function csvUploadPage(
  view: OfficerView,
  options: CsvSent & {
    title: string;
    back: { href: string; label: string };
    lead: string;
    action: string;
    format: CsvFormat;
    /** What the last upload did, shown above the heading. */
    notice?: string;
    /** Fields the whole file shares (e.g. the session's course and day), above the file, with their labels. */
    shared?: { fields: SafeHtml; labels: Record<string, string> };
  },
): SafeHtml {
  const problems = options.problems ?? [];
  const sharedLabels = options.shared?.labels ?? {};
  const isShared = (field: string) => Object.hasOwn(sharedLabels, field);
  // Every other problem is in the text: each links to the box, which says where they are listed.
  const inFile = problems.filter((problem) => !isShared(problem.field));
  const count = inFile.length === 1 ? 'a problem' : `${inFile.length} problems`;
  const box = formState(
    { [CSV_FIELD]: options.csv },
    inFile.length
      ? [
          {
            field: CSV_FIELD,
            message: `The CSV has ${count}, listed at the top of the page. Correct the rows here, or upload a corrected file.`,
          },
        ]
      : [],
  );
  return officerPage(
    view,
    options.title,
    html`<p><a href="${options.back.href}">${options.back.label}</a></p>
      ${errorSummary(problems, {
        id: (field) => fieldId(isShared(field) ? field : CSV_FIELD),
        label: (field) => sharedLabels[field] ?? (field === 'file' ? 'The CSV' : field),
      })}
      ${options.notice ? html`<div class="panel" role="status"><p>${options.notice}</p></div>` : ''}
      <h1>${options.title}</h1>
      <p class="lead">${options.lead}</p>
      <h2>What the file needs</h2>
      <p>
        Save the spreadsheet as CSV. Excel’s “CSV UTF-8” keeps every name as it is spelt; its “CSV (Comma delimited)” is read as well, but
        it cannot hold letters such as ŷ, ŵ or ł. The first line names the columns (in any order; capitals and spaces do not matter), then
        one line for each row. Leave a cell empty where a column does not apply.
      </p>
      ${scrollingTable({
        caption: 'The columns of the file',
        captionHidden: true,
        headings: ['Column', 'What to put in it'],
        rows: options.format.columns.map(
          (column) =>
            html`<tr>
              <th scope="row"><code>${column.name}</code></th>
              <td>${column.note}</td>
            </tr>`,
        ),
      })}
      <p>For example:</p>
      <div class="table-scroll" tabindex="0">
        <pre tabindex="0"><code>${options.format.example}</code></pre>
      </div>
      <h2>Upload or paste the file</h2>
      <form method="post" action="${options.action}" enctype="multipart/form-data" novalidate>
        ${csrfField(view)} ${options.shared?.fields ?? ''}
        <label for="${fieldId('file')}">CSV file</label>
        <p class="hint" id="${fieldId('file')}-hint">Up to ${MAX_CSV_BYTES / 1_000_000} MB.</p>
        <input type="file" id="${fieldId('file')}" name="file" accept=".csv,text/csv" aria-describedby="${fieldId('file')}-hint" />
        ${textArea(box, {
          name: CSV_FIELD,
          label: 'Or paste the rows here',
          hint: 'Include the first line, with the column names. A file chosen above is used instead of this box.',
          rows: 10,
        })}
        <p>Nothing changes yet: the next page shows what the file would do, for you to confirm.</p>
        <button type="submit" class="button">Check the file</button>
      </form>`,
  );
}

/** The form that applies a checked file: it carries the text checked (and the shared fields), checked again as it is applied. */
export function confirmImportForm(
  view: OfficerView,
  options: { action: string; csv: string; button: string; cancel: string; shared?: Record<string, string> },
): SafeHtml {
  return html`<form method="post" action="${options.action}" enctype="multipart/form-data">
      ${csrfField(view)}
      ${Object.entries(options.shared ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      <input type="hidden" name="${CSV_FIELD}" value="${options.csv}" />
      <button type="submit" class="button">${options.button}</button>
    </form>
    <p><a href="${options.cancel}">Check a different file instead</a></p>`;
}

/** A file's rows for members (fileRowsTable): each member's name and reference, then the columns given. */
export const previewTable = <Row extends { row: number; reference: string; name: string }>(
  caption: string,
  rows: Row[],
  columns: Array<TableColumn<Row>>,
): SafeHtml | string =>
  fileRowsTable(caption, rows, { heading: 'Name', cell: (row) => row.name }, [
    { heading: 'Reference', cell: (row) => row.reference },
    ...columns,
  ]);

/** The two steps of an import, given the page's view, the request and the CSV sent. */
export interface CsvImportSteps<Params> {
  /** The upload page again, with the problems that stopped the file. */
  importPage: (view: OfficerView, request: FastifyRequest<{ Params: Params }>, csv: string, problems: FieldProblem[]) => Promise<SafeHtml>;
  /** What importing the file would change; nothing is written. */
  preview: (view: OfficerView, request: FastifyRequest<{ Params: Params }>, csv: string) => Promise<SafeHtml>;
  /** Imports the file; where to go next. */
  confirm: (view: OfficerView, request: FastifyRequest<{ Params: Params }>, csv: string) => Promise<string>;
}

/**
 * POST `path` previews the file sent (or refuses it, with every problem, on
 * the upload page); POST `path/confirm` imports it, all rows or none.
 */
export function csvImportRoutes<Params>(app: FastifyInstance, path: string, steps: CsvImportSteps<Params>): void {
  app.post<{ Params: Params }>(path, async (request, reply) => {
    const view = officerView(request, reply);
    const csv = csvTextOf(request.body);
    const refused = (problems: FieldProblem[]) => steps.importPage(view, request, csv, problems);
    const empty = nothingSent(csv);
    if (empty.length) return sendOfficerPage(reply, await refused(empty), 400);
    return refusedForm(reply, async () => sendOfficerPage(reply, await steps.preview(view, request, csv)), refused);
  });

  app.post<{ Params: Params }>(`${path}/confirm`, async (request, reply) => {
    const view = officerView(request, reply);
    const csv = csvTextOf(request.body);
    return refusedForm(
      reply,
      async () => reply.redirect(await steps.confirm(view, request, csv), 303),
      (problems) => steps.importPage(view, request, csv, problems),
    );
  });
}
