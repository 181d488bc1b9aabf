import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import { z } from 'zod';

import type { Actor } from '../../services/context';
import { actorOf } from '../auth';

/** A file answer (a report's HTML, PDF, CSV or upload): what the document says of it instead of a JSON schema. */
export interface FileAnswer {
  files: string;
  contentTypes: readonly string[];
}

/** Who may call an operation, as the document states it; the services enforce it. */
export type Access = 'public' | 'any officer' | 'officers and admins' | 'admins';

/**
 * One API operation as the OpenAPI document describes it. The schemas are the
 * ones the code uses: `input` is the service's own input schema (its fields
 * named in the address are path parameters, the rest the JSON body),
 * `query` the filter's, and `response` shapes what the route sends, so the
 * document cannot say one thing while the code does another.
 */
export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** The capability it belongs to, e.g. "Members": the page's sections. */
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Path parameters the service takes apart from its input schema (e.g. an id). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  input?: z.ZodType;
  /** The body may instead be a CSV file sent as text/csv: what the file holds. */
  csv?: string;
  /** The success status; more than one when the answer tells apart creating and replacing. */
  status?: number | readonly number[];
  response: z.ZodType | FileAnswer;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    operation?: Operation;
  }
}

export const isFileAnswer = (response: Operation['response']): response is FileAnswer => 'files' in response;

export const statusesOf = (operation: Operation): readonly number[] =>
  typeof operation.status === 'number' ? [operation.status] : (operation.status ?? [200]);

/**
 * Registers the route with its operation. A JSON answer is encoded through the
 * response schema: unlisted fields are left out, dates become ISO 8601 text,
 * and an answer the schema does not describe is a failure of ours (500), not
 * something sent undocumented.
 */
export function route<Route extends RouteGenericInterface = RouteGenericInterface>(
  app: FastifyInstance,
  operation: Operation,
  handler: (request: FastifyRequest<Route>, reply: FastifyReply) => Promise<unknown>,
): void {
  const { response } = operation;
  app.route({
    method: operation.method,
    url: operation.url,
    config: { operation },
    handler: async (request, reply) => {
      reply.status(statusesOf(operation)[0]!);
      const answer = await handler(request as FastifyRequest<Route>, reply);
      if (isFileAnswer(response)) return answer;
      const encoded = z.safeEncode(response, answer);
      if (!encoded.success) {
        throw new Error(`${operation.method} ${operation.url} answered outside its documented response: ${z.prettifyError(encoded.error)}`);
      }
      return reply.send(encoded.data);
    },
  });
}

/** A collection as GET lists it: under `key`, an array of `item`. */
export interface Collection {
  url: string;
  tag: string;
  summary: string;
  key: string;
  item: z.ZodType;
}

/** A GET any officer may call that answers `{ [key]: [...] }` with what `list` finds for the calling officer. */
export function listRoute(app: FastifyInstance, collection: Collection, list: (actor: Actor) => Promise<unknown[]>): void {
  const { url, tag, summary, key, item } = collection;
  route(
    app,
    { method: 'GET', url, tag, summary, access: 'any officer', response: z.object({ [key]: z.array(item) }) },
    async (request) => ({
      [key]: await list(actorOf(request)),
    }),
  );
}

/** What officers and admins add by POST: the body is the service's `input`, the answer 201 with `response`. */
export interface Creation {
  url: string;
  tag: string;
  summary: string;
  description?: string;
  input: z.ZodType;
  response: z.ZodType;
}

/** A POST that officers and admins may call to add something: `create` gets the calling officer and the body. */
export function createRoute<Body>(app: FastifyInstance, creation: Creation, create: (actor: Actor, body: Body) => Promise<unknown>): void {
  route<{ Body: Body }>(app, { method: 'POST', ...creation, access: 'officers and admins', status: 201 }, async (request) =>
    create(actorOf(request), request.body as Body),
  );
}
