import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime, type IsoDate } from '../../../domain/calendar';
import { SEVERITY_LABELS, type IssueSeverity } from '../../../domain/reports/visit-summary';
import type { AssignmentStatus, VisitStatus } from '../../../prisma/generated/client';
import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import { InputError, NotFoundError, type FieldProblem } from '../../../services/errors';
import { resolveIssue, submitVisitReport, visitForOfficer, type OfficerVisit } from '../../../services/visits/visits';
import { reviewOfVisit } from '../../../services/findings/review';
import { errorSummary } from '../../pages/layout';
import { urgentConcernOnVisit } from '../findings/urgent';
import { reviewSection } from '../findings/review';
import { scrollingTable } from '../../pages/table';
import {
  OFFICER_WORDING,
  reg44Answers,
  reportFieldId,
  reportFieldLabel,
  reportFields,
  reportFormValues,
  reportInputFromForm,
  type ReportFormValues,
} from '../../pages/visit-report-fields';
import { fieldId, formFields, formState, selectInput } from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

// ───────────────────────────── shared with the establishment page ─────────────────────────────

const VISIT_STATUSES: Record<VisitStatus, { label: string; tag: string }> = {
  UNALLOCATED: { label: 'Nobody allocated', tag: 'warning' },
  ALLOCATED: { label: 'Allocated', tag: '' },
  REPORTED: { label: 'Reported', tag: 'ok' },
  MISSED: { label: 'Missed: no report', tag: 'warning' },
  CANCELLED: { label: 'Cancelled', tag: 'muted' },
};

/** A visit's status in words, coloured as a tag (the words carry the meaning). */
export const visitStatusTag = (status: VisitStatus): SafeHtml =>
  html`<span class="tag ${VISIT_STATUSES[status].tag}">${VISIT_STATUSES[status].label}</span>`;

export const ANSWER_LABELS: Record<AssignmentStatus, string> = {
  INVITED: 'invited, no answer yet',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  LAPSED: 'did not answer in time',
  WITHDRAWN: 'withdrawn',
};

/** "Councillor Amara Okafor (accepted); Bryn Talbot (declined)", or a line saying nobody was asked. */
export function visitorsText(visitors: ReadonlyArray<{ name: string; status: AssignmentStatus }>): string {
  if (!visitors.length) return 'Nobody asked yet';
  return visitors.map((visitor) => `${visitor.name} (${ANSWER_LABELS[visitor.status]})`).join('; ');
}

/** Highest severity first, then open before resolved. */
export function issuesInOrder<Issue extends { severity: IssueSeverity; resolvedOn: IsoDate | null }>(issues: readonly Issue[]): Issue[] {
  const rank: Record<IssueSeverity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };
  return [...issues].sort((a, b) => Number(a.resolvedOn !== null) - Number(b.resolvedOn !== null) || rank[a.severity] - rank[b.severity]);
}

const resolvedOnId = (issueId: string) => fieldId(`resolvedOn-${issueId}`);

/**
 * An issue's status and, while it is open, a form to record the day it was put
 * right. `back` says which page to return to afterwards.
 */
export function issueStatus(
  view: OfficerView,
  issue: { id: string; resolvedOn: IsoDate | null },
  options: { visitId: string; today: IsoDate; back: 'visit' | 'establishment' },
): SafeHtml {
  if (issue.resolvedOn) return html`<span class="tag ok">Resolved</span> ${formatDate(issue.resolvedOn)}`;
  const open = html`<span class="tag warning">Open</span>`;
  if (view.officer.actor.role === 'READ_ONLY') return open;
  return html`${open}
    <form method="post" action="/visits/${options.visitId}/issues/${issue.id}/resolve">
      ${csrfField(view)}
      <input type="hidden" name="back" value="${options.back}" />
      <label for="${resolvedOnId(issue.id)}">Resolved on</label>
      <input type="date" id="${resolvedOnId(issue.id)}" name="resolvedOn" value="${options.today}" max="${options.today}" />
      <button type="submit" class="button secondary">Mark resolved</button>
    </form>`;
}

// ───────────────────────────── the visit page ─────────────────────────────

const NOTICES: Record<string, string> = {
  report: 'The report has been recorded on the visitor’s behalf, and the visit is now reported.',
  acknowledged: 'The urgent concern has been acknowledged.',
  resolved: 'The issue has been marked resolved.',
};

/** The report form's one field of its own: which visitor the report is from. */
const VISITOR_LABEL = 'Visitor';

/** Where each problem's link in the summary goes, and what it calls the field. */
const problemTargets = {
  id: (field: string) =>
    field === 'memberReference'
      ? fieldId(field)
      : field.startsWith('resolvedOn-')
        ? resolvedOnId(field.slice('resolvedOn-'.length))
        : reportFieldId(field),
  label: (field: string) =>
    field === 'memberReference' ? VISITOR_LABEL : field.startsWith('resolvedOn-') ? 'Resolved on' : reportFieldLabel(field),
};

function visitorsTable(visit: OfficerVisit): SafeHtml {
  if (!visit.visitors.length) {
    return html`<p>
      Nobody has been asked to make this visit${visit.status === 'UNALLOCATED' ? ': no eligible member of the pool was left to ask' : ''}.
    </p>`;
  }
  const when = (instant: Date | null) => (instant ? formatDateTime(instant, visit.timeZone) : '');
  return scrollingTable({
    caption: 'Members asked to make this visit, and their answers',
    captionHidden: true,
    headings: ['Member', 'Answer', 'Asked', 'Answered'],
    rows: visit.visitors.map(
      (visitor) =>
        html`<tr>
          <th scope="row"><a href="/members/${visitor.reference}">${visitor.name}</a></th>
          <td>${ANSWER_LABELS[visitor.status]}${visitor.note ? html`<p class="hint">“${visitor.note}”</p>` : ''}</td>
          <td>${when(visitor.invitedAt)}</td>
          <td>${when(visitor.respondedAt)}</td>
        </tr>`,
    ),
  });
}

function reportSection(view: OfficerView, visit: OfficerVisit): SafeHtml {
  const { report } = visit;
  if (!report) return html`<p>No report has been received for this visit.</p>`;
  const yesNo = (answer: boolean) => (answer ? 'Yes' : 'No');
  return html`${urgentConcernOnVisit(view, visit)}
    <dl class="facts">
      <dt>Visited on</dt>
      <dd>${formatDate(report.visitedOn)}</dd>
      <dt>Reported by</dt>
      <dd>${report.submittedBy ?? 'Unknown member'}${report.recordedBy ? `, recorded on their behalf by ${report.recordedBy}` : ''}</dd>
      <dt>Received</dt>
      <dd>${formatDateTime(report.submittedAt, visit.timeZone)}</dd>
      <dt>Spoke with children or young people</dt>
      <dd>${yesNo(report.spokeWithChildren)}</dd>
      <dt>Spoke with staff</dt>
      <dd>${yesNo(report.spokeWithStaff)}</dd>
      ${reg44Answers(report, visit.place)}
      <dt>Summary</dt>
      <dd>${report.summary ?? 'None given'}</dd>
      <dt>May be quoted to the panel</dt>
      <dd>${yesNo(report.quotable)}</dd>
    </dl>
    <h3>Issues</h3>
    ${
      report.issues.length
        ? scrollingTable({
            caption: 'Issues found on this visit',
            captionHidden: true,
            headings: ['Category', 'Severity', 'What was found', 'Status'],
            rows: issuesInOrder(report.issues).map(
              (issue) =>
                html`<tr>
                  <th scope="row">${issue.category}</th>
                  <td>${SEVERITY_LABELS[issue.severity]}</td>
                  <td>${issue.description}</td>
                  <td>${issueStatus(view, issue, { visitId: visit.id, today: visit.today, back: 'visit' })}</td>
                </tr>`,
            ),
          })
        : html`<p>No issues were reported.</p>`
    }
    <h3>Recommendations</h3>
    ${
      report.recommendations.length
        ? html`<ul>
            ${report.recommendations.map((rec) => html`<li>${rec.text}${rec.dueBy ? `, by ${formatDate(rec.dueBy)}` : ''}</li>`)}
          </ul>`
        : html`<p>None.</p>`
    }`;
}

/** The visitor an officer most likely means: the one who accepted, or the only one asked. */
function likelyVisitor(visit: OfficerVisit): string | undefined {
  const accepted = visit.visitors.filter((visitor) => visitor.status === 'ACCEPTED');
  if (accepted.length === 1) return accepted[0]!.reference;
  return visit.visitors.length === 1 ? visit.visitors[0]!.reference : undefined;
}

function recordReportForm(view: OfficerView, visit: OfficerVisit, values: ReportFormValues, problems: FieldProblem[]): SafeHtml {
  if (visit.report || view.officer.actor.role === 'READ_ONLY') return html``;
  const heading = html`<h2 id="record">Record the report on the visitor’s behalf</h2>`;
  if (visit.status === 'CANCELLED') {
    return html`${heading}
      <p>This visit was cancelled when the programme was paused or stopped, so no report can be recorded against it.</p>`;
  }
  if (!visit.visitors.length)
    return html`${heading}
      <p>Nobody was asked to make this visit, so there is no visitor to record a report for.</p>`;
  const state = formState({ memberReference: likelyVisitor(visit), ...values }, problems);
  return html`${heading}
    <p>
      Use this when the visitor sent their report by email, on paper or by phone. It is recorded as their report, with your name as the
      officer who recorded it.
    </p>
    <form method="post" action="/visits/${visit.id}/report" novalidate>
      ${csrfField(view)}
      ${selectInput(state, {
        name: 'memberReference',
        label: VISITOR_LABEL,
        hint: 'The member who made the visit.',
        blank: 'Choose the visitor',
        choices: visit.visitors.map((visitor) => ({
          value: visitor.reference,
          label: `${visitor.name} (${ANSWER_LABELS[visitor.status]})`,
        })),
      })}
      ${reportFields(values, { earliest: visit.periodStart, latest: visit.today, place: visit.place }, OFFICER_WORDING)}
      <button type="submit" class="button">Record the report</button>
    </form>`;
}

function visitPage(
  view: OfficerView,
  visit: OfficerVisit,
  options: { notice?: string; values?: ReportFormValues; problems?: FieldProblem[]; review?: SafeHtml } = {},
): SafeHtml {
  const problems = options.problems ?? [];
  const title = `${visit.dutyName}: ${visit.establishment.name}`;
  return officerPage(
    view,
    title,
    html`<p><a href="/establishments/${visit.establishment.key}">${visit.establishment.name}</a></p>
      <h1>${title}</h1>
      <p class="lead">${formatDate(visit.periodStart)} to ${formatDate(visit.periodEnd)}</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''} ${errorSummary(problems, problemTargets)}
      <dl class="facts">
        <dt>${visit.place === "children's home" ? 'Home' : 'Office'}</dt>
        <dd><a href="/establishments/${visit.establishment.key}">${visit.establishment.name}</a></dd>
        ${
          visit.establishment.address
            ? html`<dt>Address</dt>
                <dd>${visit.establishment.address}</dd>`
            : ''
        }
        <dt>Visit between</dt>
        <dd>${formatDate(visit.periodStart)} and ${formatDate(visit.periodEnd)}</dd>
        <dt>Status</dt>
        <dd>${visitStatusTag(visit.status)}</dd>
        ${
          visit.closedAt
            ? html`<dt>Closed</dt>
                <dd>${formatDateTime(visit.closedAt, visit.timeZone)}</dd>`
            : ''
        }
      </dl>
      <h2>Visitors</h2>
      ${visitorsTable(visit)}
      <h2>Report</h2>
      ${reportSection(view, visit)} ${options.review ?? ''} ${recordReportForm(view, visit, options.values ?? {}, problems)}`,
  );
}

/** One visit: where and when, who was asked, the report, and recording a report on a visitor's behalf. */
export async function visitsRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/visits/:id', async (request, reply) => {
    const view = officerView(request, reply);
    const visit = await visitForOfficer(deps, view.officer.actor, request.params.id);
    const review = reviewSection(view, await reviewOfVisit(deps, view.officer.actor, visit.id), visit.timeZone);
    return sendOfficerPage(reply, visitPage(view, visit, { notice: NOTICES[request.query.done ?? ''], review }));
  });

  app.post<{ Params: { id: string } }>('/visits/:id/report', async (request, reply) => {
    const view = officerView(request, reply);
    const { actor } = view.officer;
    const form = reportFormValues(request.body);
    const { input, formPath } = reportInputFromForm(form);
    try {
      await submitVisitReport(
        deps,
        { kind: 'officer', actor, memberReference: form.memberReference ?? '' },
        { visitId: request.params.id },
        input,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const visit = await visitForOfficer(deps, actor, request.params.id);
      const problems = error.problems.map((problem) => ({ ...problem, field: formPath(problem.field) }));
      return sendOfficerPage(reply, visitPage(view, visit, { values: form, problems }), 400);
    }
    return reply.redirect(`/visits/${request.params.id}?done=report`, 303);
  });

  app.post<{ Params: { id: string; issueId: string } }>('/visits/:id/issues/:issueId/resolve', async (request, reply) => {
    const view = officerView(request, reply);
    const { actor } = view.officer;
    const form = formFields(request.body);
    const visit = await visitForOfficer(deps, actor, request.params.id);
    if (!visit.report?.issues.some((issue) => issue.id === request.params.issueId))
      throw new NotFoundError('issue', request.params.issueId);
    try {
      await resolveIssue(deps, actor, { issueId: request.params.issueId, resolvedOn: form.resolvedOn ?? '' });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const problems = error.problems.map((problem) => ({ ...problem, field: `resolvedOn-${request.params.issueId}` }));
      return sendOfficerPage(reply, visitPage(view, visit, { problems }), 400);
    }
    return reply.redirect(
      form.back === 'establishment'
        ? `/establishments/${visit.establishment.key}?done=resolved#issues`
        : `/visits/${visit.id}?done=resolved`,
      303,
    );
  });
}
