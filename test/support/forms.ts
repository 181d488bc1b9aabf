import { unescape } from 'html-escaper';

/** Posts a form as a browser does (URL-encoded), not following the redirect, so the test sees it. */
export const postForm = (url: string, fields: Record<string, string>): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

/** A form as the browser sends it with a file input (multipart), the CSV as a file (text, sent as UTF-8, or bytes) or pasted. */
export function uploadForm(token: string, csv: { file?: string | Uint8Array; pasted?: string }): FormData {
  const form = new FormData();
  form.append('_csrf', token);
  const file = typeof csv.file === 'string' || csv.file === undefined ? (csv.file ?? '') : new Uint8Array(csv.file);
  form.append('file', new Blob([file], { type: 'text/csv' }), csv.file === undefined ? '' : 'upload.csv');
  form.append('csv', csv.pasted ?? '');
  return form;
}

/** The CSV the confirm form of a preview carries. */
export const confirmedCsv = (page: string) => unescape(/name="csv" value="([^"]*)"/.exec(page)![1]!);

/** The regulation 44 answers every visit report needs (the two opinions, children seen in private, records inspected, no conflict of interest), as a form posts them. */
export const REG44_FORM_ANSWERS = {
  childrenSafeguarded: 'yes',
  wellbeingPromoted: 'yes',
  spokeWithChildrenInPrivate: 'yes',
  recordsInspected: 'complaints',
  noConflictDeclared: 'yes',
} as const;

/** The same answers as an API body or a command's JSON file sends them. */
export const REG44_ANSWERS = {
  childrenSafeguarded: true,
  wellbeingPromoted: true,
  spokeWithChildrenInPrivate: true,
  recordsInspected: ['complaints'],
  noConflictDeclared: true,
};
