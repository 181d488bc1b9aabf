import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// What a reader sees of a PDF, as the poppler tools tell it.

/** Runs a poppler tool on the PDF, written for it to a temporary file that is removed after; returns what the tool printed. */
function readWith(pdf: Uint8Array, tool: string, args: (file: string) => string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    const file = join(directory, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, args(file), { encoding: 'utf8' });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export interface PdfTextOptions {
  /** Each word with its box on the page, as XHTML (pdftotext -bbox), in place of the laid-out text. */
  bbox?: boolean;
}

/** The PDF's text as pdftotext lays it out (-layout), a form feed after each page. */
export const pdfText = (pdf: Uint8Array, options: PdfTextOptions = {}): string =>
  readWith(pdf, 'pdftotext', (file) => [options.bbox ? '-bbox' : '-layout', file, '-']);

/** The laid-out text of each page. */
export const pdfPages = (pdf: Uint8Array): string[] => pdfText(pdf).split('\f').slice(0, -1);

/** The laid-out text one string a page, and all of it with white space folded, so a phrase is found however it was laid out. */
export function pdfPagesAndText(pdf: Uint8Array): { pages: string[]; text: string } {
  const pages = pdfPages(pdf);
  return { pages, text: pages.join('\n').replace(/\s+/g, ' ') };
}

/** What pdfinfo says of the PDF, a "Name: value" line each: the title, the page size and so on. */
export const pdfInfo = (pdf: Uint8Array): string => readWith(pdf, 'pdfinfo', (file) => [file]);

/** The name of each font the PDF uses, as pdffonts lists them. */
export const pdfFonts = (pdf: Uint8Array): string[] =>
  readWith(pdf, 'pdffonts', (file) => [file])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => line.split(/\s+/)[0] ?? '');
