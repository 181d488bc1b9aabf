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

/** A rendered PDF with its laid-out text, one string a page, and all of it with white space folded, so a phrase is found however it was laid out. */
export interface ReadPdf {
  pdf: Buffer;
  pages: string[];
  text: string;
}

/** Reads the PDF once it is rendered, so that the tests that look at one PDF can share one reading (beforeAll). */
export async function readPdf(rendering: Promise<Buffer>): Promise<ReadPdf> {
  const pdf = await rendering;
  const pages = pdfPages(pdf);
  return { pdf, pages, text: pages.join('\n').replace(/\s+/g, ' ') };
}

/** What pdfinfo says of the PDF, a "Name: value" line each: the title, the page size and so on. */
export const pdfInfo = (pdf: Uint8Array): string => readWith(pdf, 'pdfinfo', (file) => [file]);

export interface PdfFont {
  /** The font's name without the tag of a subset (BZZZZZ+). */
  name: string;
  embedded: boolean;
}

/** Each font the PDF uses, as pdffonts lists them. */
export function pdfFonts(pdf: Uint8Array): PdfFont[] {
  const [header = '', , ...rows] = readWith(pdf, 'pdffonts', (file) => [file]).split('\n');
  const embedded = header.indexOf(' emb ') + 1;
  return rows.filter(Boolean).map((row) => ({
    name: (row.split(/\s+/)[0] ?? '').replace(/^[A-Z]{6}\+/, ''),
    embedded: row.slice(embedded, embedded + 3) === 'yes',
  }));
}

/** The PDF's structure tree as pdfinfo prints it (-struct-text): an element a line, indented under its parent, its text quoted beneath. */
export const pdfStructure = (pdf: Uint8Array): string => readWith(pdf, 'pdfinfo', (file) => ['-struct-text', file]);

/**
 * What the document catalog says of tagging, read from the file's objects: whether its MarkInfo dictionary
 * says Marked true, whether it has a structure tree, and the document's language.
 */
export function pdfCatalog(pdf: Uint8Array): { marked: boolean; structTreeRoot: boolean; lang: string | undefined } {
  const objects = new Map(
    [
      ...Buffer.from(pdf)
        .toString('latin1')
        .matchAll(/(?:^|\n)(\d+ \d+) obj\s*([\s\S]*?)\bendobj/g),
    ].map(([, ref = '', body = '']) => [ref, body]),
  );
  const catalog = [...objects.values()].find((body) => body.includes('/Type /Catalog')) ?? '';
  const markInfoRef = /\/MarkInfo (\d+ \d+) R/.exec(catalog)?.[1];
  const markInfo = markInfoRef ? (objects.get(markInfoRef) ?? '') : (/\/MarkInfo\s*<<([^>]*)>>/.exec(catalog)?.[1] ?? '');
  return {
    marked: /\/Marked true\b/.test(markInfo),
    structTreeRoot: /\/StructTreeRoot \d+ \d+ R/.test(catalog),
    lang: /\/Lang \(([^)]*)\)/.exec(catalog)?.[1],
  };
}

/** Expects the PDF set in Arimo, embedded, and tagged for a screen reader, in British English. */
export function expectTaggedInEmbeddedArimo(pdf: Uint8Array): void {
  for (const font of pdfFonts(pdf)) expect(font).toEqual({ name: expect.stringMatching(/^Arimo-(Regular|Bold|Italic)$/), embedded: true });
  expect(pdfInfo(pdf)).toMatch(/^Tagged:\s+yes$/m);
  expect(pdfCatalog(pdf)).toEqual({ marked: true, structTreeRoot: true, lang: 'en-GB' });
}
