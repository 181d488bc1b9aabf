import { html, type SafeHtml } from '../../render/html';

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
