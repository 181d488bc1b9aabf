import contentDisposition from 'content-disposition';
import type { FastifyInstance } from 'fastify';

import { formatDateTime } from '../../../domain/calendar';
import { html, type SafeHtml } from '../../../render/html';
import { requireWriter } from '../../../services/access';
import type { ServiceDependencies } from '../../../services/context';
import { InputError } from '../../../services/errors';
import { listMeetings, meetingAgenda } from '../../../services/reports/meetings';
import {
  listReportDuties,
  listReports,
  produceReport,
  reportDetail,
  reportDownload,
  submitAuthoredReport,
  type ReportFormat,
} from '../../../services/reports/reports';
import type { ReportStatus } from '../../../prisma/generated/client';
import { approveReport } from '../../../services/reports/approval';
import { scrollingTable } from '../../pages/table';
import { meetingPath } from './meetings';
import { formFields, formRoute, formState, postForm, selectInput, textInput, type FormState } from '../forms';
import { approvalSection } from './approval';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';
import { CADENCE_NAMES, dutyPath, nextDueText } from './duties';

const STATUSES: Record<ReportStatus, string> = {
  DUE: 'Due',
  SUBMITTED: 'Submitted, being sent',
  AWAITING_APPROVAL: 'Waiting for an officer to approve',
  CIRCULATED: 'Circulated',
};
const FORMATS: Record<ReportFormat | 'original', string> = {
  html: 'Web page',
  pdf: 'PDF',
  csv: 'Spreadsheet (CSV)',
  original: 'Uploaded file',
};
const DELIVERY = { PENDING: 'Waiting to be sent', SENT: 'Sent', FAILED: 'Could not be delivered' } as const;
const SUBMISSION_LABELS = { link: 'Link to the report' };

/** Download links, each naming its report for screen readers. */
const downloadLinks = (report: { id: string; downloads: ReadonlyArray<ReportFormat | 'original'> }, name: string): SafeHtml | string =>
  report.downloads.length
    ? html`${report.downloads.map(
        (format, index) =>
          html`${index ? ', ' : ''}<a href="/reports/${report.id}/download.${format}"
              >${FORMATS[format]}<span class="visually-hidden"> of ${name}</span></a
            >`,
      )}`
    : 'Nothing to download';

function statusText(status: ReportStatus, late = false): SafeHtml {
  if (late) return html`<span class="tag warning">Late</span> Due, not yet submitted`;
  return html`<span class="tag ${status === 'CIRCULATED' ? 'ok' : ''}">${STATUSES[status]}</span>`;
}

interface ReportsQuery {
  duty?: string;
}

async function reportsPage(deps: ServiceDependencies, view: OfficerView, query: ReportsQuery): Promise<SafeHtml> {
  const { actor } = view.officer;
  const duties = await listReportDuties(deps, actor);
  const duty = duties.some((candidate) => candidate.key === query.duty) ? query.duty : undefined;
  const reports = await listReports(deps, actor, { dutyKey: duty });
  const canChange = actor.role !== 'READ_ONLY';
  return officerPage(
    view,
    'Reports',
    html`<h1>Reports to panels</h1>
      <p class="lead">
        The reports the council owes its panels, and every report kept. See also the
        <a href="/reports/meetings">panel meetings and what each is waiting for</a>.
      </p>
      <section aria-labelledby="duties">
        <h2 id="duties">Report duties</h2>
        <p class="hint">
          Reports built by the engine are produced and sent after each period ends. “Produce now” builds the report for the period just
          ended and sends it to the panel; a period already reported is not sent again. It can take a minute.
        </p>
        ${canChange ? html`<p><a class="button" href="/reports/new-duty">Add a report duty</a></p>` : ''}
        ${scrollingTable({
          headings: ['Report', 'To', 'How often', 'Written by', 'Next due', html`<span class="visually-hidden">Action</span>`],
          rows: duties.map(
            (entry) =>
              html`<tr>
                <th scope="row">
                  <a href="/reports?duty=${entry.key}#archive">${entry.title}</a>
                  ${entry.active ? '' : html`<p class="hint">Switched off</p>`}
                </th>
                <td>${entry.panel}</td>
                <td>${CADENCE_NAMES[entry.cadence]}, by ${entry.yearBasis === 'MUNICIPAL' ? 'municipal' : 'financial'} year</td>
                <td>${entry.authoring === 'GENERATED' ? 'The engine' : 'Its owner'}</td>
                <td>${nextDueText(entry)}</td>
                <td>
                  ${canChange ? html`<a href="${dutyPath(entry.key)}">Change<span class="visually-hidden"> ${entry.title}</span></a>` : ''}
                  ${
                    canChange && entry.authoring === 'GENERATED' && entry.active
                      ? html`<form method="post" action="/reports/produce" class="inline">
                          ${csrfField(view)}
                          <input type="hidden" name="dutyKey" value="${entry.key}" />
                          <button type="submit" class="button secondary">
                            Produce now<span class="visually-hidden">: ${entry.title}</span>
                          </button>
                        </form>`
                      : ''
                  }
                </td>
              </tr>`,
          ),
        })}
      </section>
      <section aria-labelledby="archive">
        <h2 id="archive">Archive</h2>
        <form method="get" action="/reports#archive">
          ${selectInput(formState({ duty }), {
            name: 'duty',
            label: 'Show reports of',
            blank: 'Every duty',
            choices: duties.map((entry) => ({ value: entry.key, label: entry.title })),
          })}
          <button type="submit" class="button secondary">Show</button>
        </form>
        ${
          reports.length
            ? scrollingTable({
                caption: `${reports.length === 1 ? '1 report' : `${reports.length} reports`}, newest first`,
                headings: ['Report', 'Status', 'Due', 'Circulated', 'Download'],
                rows: reports.map(
                  (report) =>
                    html`<tr>
                      <th scope="row">
                        <a href="/reports/${report.id}">${report.title}</a>
                        <p class="hint">${report.period.text}${report.version > 1 ? `, version ${report.version}` : ''}</p>
                      </th>
                      <td>${statusText(report.status)}</td>
                      <td>${report.dueOnText ?? 'No due date'}</td>
                      <td>${report.circulatedAt ? formatDateTime(report.circulatedAt) : 'Not yet'}</td>
                      <td>${downloadLinks(report, `${report.title}, ${report.period.text}`)}</td>
                    </tr>`,
                ),
              })
            : html`<p>No reports yet${duty ? ' of this duty' : ''}.</p>`
        }
      </section>`,
  );
}

interface ReportQuery {
  produced?: string;
  submitted?: string;
  approved?: string;
}

type ReportDetail = Awaited<ReturnType<typeof reportDetail>>;

/** The report's version, status, dates, meeting, authorship and downloads. */
function reportFacts(report: ReportDetail, name: string): SafeHtml {
  return html`<dl class="facts">
    <dt>Version</dt>
    <dd>${report.version}</dd>
    <dt>Status</dt>
    <dd>${statusText(report.status, report.late)}</dd>
    <dt>Due</dt>
    <dd>${report.dueOnText ?? 'No due date'}</dd>
    <dt>Goes to</dt>
    <dd>
      ${
        report.meeting
          ? html`<a href="/reports/meetings#meeting-${report.meeting.id}">${report.duty.panel}, ${report.meeting.when}</a>,
              ${report.meeting.location}${report.meeting.status === 'CANCELLED' ? ' (cancelled)' : ''}`
          : 'No meeting yet: it goes to the next one added to the calendar'
      }
    </dd>
    <dt>Written by</dt>
    <dd>${report.duty.authoring === 'GENERATED' ? 'The engine' : (report.duty.ownerName ?? 'Its owner')}</dd>
    ${
      report.submitted
        ? html`<dt>Submitted</dt>
            <dd>${report.submitted.when}${report.submitted.by ? ` by ${report.submitted.by}` : ''}</dd>`
        : ''
    }
    ${
      report.approved
        ? html`<dt>Approved</dt>
            <dd>${report.approved.when}${report.approved.by ? ` by ${report.approved.by}` : ''}</dd>`
        : ''
    }
    ${
      report.approved?.commentary
        ? html`<dt>Commentary</dt>
            <dd>${report.approved.commentary}</dd>`
        : ''
    }
    <dt>Circulated</dt>
    <dd>${report.circulated ?? 'Not yet'}</dd>
    ${
      report.link
        ? html`<dt>Link</dt>
            <dd><a href="${report.link}">${report.link}</a></dd>`
        : ''
    }
    <dt>Download</dt>
    <dd>${downloadLinks(report, name)}</dd>
  </dl>`;
}

/** The form to submit an authored report on its owner's behalf, by link. */
function submissionSection(view: OfficerView, report: ReportDetail, submission: FormState): SafeHtml {
  return html`<section aria-labelledby="submit">
    <h2 id="submit">Submit it on the owner’s behalf</h2>
    <p>
      If ${report.duty.ownerName ?? 'the owner'} sent you the report, give a link to it here and it is sent to the panel at once. To upload
      a file, ask them to use the link in their reminder.
    </p>
    ${postForm(
      view,
      { action: `/reports/${report.id}/submission`, state: submission, labels: SUBMISSION_LABELS },
      html`${textInput(submission, {
          name: 'link',
          label: SUBMISSION_LABELS.link,
          hint: 'A web address starting https://, e.g. on the partnership’s website',
          type: 'url',
        })} <button type="submit" class="button">Submit the report</button>`,
    )}
  </section>`;
}

/** Who received each version, and when. */
function circulationSection(report: ReportDetail): SafeHtml {
  return html`<section aria-labelledby="circulation">
    <h2 id="circulation">Who received it</h2>
    ${report.versions.map(
      (version) =>
        html`<h3>
            ${version.reportId === report.id ? `Version ${version.version} (this page)` : html`<a href="/reports/${version.reportId}">Version ${version.version}</a>`}
          </h3>
          ${scrollingTable({
            headings: ['Recipient', 'Email', 'Sent'],
            rows: version.recipients.map(
              (recipient) =>
                html`<tr>
                  <th scope="row">${recipient.name ?? recipient.email}</th>
                  <td>${recipient.email}</td>
                  <td>${recipient.sentAtText ?? DELIVERY[recipient.status]}</td>
                </tr>`,
            ),
            empty: 'Not sent to anyone yet.',
          })}`,
    )}
  </section>`;
}

async function reportPage(
  deps: ServiceDependencies,
  view: OfficerView,
  reportId: string,
  options: { query?: ReportQuery; submission?: FormState; approval?: FormState } = {},
): Promise<SafeHtml> {
  const report = await reportDetail(deps, view.officer.actor, reportId);
  const submission = options.submission ?? formState();
  const name = `${report.duty.title}, ${report.period.text}`;
  const notice = options.query?.produced
    ? report.status === 'AWAITING_APPROVAL'
      ? 'The report was produced. It goes to the panel once an officer approves it below.'
      : 'The report was produced and sent to the panel.'
    : options.query?.submitted
      ? 'The report was submitted and is being sent to the panel.'
      : options.query?.approved
        ? 'The report is approved and is being sent to the panel.'
        : null;
  return officerPage(
    view,
    report.duty.title,
    html`<h1>${report.duty.title}</h1>
      <p class="lead">For the ${report.duty.panel}: ${report.period.text}</p>
      ${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''} ${reportFacts(report, name)}
      ${report.duty.authoring === 'AUTHORED' && report.status === 'DUE' ? submissionSection(view, report, submission) : ''}
      ${report.status === 'AWAITING_APPROVAL' ? approvalSection(view, report, options.approval ?? formState()) : ''}
      ${circulationSection(report)}
      <p><a href="/reports">Back to reports</a></p>`,
  );
}

async function meetingsPage(deps: ServiceDependencies, view: OfficerView): Promise<SafeHtml> {
  const { actor } = view.officer;
  const meetings = await listMeetings(deps, actor);
  const agendas = new Map(
    await Promise.all(meetings.map(async (meeting) => [meeting.id, await meetingAgenda(deps, actor, { meetingId: meeting.id })] as const)),
  );
  const now = deps.clock();
  const meetingSection = (meeting: (typeof meetings)[number]) => {
    const agenda = agendas.get(meeting.id)!;
    return html`<section id="meeting-${meeting.id}" aria-labelledby="meeting-${meeting.id}-heading">
      <h3 id="meeting-${meeting.id}-heading"><a href="${meetingPath(meeting.id)}">${meeting.panel}: ${meeting.when}</a></h3>
      <p class="hint">${meeting.location}${meeting.status === 'CANCELLED' ? '. Cancelled' : meeting.status === 'HELD' ? '. Held' : ''}</p>
      ${
        agenda.reports.length
          ? scrollingTable({
              headings: ['Report', 'Written by', 'Due', 'Status'],
              rows: agenda.reports.map(
                (report) =>
                  html`<tr>
                    <th scope="row"><a href="/reports/${report.reportId}">${report.title}</a></th>
                    <td>${report.owner ?? 'The engine'}</td>
                    <td>${report.dueOnText ?? 'No due date'}</td>
                    <td>${statusText(report.status, report.late)}</td>
                  </tr>`,
              ),
            })
          : html`<p>No reports attached yet.</p>`
      }
    </section>`;
  };
  const upcoming = meetings.filter((meeting) => meeting.startsAt >= now);
  const past = meetings.filter((meeting) => meeting.startsAt < now).reverse();
  return officerPage(
    view,
    'Panel meetings',
    html`<h1>Panel meetings</h1>
      <p class="lead">Each meeting, and the reports it is waiting for.</p>
      <h2>Coming up</h2>
      ${upcoming.length ? upcoming.map(meetingSection) : html`<p>No meetings are coming up in the calendar.</p>`}
      <h2>Past meetings, latest first</h2>
      ${past.length ? past.map(meetingSection) : html`<p>No past meetings.</p>`}
      <p><a href="/reports">Back to reports</a></p>`,
  );
}

/**
 * Reports to panels: the duties, the archive with downloads, one report with
 * its meeting and circulation (and, for an authored report still due,
 * submitting it on the owner's behalf, or approving one held back for
 * review), producing a report now, and the
 * panel meetings with their agendas.
 */
export async function reportsRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: ReportsQuery }>('/reports', async (request, reply) =>
    sendOfficerPage(reply, await reportsPage(deps, officerView(request, reply), request.query)),
  );

  app.get('/reports/meetings', async (request, reply) => sendOfficerPage(reply, await meetingsPage(deps, officerView(request, reply))));

  app.post('/reports/produce', async (request, reply) => {
    const { dutyKey = '' } = formFields(request.body);
    const { reportId } = await produceReport(deps, officerView(request, reply).officer.actor, { dutyKey });
    return reply.redirect(`/reports/${reportId}?produced=1`, 303);
  });

  app.get<{ Params: { reportId: string }; Querystring: ReportQuery }>('/reports/:reportId', async (request, reply) =>
    sendOfficerPage(reply, await reportPage(deps, officerView(request, reply), request.params.reportId, { query: request.query })),
  );

  app.post<{ Params: { reportId: string } }>('/reports/:reportId/submission', async (request, reply) => {
    const view = officerView(request, reply);
    const { actor, officerName } = view.officer;
    requireWriter(actor, 'submit reports');
    // Another council's report, or an id that is no report, gets the not-found page before anything is submitted.
    await reportDetail(deps, actor, request.params.reportId);
    const fields = formFields(request.body);
    try {
      await submitAuthoredReport(deps, request.params.reportId, actor.councilId, { link: fields.link ?? '', submittedBy: officerName });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const submission = formState(fields, error.problems);
      return sendOfficerPage(reply, await reportPage(deps, view, request.params.reportId, { submission }), 400);
    }
    return reply.redirect(`/reports/${request.params.reportId}?submitted=1`, 303);
  });

  formRoute<{ reportId: string }>(app, '/reports/:reportId/approval', {
    change: async (view, fields, request, reply) => {
      await approveReport(deps, view.officer.actor, { reportId: request.params.reportId, commentary: fields.commentary ?? '' });
      return reply.redirect(`/reports/${request.params.reportId}?approved=1`, 303);
    },
    refused: (view, fields, request, problems) =>
      reportPage(deps, view, request.params.reportId, { approval: formState(fields, problems) }),
    // Approved meanwhile by another officer: said beside the form.
    conflictField: 'commentary',
  });

  app.get<{ Params: { reportId: string; format: string } }>('/reports/:reportId/download.:format', async (request, reply) => {
    const file = await reportDownload(deps, officerView(request, reply).officer.actor, request.params);
    return reply
      .type(file.contentType)
      .header('Content-Disposition', contentDisposition(file.filename))
      .header('Cache-Control', 'no-store')
      .send(file.content);
  });
}
