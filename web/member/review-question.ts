import { html, type SafeHtml } from '../../render/html';
import type { FieldProblem } from '../../services/errors';
import type { questionForVisitor } from '../../services/findings/review';
import { errorSummary } from '../pages/layout';

type VisitorQuestion = NonNullable<Awaited<ReturnType<typeof questionForVisitor>>>;

const ANSWER_ID = 'review-answer';

/** The officer's question on the visitor's report, and the form to answer it while it is open (shown on the visit page). */
export function reviewQuestionSection(
  question: VisitorQuestion | null,
  options: { action: string; answer?: string; problems?: FieldProblem[] },
): SafeHtml {
  if (!question) return html``;
  const problems = options.problems ?? [];
  const heading = html`<h2 id="question">A question about your report</h2>
    <p>An officer checking your report before it goes to the home’s manager asks:</p>
    <blockquote>${question.question}</blockquote>`;
  if (!question.open) {
    return html`${heading}
      <div class="panel">
        <p>You answered: ${question.answer ?? 'the officer settled it with you directly'}. Thank you.</p>
      </div>`;
  }
  return html`${heading}
    ${errorSummary(problems, { id: () => ANSWER_ID, label: () => 'Your answer' })}
    <form method="post" action="${options.action}" novalidate>
      <label for="${ANSWER_ID}">Your answer</label>
      ${problems.length ? html`<p class="error-message" id="${ANSWER_ID}-error"><span class="visually-hidden">Error:</span> ${problems.map((problem) => problem.message).join('; ')}</p>` : ''}
      <textarea id="${ANSWER_ID}" name="answer" rows="4" ${problems.length ? html`aria-invalid="true" aria-describedby="${ANSWER_ID}-error"` : ''}>${options.answer ?? ''}</textarea>
      <button type="submit" class="button">Send your answer</button>
    </form>`;
}
