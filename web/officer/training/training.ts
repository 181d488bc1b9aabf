import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime, formatShortDate } from '../../../domain/calendar';
import { STATE_LABELS, type CellState, type TrainingCell, type TrainingMatrix } from '../../../domain/training/reports';
import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import { complianceMatrix } from '../../../services/training/training';
import { pendingVerifications, recordTraining, verifyTraining } from '../../../services/training/records';
import { scrollingTable } from '../../pages/table';
import { filterForm, formRoute, formState, postForm, requiredFields, selectInput, textInput, type FormState } from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

const STATE_TAGS: Record<CellState, string> = {
  VALID: 'ok',
  DUE_SOON: 'warning',
  LAPSED: 'warning',
  NEVER_DONE: '',
  NOT_REQUIRED: 'muted',
};
/** The states an officer filters by, most urgent first. */
const FILTER_STATES = ['LAPSED', 'NEVER_DONE', 'DUE_SOON', 'VALID'] as const satisfies readonly CellState[];

const RECORD_LABELS = {
  memberReference: 'Member',
  courseKey: 'Course',
  completedOn: 'Date completed',
  evidenceRef: 'Evidence (optional)',
};

const isFilterState = (value: string | undefined): value is (typeof FILTER_STATES)[number] =>
  FILTER_STATES.some((state) => state === value);

const recordLink = (member: string, course: string) =>
  `/training/record?member=${encodeURIComponent(member)}&course=${encodeURIComponent(course)}`;

/** The training page after a change, saying what changed and showing the member's row. */
const doneLink = (done: 'recorded' | 'verified', member: string, course: string) =>
  `/training?${done}=${encodeURIComponent(course)}&member=${encodeURIComponent(member)}#member-${encodeURIComponent(member)}`;

/** The dates beside a state: when it was last done, and until or by when. */
function cellNotes(cell: TrainingCell): string[] {
  const notes: string[] = [];
  if (cell.lastCompletedOn) notes.push(`Done ${formatShortDate(cell.lastCompletedOn)}`);
  if (cell.state === 'VALID' || cell.state === 'DUE_SOON')
    notes.push(cell.validUntil ? `Valid until ${formatShortDate(cell.validUntil)}` : 'Does not expire');
  if ((cell.state === 'LAPSED' || cell.state === 'NEVER_DONE') && cell.dueBy)
    notes.push(`${cell.state === 'LAPSED' || cell.overdue ? 'Was due by' : 'Due by'} ${formatShortDate(cell.dueBy)}`);
  if (cell.awaitingVerification) notes.push('A completion awaits verification');
  return notes;
}

/** A state in words (never colour alone), its dates, and a link to record a completion where one is needed. */
function matrixCell(cell: TrainingCell, member: { name: string; reference: string }, courseTitle: string): SafeHtml {
  const needsRecording = cell.state === 'LAPSED' || cell.state === 'DUE_SOON' || cell.state === 'NEVER_DONE';
  return html`<td>
    <span class="tag ${STATE_TAGS[cell.state]}">${STATE_LABELS[cell.state]}</span>
    ${cellNotes(cell).map((note) => html`<p class="hint">${note}</p>`)}
    ${
      needsRecording
        ? html`<a href="${recordLink(member.reference, cell.courseKey)}"
            >Record<span class="visually-hidden"> ${courseTitle} for ${member.name}</span></a
          >`
        : ''
    }
  </td>`;
}

function matrixTable(matrix: TrainingMatrix, filter: { state?: CellState; course?: string }): SafeHtml {
  const courses = matrix.courses.filter((course) => !filter.course || course.key === filter.course);
  const rows = matrix.rows.filter(
    (row) =>
      !filter.state || row.cells.some((cell) => cell.state === filter.state && courses.some((course) => course.key === cell.courseKey)),
  );
  const shown = [filter.state && `only ${STATE_LABELS[filter.state].toLowerCase()}`, filter.course && courses[0]?.title]
    .filter(Boolean)
    .join(', ');
  if (!rows.length) return html`<p>No member matches: ${shown}.</p>`;
  return scrollingTable({
    caption: `${rows.length} of ${matrix.rows.length} serving members on ${formatDate(matrix.on)}${shown ? ` (${shown})` : ''}`,
    headings: ['Member', ...courses.map((course) => course.title)],
    rows: rows.map(
      (row) =>
        html`<tr id="member-${row.reference}">
          <th scope="row">
            <a href="/members/${row.reference}">${row.memberName}</a>
            <p class="hint">${row.reference}${row.compliant ? '' : ', not up to date'}</p>
          </th>
          ${courses.map((course) =>
            matrixCell(
              row.cells.find((cell) => cell.courseKey === course.key)!,
              { name: row.memberName, reference: row.reference },
              course.title,
            ),
          )}
        </tr>`,
    ),
  });
}

/** Totals per course, each count of members needing action linking to them in the matrix. */
function totalsTable(matrix: TrainingMatrix): SafeHtml {
  const count = (value: number, course: string, state: CellState) =>
    value && state !== 'VALID' ? html`<a href="/training?state=${state}&amp;course=${course}#matrix">${value}</a>` : String(value);
  return scrollingTable({
    caption: `Serving members on each course on ${formatDate(matrix.on)}, and completions in the ${matrix.period.label}`,
    headings: ['Course', 'Required of', 'Valid', 'Due soon', 'Lapsed', 'Never done', 'Completions this year'],
    rows: matrix.byCourse.map(
      (totals) =>
        html`<tr>
          <th scope="row">${matrix.courses.find((course) => course.key === totals.courseKey)?.title ?? totals.courseKey}</th>
          <td>${totals.required}</td>
          <td>${totals.valid}</td>
          <td>${count(totals.dueSoon, totals.courseKey, 'DUE_SOON')}</td>
          <td>${count(totals.lapsed, totals.courseKey, 'LAPSED')}</td>
          <td>${count(totals.neverDone, totals.courseKey, 'NEVER_DONE')}</td>
          <td>${totals.completedInPeriod}</td>
        </tr>`,
    ),
  });
}

function pendingSection(view: OfficerView, pending: Awaited<ReturnType<typeof pendingVerifications>>): SafeHtml {
  return html`<section aria-labelledby="pending">
    <h2 id="pending">Completions awaiting verification <span class="tag ${pending.length ? 'warning' : 'ok'}">${pending.length}</span></h2>
    ${
      pending.length
        ? html`<p class="hint">Members confirmed these through their reminder; they count once you have checked the evidence.</p>
            ${scrollingTable({
              headings: ['Member', 'Course', 'Completed', 'Evidence', 'Confirmed', html`<span class="visually-hidden">Action</span>`],
              rows: pending.map(
                (record) =>
                  html`<tr>
                    <th scope="row"><a href="/members/${record.member.reference}">${record.member.name}</a></th>
                    <td>${record.course.title}</td>
                    <td>${record.completedOnText}</td>
                    <td>${record.evidenceRef ?? 'None given'}</td>
                    <td>${formatDateTime(record.confirmedAt)}</td>
                    <td>
                      <form method="post" action="/training/pending/${record.recordId}/verify" class="inline">
                        ${csrfField(view)}
                        <button type="submit" class="button secondary">
                          Verify<span class="visually-hidden"> ${record.course.title} for ${record.member.name}</span>
                        </button>
                      </form>
                    </td>
                  </tr>`,
              ),
            })}`
        : html`<p class="hint">No completion is waiting for verification.</p>`
    }
  </section>`;
}

/** "Completion recorded for Councillor Wren Bellweather: Enhanced DBS check." after a change, named from the matrix. */
function donePanel(matrix: TrainingMatrix, query: TrainingQuery): SafeHtml | string {
  const courseKey = query.recorded ?? query.verified;
  if (!courseKey) return '';
  const member = matrix.rows.find((row) => row.reference === query.member)?.memberName;
  const course = matrix.courses.find((candidate) => candidate.key === courseKey)?.title;
  const what = member && course ? ` for ${member}: ${course}` : '';
  return html`<div class="panel" role="status">
    <p>${query.recorded ? `Completion recorded${what}.` : `Completion verified${what}; it counts from now on.`}</p>
  </div>`;
}

interface TrainingQuery {
  /** Filters of the matrix. */
  state?: string;
  course?: string;
  /** After a change: the course a completion was recorded or verified on, and for which member. */
  recorded?: string;
  verified?: string;
  member?: string;
}

async function trainingPage(deps: ServiceDependencies, view: OfficerView, query: TrainingQuery): Promise<SafeHtml> {
  const matrix = await complianceMatrix(deps, view.officer.actor);
  const pending = await pendingVerifications(deps, view.officer.actor);
  const state = isFilterState(query.state) ? query.state : undefined;
  const course = matrix.courses.some((candidate) => candidate.key === query.course) ? query.course : undefined;
  const filter = formState({ state, course });
  const slug = view.officer.councilSlug;
  return officerPage(
    view,
    'Training',
    html`<h1>Training</h1>
      <p class="lead">
        ${matrix.rows.filter((row) => row.compliant).length} of ${matrix.rows.length} serving members have every required course up to date
        on ${formatDate(matrix.on)}.
      </p>
      ${donePanel(matrix, query)}
      <p><a class="button" href="/training/record">Record a completion</a></p>
      <ul>
        <li><a href="/training/courses">Courses and who must do them</a></li>
        ${view.officer.actor.role === 'READ_ONLY' ? '' : html`<li><a href="/training/registers">Upload a session register</a></li>`}
        <li>
          <a href="/public/${slug}/training-attendance.html">Public attendance list</a> (also as
          <a href="/public/${slug}/training-attendance.csv">CSV</a>)
        </li>
      </ul>
      ${pendingSection(view, pending)}
      <section aria-labelledby="totals">
        <h2 id="totals">Totals by course</h2>
        ${totalsTable(matrix)}
      </section>
      <section aria-labelledby="matrix">
        <h2 id="matrix">Members and courses</h2>
        ${filterForm({ action: '/training#matrix', state: filter, showAll: 'Show everyone' }, [
          {
            name: 'state',
            label: 'Show members with',
            blank: 'Any state',
            choices: FILTER_STATES.map((value) => ({ value, label: STATE_LABELS[value] })),
          },
          {
            name: 'course',
            label: 'On the course',
            blank: 'Every course',
            choices: matrix.courses.map((candidate) => ({ value: candidate.key, label: candidate.title })),
          },
        ])}
        ${matrixTable(matrix, { state, course })}
      </section>`,
  );
}

async function recordPage(deps: ServiceDependencies, view: OfficerView, state: FormState): Promise<SafeHtml> {
  const matrix = await complianceMatrix(deps, view.officer.actor);
  const { memberReference, courseKey } = state.values;
  const row = matrix.rows.find((candidate) => candidate.reference === memberReference);
  const cell = row?.cells.find((candidate) => candidate.courseKey === courseKey);
  const course = matrix.courses.find((candidate) => candidate.key === courseKey);
  return officerPage(
    view,
    'Record a completion',
    html`<h1>Record a completion</h1>
      <p class="lead">A completion you record counts at once. A renewal is recorded on the day it was done.</p>
      ${
        row && cell && course
          ? html`<div class="panel">
              <p>
                ${row.memberName} on ${course.title} today: <strong>${STATE_LABELS[cell.state]}</strong>${
                  cellNotes(cell).length ? `. ${cellNotes(cell).join('. ')}` : ''
                }.
              </p>
            </div>`
          : ''
      }
      ${postForm(
        view,
        { action: '/training/record', state, labels: RECORD_LABELS },
        html`${selectInput(state, {
            name: 'memberReference',
            label: RECORD_LABELS.memberReference,
            blank: 'Choose a member',
            choices: matrix.rows.map((candidate) => ({
              value: candidate.reference,
              label: `${candidate.memberName} (${candidate.reference})`,
            })),
          })}
          ${selectInput(state, {
            name: 'courseKey',
            label: RECORD_LABELS.courseKey,
            blank: 'Choose a course',
            choices: matrix.courses.map((candidate) => ({ value: candidate.key, label: candidate.title })),
          })}
          ${textInput(state, {
            name: 'completedOn',
            label: RECORD_LABELS.completedOn,
            hint: `The day they completed it. Today is ${formatDate(matrix.on)}.`,
            type: 'date',
          })}
          ${textInput(state, {
            name: 'evidenceRef',
            label: RECORD_LABELS.evidenceRef,
            hint: 'A certificate number, DBS certificate reference or sign-in sheet reference.',
          })} <button type="submit" class="button">Record the completion</button>`,
      )}
      <p><a href="/training">Back to training</a></p>`,
  );
}

/**
 * Training: the compliance matrix with totals and filters, completions
 * waiting for verification, and recording a completion (the home page links
 * here with the member and course filled in). Courses and session registers
 * have their own pages (courses.ts, registers.ts).
 */
export async function trainingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: TrainingQuery }>('/training', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, await trainingPage(deps, view, request.query));
  });

  app.get<{ Querystring: { member?: string; course?: string } }>('/training/record', async (request, reply) => {
    const state = formState({ memberReference: request.query.member, courseKey: request.query.course });
    return sendOfficerPage(reply, await recordPage(deps, officerView(request, reply), state));
  });

  formRoute(app, '/training/record', {
    change: async (view, fields, _request, reply) => {
      await recordTraining(deps, view.officer.actor, {
        ...requiredFields(fields, ['memberReference', 'courseKey', 'completedOn']),
        evidenceRef: fields.evidenceRef,
      });
      return reply.redirect(doneLink('recorded', fields.memberReference!, fields.courseKey!), 303);
    },
    refused: async (view, fields, _request, problems) => recordPage(deps, view, formState(fields, problems)),
  });

  app.post<{ Params: { recordId: string } }>('/training/pending/:recordId/verify', async (request, reply) => {
    const verified = await verifyTraining(deps, officerView(request, reply).officer.actor, { recordId: request.params.recordId });
    return reply.redirect(doneLink('verified', verified.member.reference, verified.courseKey), 303);
  });
}
