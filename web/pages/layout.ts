import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { FieldProblem } from '../../services/errors';

/**
 * The error summary at the top of a form (GOV.UK pattern): each problem links
 * to its field. Pages say how their fields are named and labelled.
 */
export function errorSummary(
  problems: FieldProblem[],
  fields: { id: (field: string) => string; label: (field: string) => string },
): SafeHtml | string {
  if (!problems.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="errors">
    <h2>There is a problem</h2>
    <ul>
      ${problems.map((problem) => html`<li><a href="#${fields.id(problem.field)}">${fields.label(problem.field)}: ${problem.message}</a></li>`)}
    </ul>
  </div>`;
}

export function linkProblemPage(message: string): SafeHtml {
  return page(
    'Link cannot be used',
    html`<h1>This link cannot be used</h1>
      <p>${message}</p>`,
  );
}
