import { html, type SafeHtml } from '../../render/html';
import type { FieldProblem } from '../../services/errors';
import type { questionForVisitor } from '../../services/findings/review';
import { fieldId, formState, textArea } from '../officer/forms';
import { errorSummary } from '../pages/layout';

type VisitorQuestion = NonNullable<Awaited<ReturnType<typeof questionForVisitor>>>;

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
        <p>${question.answer === null ? 'The officer has settled this question.' : `You answered: ${question.answer}`} Thank you.</p>
      </div>`;
  }
  return html`${heading} ${errorSummary(problems, { id: fieldId, label: () => 'Your answer' })}
    <form method="post" action="${options.action}" novalidate>
      ${textArea(formState({ answer: options.answer }, problems), { name: 'answer', label: 'Your answer', rows: 4 })}
      <button type="submit" class="button">Send your answer</button>
    </form>`;
}
