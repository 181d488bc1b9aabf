import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime } from '../../../domain/calendar';
import { STAGE_LABELS } from '../../../domain/findings/review';
import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import { NotFoundError, type FieldProblem } from '../../../services/errors';
import { decideReview, reviewOfVisit, type ReportReview } from '../../../services/findings/review';
import { formRoute, formState, postForm, textArea } from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

/** A report's stage in words, coloured as a tag (the words carry the meaning). */
export const stageTag = (stage: ReportReview['stage']): SafeHtml =>
  html`<span class="tag ${STAGE_LABELS[stage].tag}">${STAGE_LABELS[stage].label}</span>`;

function reviewFacts(review: ReportReview, timeZone: string): SafeHtml {
  const when = (instant: Date) => formatDateTime(instant, timeZone);
  const fact = (label: string, value: SafeHtml | string | null) =>
    value
      ? html`<dt>${label}</dt>
          <dd>${value}</dd>`
      : '';
  return html`<dl class="facts">
    ${fact('Stage', stageTag(review.stage))} ${fact('Question to the visitor', review.question)}
    ${fact('Visitor’s answer', review.question ? (review.answer ?? 'Not answered yet') : null)}
    ${fact('Approved', review.approvedAt && `${when(review.approvedAt)}${review.reviewedBy ? ` by ${review.reviewedBy}` : ''}`)}
    ${fact('Manager', review.approvedAt ? (review.hasManager ? (review.managerName ?? 'The home’s manager') : 'None on record: no factual-accuracy check') : null)}
    ${fact('Manager may comment until', review.managerCommentDueOn && formatDate(review.managerCommentDueOn))}
    ${fact('Manager’s comment', review.managerComment && `${review.managerComment} (${when(review.managerCommentedAt!)})`)}
    ${fact('Final', review.finalisedAt && when(review.finalisedAt))}
  </dl>`;
}

const LABELS = { question: 'Question to the visitor', decision: 'Decision' };

function decisionForms(view: OfficerView, review: ReportReview, values: Record<string, string>, problems: FieldProblem[]): SafeHtml {
  if (view.officer.actor.role === 'READ_ONLY' || (review.stage !== 'AWAITING_REVIEW' && review.stage !== 'RETURNED')) return html``;
  const action = `/visits/${review.visitId}/review`;
  return html`<form method="post" action="${action}">
      ${csrfField(view)}
      <input type="hidden" name="decision" value="approve" />
      <p class="hint">
        ${
          review.hasManager
            ? 'Approving sends the report to the home’s manager to check its facts, and raises its actions.'
            : 'The home has no manager on record: approving makes the report final at once, and raises its actions.'
        }
      </p>
      <button type="submit" class="button">Approve the report</button>
    </form>
    ${postForm(
      view,
      { action, state: formState(values, problems), labels: LABELS },
      html`<input type="hidden" name="decision" value="return" />
        ${textArea(formState(values, problems), {
          name: 'question',
          label: LABELS.question,
          hint: 'The visitor is emailed a link to answer it; the report comes back to you with their answer.',
          rows: 3,
        })}
        <button type="submit" class="button secondary">Return it with this question</button>`,
    )}`;
}

/** The review part of the officer's visit page: where the report stands, and the decision while it is the officer's to make. */
export function reviewSection(view: OfficerView, review: ReportReview | null, timeZone: string): SafeHtml {
  if (!review) return html``;
  return html`<h2 id="review">Review</h2>
    ${reviewFacts(review, timeZone)} ${decisionForms(view, review, {}, [])}`;
}

/** An officer's review of a visit report: approve it, or return it to the visitor with a question. */
export async function reviewRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  const reviewPage = async (view: OfficerView, visitId: string, values: Record<string, string>, problems: FieldProblem[]) => {
    const review = await reviewOfVisit(deps, view.officer.actor, visitId);
    if (!review) throw new NotFoundError('report of visit', visitId);
    const council = await deps.db.council.findUniqueOrThrow({ where: { id: view.officer.actor.councilId }, select: { timeZone: true } });
    return officerPage(
      view,
      'Review the visit report',
      html`<p><a href="/visits/${visitId}">Back to the visit and its report</a></p>
        <h1>Review the visit report</h1>
        ${reviewFacts(review, council.timeZone)} ${decisionForms(view, review, values, problems)}`,
    );
  };

  app.get<{ Params: { id: string } }>('/visits/:id/review', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, await reviewPage(view, request.params.id, {}, []));
  });

  formRoute<{ id: string }>(app, '/visits/:id/review', {
    change: async (view, fields, request, reply) => {
      const review = await reviewOfVisit(deps, view.officer.actor, request.params.id);
      if (!review) throw new NotFoundError('report of visit', request.params.id);
      await decideReview(deps, view.officer.actor, review.reportId, fields);
      return reply.redirect(`/visits/${request.params.id}#review`, 303);
    },
    refused: (view, fields, request, problems) => reviewPage(view, request.params.id, fields, problems),
    conflictField: 'decision',
  });
}
