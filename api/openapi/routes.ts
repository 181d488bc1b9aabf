import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { openApiDocument, type OpenApiDocument, type RegisteredOperation } from './document';
import { documentationPage } from './page';
import { route } from './operation';

const anyJson = z.record(z.string(), z.unknown()).describe('the OpenAPI 3.1 document');

/**
 * The OpenAPI document and its page. They need no token: they describe the
 * API's shape and hold nothing of any council's, and a script (or a person
 * setting one up) reads them before it has a token, which they explain how to
 * get. The API's rate limit per address covers them like any request.
 */
export async function documentationRoutes(app: FastifyInstance, operations: readonly RegisteredOperation[]): Promise<void> {
  // Built once, on first request, when every route has been registered.
  let document: OpenApiDocument | undefined;
  const documentOf = () => (document ??= openApiDocument(operations));

  route(
    app,
    {
      method: 'GET',
      url: '/openapi.json',
      tag: 'Documentation',
      summary: 'This API as an OpenAPI 3.1 document.',
      access: 'public',
      response: anyJson,
    },
    async () => documentOf(),
  );
  route(
    app,
    {
      method: 'GET',
      url: '/docs',
      tag: 'Documentation',
      summary: 'This API as a page to read: every operation, its parameters, body and answer, and how to authenticate.',
      access: 'public',
      response: { files: 'the page', contentTypes: ['text/html'] },
    },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(documentationPage(documentOf()).toString()),
  );
}
