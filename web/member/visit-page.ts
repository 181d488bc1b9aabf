import { formatDate, formatDateTime } from '../../domain/calendar';
import { SEVERITY_LABELS } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { FieldProblem } from '../../services/errors';
import type { visitPageForMember } from '../../services/visits/visits';
import { errorSummary } from '../pages/layout';
import {
  MEMBER_WORDING,
  reg44Answers,
  reportFieldId,
  reportFieldLabel,
  reportFields,
  type ReportFormValues,
} from '../pages/visit-report-fields';

export type MemberVisitPage = Awaited<ReturnType<typeof visitPageForMember>>;

export { reportFormValues, reportInputFromForm, type ReportFormValues } from '../pages/visit-report-fields';

function visitFacts(visit: MemberVisitPage): SafeHtml {
  return html`<dl class="facts">
    <dt>${visit.place === "children's home" ? 'Home' : 'Office'}</dt>
    <dd>${visit.establishmentName}</dd>
    ${
      visit.establishmentAddress
        ? html`<dt>Address</dt>
            <dd>${visit.establishmentAddress}</dd>`
        : ''
    }
    <dt>Visit between</dt>
    <dd>${formatDate(visit.periodStart)} and ${formatDate(visit.periodEnd)}</dd>
  </dl>`;
}

function reportForm(visit: MemberVisitPage, action: string, values: ReportFormValues): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
    <h2>Your visit report</h2>
    ${reportFields(values, { earliest: visit.periodStart, latest: visit.today, place: visit.place }, MEMBER_WORDING)}
    <button type="submit" class="button">Send report</button>
  </form>`;
}

function submittedReport(visit: MemberVisitPage): SafeHtml {
  const report = visit.report!;
  return html`<div class="panel">
      <h2>${report.byThisMember ? 'Thank you: your report has been received' : 'A report for this visit has already been received'}</h2>
      <p>Received ${formatDateTime(report.submittedAt)}, for the visit on ${formatDate(report.visitedOn)}.</p>
    </div>
    <h3>What was reported</h3>
    <dl class="facts">
      <dt>Spoke with children or young people</dt>
      <dd>${report.spokeWithChildren ? 'Yes' : 'No'}</dd>
      <dt>Spoke with staff</dt>
      <dd>${report.spokeWithStaff ? 'Yes' : 'No'}</dd>
      ${reg44Answers(report, visit.place)}
      ${
        report.byThisMember
          ? html`<dt>Summary</dt>
              <dd>${report.summary ?? 'None'}</dd>
              <dt>May be quoted</dt>
              <dd>${report.quotable ? 'Yes' : 'No'}</dd>`
          : ''
      }
    </dl>
    ${
      report.issues.length
        ? html`<h3>Issues</h3>
            <ul>
              ${report.issues.map((issue) => html`<li>${issue.category} (${SEVERITY_LABELS[issue.severity]}): ${issue.description}</li>`)}
            </ul>`
        : html`<p>No issues were reported.</p>`
    }`;
}

/** The answer as the member sent it, when it was refused and is shown again with its problems. */
export interface RefusedAnswer {
  answer?: string;
  reason?: string;
}

function answerForms(action: string, preselected: string | undefined, reason = ''): SafeHtml {
  return html`<div id="answer">
    <form method="post" action="${action}">
      <input type="hidden" name="answer" value="accept" />
      <button type="submit" class="button" ${preselected === 'decline' ? '' : html`autofocus`}>Yes, I will visit</button>
    </form>
    <details ${preselected === 'decline' ? html`open` : ''}>
      <summary>I cannot do this visit</summary>
      <form method="post" action="${action}">
        <input type="hidden" name="answer" value="decline" />
        <label for="reason">Reason (optional, shared with democratic services)</label>
        <textarea id="reason" name="reason" rows="2">${reason}</textarea>
        <button type="submit" class="button secondary">Decline the visit</button>
      </form>
    </details>
  </div>`;
}

const ANSWER_LABELS: Record<string, string> = { answer: 'Your answer', reason: 'Reason' };

/** How the error summary names the answer's fields and the report's. */
const memberFieldLabel = (field: string) => ANSWER_LABELS[field] ?? reportFieldLabel(field);

/**
 * The one page behind a visit link: answer, report, or see what was
 * reported. A refused answer shows the answer forms again, whatever the
 * visit's state, so its problems point at what the member sent.
 */
export function memberVisitPage(
  visit: MemberVisitPage,
  options: {
    basePath: string;
    preselected?: string;
    values?: ReportFormValues;
    refusedAnswer?: RefusedAnswer;
    problems?: FieldProblem[];
    notice?: string;
    /** The officer's question on the report, if any (web/member/review-question.ts). */
    question?: SafeHtml;
  },
): SafeHtml {
  const values = options.values ?? {};
  const problems = options.problems ?? [];
  const { refusedAnswer } = options;
  const open = visit.visitStatus === 'ALLOCATED' || visit.visitStatus === 'UNALLOCATED';
  let body: SafeHtml;
  if (refusedAnswer || (visit.assignmentStatus === 'INVITED' && open)) {
    body = html`<p>Will you make this visit? If you accept, you can send your report from this page afterwards.</p>
      ${answerForms(`${options.basePath}/answer`, refusedAnswer?.answer ?? options.preselected, refusedAnswer?.reason)}`;
  } else if (visit.report) {
    body = submittedReport(visit);
  } else if (visit.assignmentStatus === 'ACCEPTED' || visit.visitStatus === 'MISSED') {
    body = html`${visit.assignmentStatus === 'ACCEPTED' ? html`<p>You have accepted this visit. After visiting, please send your report.</p>` : ''}${reportForm(visit, `${options.basePath}/report`, values)}`;
  } else {
    body = html`<p>This visit is no longer with you. Thank you.</p>`;
  }
  return page(
    `${visit.dutyName}: ${visit.establishmentName}`,
    html`<h1>${visit.dutyName}: ${visit.establishmentName}</h1>
      <p class="lead">${visit.memberName}, ${visit.councilName}</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      ${errorSummary(problems, { id: reportFieldId, label: memberFieldLabel })} ${visitFacts(visit)} ${options.question ?? ''} ${body}`,
  );
}
