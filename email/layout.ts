import { html, type SafeHtml } from '../render/html';

export interface EmailAction {
  label: string;
  url: string;
  /** Secondary actions render as outlined buttons. */
  secondary?: boolean;
}

/**
 * What an email says, once. The layout renders it as HTML (single column,
 * large buttons, readable on a phone) and as plain text from the same content.
 */
export interface EmailContent {
  subject: string;
  /** One line shown after the subject in most inboxes. */
  preview: string;
  greeting: string;
  paragraphs: string[];
  /** Label and value rows, e.g. ["When", "Monday 23 November 2026"]. */
  facts?: Array<[string, string]>;
  actions?: EmailAction[];
  /** Small print after the sign-off, e.g. why the reader received this email. */
  footnote?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface Sender {
  /** "Democratic Services, Northmere Borough Council" */
  signOff: string;
}

export function renderEmail(content: EmailContent, sender: Sender): RenderedEmail {
  return { subject: content.subject, html: renderHtml(content, sender).value, text: renderText(content, sender) };
}

function renderHtml(content: EmailContent, sender: Sender): SafeHtml {
  const facts = content.facts?.length
    ? html`<table role="presentation" style="border-collapse:collapse;margin:16px 0;width:100%">
        ${content.facts.map(
          ([label, value]) =>
            html`<tr>
              <th
                scope="row"
                style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;color:#3d3d3d;font-weight:600;white-space:nowrap"
              >
                ${label}
              </th>
              <td style="padding:6px 0">${value}</td>
            </tr>`,
        )}
      </table>`
    : '';
  const actions = (content.actions ?? []).map(
    (action) =>
      html`<p style="margin:12px 0">
        <a
          href="${action.url}"
          style="display:inline-block;min-width:200px;padding:14px 20px;border-radius:6px;text-align:center;font-weight:700;text-decoration:none;${
            action.secondary
              ? 'background:#ffffff;color:#0b4f6c;border:2px solid #0b4f6c'
              : 'background:#0b4f6c;color:#ffffff;border:2px solid #0b4f6c'
          }"
          >${action.label}</a
        >
      </p>`,
  );
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${content.subject}</title>
      </head>
      <body style="margin:0;padding:0;background:#f3f2f1">
        <span style="display:none;max-height:0;overflow:hidden">${content.preview}</span>
        <div
          style="max-width:600px;margin:0 auto;padding:24px 16px;background:#ffffff;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:17px;line-height:1.5;color:#0b0c0c"
        >
          <p>${content.greeting}</p>
          ${content.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)} ${facts} ${actions}
          <p>${sender.signOff}</p>
          ${content.footnote ? html`<p style="font-size:14px;color:#505a5f">${content.footnote}</p>` : ''}
        </div>
      </body>
    </html>`;
}

function renderText(content: EmailContent, sender: Sender): string {
  const blocks = [content.greeting, ...content.paragraphs];
  if (content.facts?.length) blocks.push(content.facts.map(([label, value]) => `${label}: ${value}`).join('\n'));
  for (const action of content.actions ?? []) blocks.push(`${action.label}:\n${action.url}`);
  blocks.push(sender.signOff);
  if (content.footnote) blocks.push(content.footnote);
  return `${blocks.join('\n\n')}\n`;
}
