import { html, SafeHtml } from './html';
import { SITE_STYLES } from './site-styles';

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
