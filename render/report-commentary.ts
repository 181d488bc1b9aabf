import { html } from './html';
import { reportPdf, STYLES, write, writeHeading } from './pdf';
import { type ReportHeading } from './report-heading';
import { sectionHtml } from './report-html';

// The reviewing officer's commentary, circulated with a report: first in the email, and as a PDF of its own beside the report's.

/** What the panel reads of an approval: the officer's paragraphs and who approved the report. */
export interface ReportCommentary {
  text: string;
  approvedBy: string;
}

export const COMMENTARY_HEADING = 'Officer’s commentary';

/** Paragraphs as the officer typed them, split at blank lines. */
const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);

const byline = (commentary: ReportCommentary): string => `Approved for circulation by ${commentary.approvedBy}.`;

/**
 * A generated report's email with the commentary as its first section, before
 * the report's own sections (or at the end of the content if it has none).
 */
export function withCommentaryHtml(document: string, commentary: ReportCommentary): string {
  const section = sectionHtml(COMMENTARY_HEADING, [
    ...paragraphsOf(commentary.text).map((paragraph) => html`<p style="margin:0 0 12px">${paragraph}</p>`),
    html`<p style="margin:0;font-size:14px">${byline(commentary)}</p>`,
  ]).value;
  const firstSection = document.indexOf('<h2');
  const at = firstSection >= 0 ? firstSection : document.lastIndexOf('</td>');
  return `${document.slice(0, at)}${section}${document.slice(at)}`;
}

/** The commentary as plain paragraphs for an email's text part and a cover email. */
export const commentaryParagraphs = (commentary: ReportCommentary): string[] => [
  `${COMMENTARY_HEADING}:`,
  ...paragraphsOf(commentary.text),
  byline(commentary),
];

/** The commentary as an A4 PDF headed like the report, to print with it. */
export function commentaryPdf(heading: ReportHeading, commentary: ReportCommentary): Promise<Buffer> {
  return reportPdf({ heading, layout: 'portrait', margin: 50 }, (doc) => {
    writeHeading(doc, COMMENTARY_HEADING, 60);
    for (const paragraph of paragraphsOf(commentary.text)) {
      write(doc, paragraph, STYLES.body);
      doc.y += 8;
    }
    write(doc, byline(commentary), STYLES.small);
  });
}
