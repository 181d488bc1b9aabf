import { html, type SafeHtml } from '../../render/html';
import type { FieldProblem } from '../../services/errors';

/** The page shell: one column, system fonts, readable at phone width. */
export function page(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${title} – Corporate Parenting Engine</title>
        <style>
          body {
            margin: 0;
            font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
            font-size: 1.0625rem;
            line-height: 1.5;
            color: #0b0c0c;
            background: #f3f2f1;
          }
          header {
            background: #0b4f6c;
            color: #fff;
            padding: 12px 16px;
          }
          header a {
            color: #fff;
            font-weight: 700;
            text-decoration: none;
          }
          main {
            max-width: 960px;
            margin: 0 auto;
            padding: 16px;
            background: #fff;
            min-height: 80vh;
          }
          a {
            color: #1d5b99;
          }
          a:focus,
          button:focus {
            outline: 3px solid #ffbf47;
            outline-offset: 0;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          th,
          td {
            text-align: left;
            padding: 8px;
            border-bottom: 1px solid #b1b4b6;
          }
        </style>
      </head>
      <body>
        <header><a href="/">Corporate Parenting Engine</a></header>
        <main id="main">${body}</main>
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
