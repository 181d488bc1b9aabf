import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime } from '../../domain/calendar';
import { SEVERITY_LABELS } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { InputError, type FieldProblem } from '../../services/errors';
import { commentAsManager, reportForManager, type ManagerReportView } from '../../services/findings/manager';
import { fieldId, formState, textArea } from '../officer/forms';
import { errorSummary } from '../pages/layout';
import { answerLinkProblems, sendMemberPage } from './pages';

const opinion = (answer: boolean | null) => (answer === null ? 'Not asked on this report' : answer ? 'Yes' : 'No');

function reportBody(report: ManagerReportView): SafeHtml {
  return html`<dl class="facts">
      <dt>Visited on</dt>
      <dd>${formatDate(report.visitedOn)}</dd>
      <dt>Children effectively safeguarded, in the visitor’s opinion</dt>
      <dd>${opinion(report.childrenSafeguarded)}</dd>
      <dt>The home’s conduct promotes their well-being, in the visitor’s opinion</dt>
      <dd>${opinion(report.wellbeingPromoted)}</dd>
      <dt>Spoke with children or young people</dt>
      <dd>${report.spokeWithChildren ? 'Yes' : 'No'}</dd>
      <dt>Spoke with staff</dt>
      <dd>${report.spokeWithStaff ? 'Yes' : 'No'}</dd>
      <dt>Summary</dt>
      <dd>${report.summary ?? 'None given'}</dd>
    </dl>
    <h2>Issues</h2>
    ${
      report.issues.length
        ? html`<ul>
            ${report.issues.map((issue) => html`<li>${issue.category} (${SEVERITY_LABELS[issue.severity]}): ${issue.description}</li>`)}
          </ul>`
        : html`<p>No issues were reported.</p>`
    }
    <h2>Recommendations</h2>
    ${
      report.recommendations.length
        ? html`<ul>
            ${report.recommendations.map((rec) => html`<li>${rec.text}${rec.dueBy ? `, by ${formatDate(rec.dueBy)}` : ''}</li>`)}
          </ul>`
        : html`<p>None.</p>`
    }
    <h2>Actions raised from the report</h2>
    ${
      report.actions.length
        ? html`<ul>
            ${report.actions.map((action) => html`<li>${action.description}: due ${formatDate(action.dueOn)}</li>`)}
          </ul>`
        : html`<p>None yet.</p>`
    }`;
}

function commentPart(report: ManagerReportView, action: string, comment: string, problems: FieldProblem[]): SafeHtml {
  if (report.comment) {
    return html`<div class="panel" role="status">
      <h2>Your comment</h2>
      <p>${report.comment}</p>
      <p class="hint">Recorded ${formatDateTime(report.commentedAt!, report.timeZone)}. The report is final with it. Thank you.</p>
    </div>`;
  }
  if (!report.open) return html`<div class="panel"><p>The time for comments on this report has ended, and it is final.</p></div>`;
  return html`<h2 id="comment-heading">Comment on factual accuracy</h2>
    <p>
      If anything in the report is factually wrong, say what and why by ${formatDate(report.dueOn!)}. Your comment is kept with the final
      report. You can send one comment.
    </p>
    <form method="post" action="${action}" novalidate>
      ${textArea(formState({ comment }, problems), { name: 'comment', label: 'Your comment', rows: 6 })}
      <button type="submit" class="button">Send the comment</button>
    </form>`;
}

function managerPage(report: ManagerReportView, options: { action: string; comment?: string; problems?: FieldProblem[] }): SafeHtml {
  const problems = options.problems ?? [];
  const title = `${report.dutyName} report: ${report.establishmentName}`;
  return page(
    title,
    html`<h1>${title}</h1>
      <p class="lead">${report.councilName}${report.managerName ? html`, for ${report.managerName}` : ''}</p>
      ${errorSummary(problems, { id: fieldId, label: () => 'Your comment' })} ${reportBody(report)}
      ${commentPart(report, options.action, options.comment ?? '', problems)}`,
  );
}

/**
 * The page behind the link a home's manager is sent when a visit report is
 * approved: they read it with its actions and may comment once on its factual
 * accuracy until their window ends. A forged, expired or used link records nothing.
 */
export async function managerReviewRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  answerLinkProblems(app);

  app.get<{ Params: { token: string } }>('/h/:token', async (request, reply) => {
    const report = await reportForManager(deps, request.params.token);
    return sendMemberPage(reply, 200, managerPage(report, { action: `/h/${request.params.token}` }));
  });

  app.post<{ Params: { token: string }; Body: { comment?: string } }>('/h/:token', async (request, reply) => {
    const comment = typeof request.body?.comment === 'string' ? request.body.comment : '';
    try {
      await commentAsManager(deps, request.params.token, { comment });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const report = await reportForManager(deps, request.params.token);
      return sendMemberPage(reply, 400, managerPage(report, { action: `/h/${request.params.token}`, comment, problems: error.problems }));
    }
    return reply.redirect(`/h/${request.params.token}`, 303);
  });
}
