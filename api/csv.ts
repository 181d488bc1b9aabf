import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Imports take a spreadsheet's CSV export as it is, e.g.
 * curl --data-binary @members.csv -H 'Content-Type: text/csv', or JSON
 * giving the file's text as `csv`. The file stays bytes: the import reads
 * UTF-8 or, as Excel saves it, Windows-1252.
 */
export function acceptCsvFiles(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}

/** The file, when the request sent one as text/csv; otherwise the body is JSON (which may itself be a string). */
export const csvFileOf = (request: FastifyRequest): Buffer | undefined =>
  /^text\/csv\b/i.test(request.headers['content-type'] ?? '') ? (request.body as Buffer) : undefined;
