import { html, SafeHtml } from '../../render/html';
import type { FieldProblem } from '../../services/errors';
import { SITE_STYLES } from './styles';

/**
 * The page shell: one column, system fonts, readable at phone width. Officer
 * pages put their navigation in the header.
 */
export function page(title: string, body: SafeHtml, header: SafeHtml = html`<a href="/">Corporate Parenting Engine</a>`): SafeHtml {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${title} – Corporate Parenting Engine</title>
        <style>
          ${new SafeHtml(SITE_STYLES)}
        </style>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header>${header}</header>
        <main id="main" tabindex="-1">${body}</main>
      </body>
    </html>`;
}

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
