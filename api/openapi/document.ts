import { z } from 'zod';

import { errorAnswer } from './answers';
import { FIELD_NOTES } from './field-notes';
import { isFileAnswer, statusesOf, type Operation } from './operation';

/** A JSON Schema object, as the document carries it. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  [keyword: string]: unknown;
}

/** An operation with the address Fastify registered it at, prefix included. */
export interface RegisteredOperation extends Operation {
  path: string;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string;
  schema: JsonSchema;
}

/** An operation as the document gives it, for those who read it back (the page, the tests). */
export interface DocumentedOperation {
  tags: string[];
  operationId: string;
  summary: string;
  description?: string;
  'x-access': string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }>; $ref?: string }>;
}

export const pathParameterNames = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);

/** The address as OpenAPI writes it: /members/{reference}. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/** The schema as JSON Schema 2020-12, as a request sends it and an answer arrives (before any decoding). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return describeFields(json);
}

/** Each field without a description of its own gets the project's note for that name (field-notes.ts). */
function describeFields(schema: JsonSchema): JsonSchema {
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    // A nullable field carries its description on the non-null option.
    field.description ??= field.anyOf?.find((option) => option.description)?.description ?? FIELD_NOTES[name];
    if (field.description === undefined) delete field.description;
    describeFields(field);
  }
  if (schema.items) describeFields(schema.items);
  for (const option of schema.anyOf ?? []) describeFields(option);
  return schema;
}

interface Field {
  name: string;
  field: JsonSchema;
  required: boolean;
}

const fieldsOf = (schema: JsonSchema): Field[] =>
  Object.entries(schema.properties ?? {}).map(([name, field]) => ({ name, field, required: (schema.required ?? []).includes(name) }));

/** The schema without the fields named `names` (those are path parameters), or nothing when no field is left. */
function withoutFields(schema: JsonSchema, names: ReadonlySet<string>): JsonSchema | undefined {
  const rest = fieldsOf(schema).filter(({ name }) => !names.has(name));
  if (!rest.length) return undefined;
  return {
    ...schema,
    properties: Object.fromEntries(rest.map(({ name, field }) => [name, field])),
    required: rest.filter((field) => field.required).map(({ name }) => name),
  };
}

const parameter = (where: 'path' | 'query', { name, field, required }: Field): OpenApiParameter => ({
  name,
  in: where,
  required: where === 'path' || required,
  description: field.description ?? '',
  schema: field,
});

/** Path parameters from `params` or the service's input, query parameters from `query`, the body from the rest of the input. */
function parametersOf(operation: RegisteredOperation): { parameters: OpenApiParameter[]; body?: JsonSchema } {
  const inPath = new Set(pathParameterNames(operation.path));
  const named = [operation.params, operation.input, operation.query].flatMap((schema) => (schema ? fieldsOf(jsonSchemaOf(schema)) : []));
  const pathParameters = [...inPath].map((name) => {
    const field = named.find((candidate) => candidate.name === name);
    if (!field) throw new Error(`${operation.method} ${operation.path}: no schema names :${name}`);
    return parameter('path', field);
  });
  const query = operation.query ? fieldsOf(jsonSchemaOf(operation.query)).filter(({ name }) => !inPath.has(name)) : [];
  return {
    parameters: [...pathParameters, ...query.map((field) => parameter('query', field))],
    body: operation.input && withoutFields(jsonSchemaOf(operation.input), inPath),
  };
}

const REFUSALS: Record<number, string> = {
  400: 'the input has problems; each names its field and the fix',
  401: 'no valid officer API token was sent',
  403: "the officer's role does not allow this",
  404: "nothing of that name in the officer's council",
  409: 'it conflicts with what is recorded; the message says what to do',
};

function operationObject(operation: RegisteredOperation) {
  const { parameters, body } = parametersOf(operation);
  const { response } = operation;
  const answer = isFileAnswer(response)
    ? { content: Object.fromEntries(response.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) }
    : { content: { 'application/json': { schema: jsonSchemaOf(response) } } };
  const success = Object.fromEntries(
    statusesOf(operation).map((status) => [String(status), { description: isFileAnswer(response) ? response.files : 'done', ...answer }]),
  );
  const refusals =
    operation.access === 'public'
      ? {}
      : Object.fromEntries(
          Object.entries(REFUSALS).map(([status, description]) => [status, { description, $ref: '#/components/responses/Refusal' }]),
        );
  const requestBody = body && {
    required: true,
    content: {
      'application/json': { schema: body },
      ...(operation.csv && { 'text/csv': { schema: { type: 'string', description: operation.csv } } }),
    },
  };
  return {
    operationId: `${operation.method.toLowerCase()}${operationIdOf(operation.path)}`,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    'x-access': operation.access,
    ...(operation.access === 'public' && { security: [] }),
    ...(parameters.length && { parameters }),
    ...(requestBody && { requestBody }),
    responses: { ...success, ...refusals },
  };
}

const operationIdOf = (path: string) =>
  path
    .replace(/^\/api\/v1/, '')
    .split(/[/.:-]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

export const AUTHENTICATION =
  'Send an officer API token as `Authorization: Bearer <token>`. An officer creates one with `npm run cpe -- tokens create --label "my script"` ' +
  '(shown once) or through POST /api/v1/api-tokens; an admin revokes tokens on the Officers page. Every call acts as that officer, ' +
  "within that officer's council, and with that officer's role: read-only officers may read but not change anything.";

/** The OpenAPI 3.1 document of every documented route, in the order they were registered. */
export function openApiDocument(operations: readonly RegisteredOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    (paths[openApiPath(operation.path)] ??= {})[operation.method.toLowerCase()] = operationObject(operation);
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Corporate Parenting Engine API',
      version: '1',
      description:
        'The officer API: members, pools, visits, training, the pledge, panels, meetings and reports. Dates are ISO 8601 ' +
        '(a day as YYYY-MM-DD, an instant with its offset); where people read a date, its words are beside it in a `…Text` field.',
    },
    servers: [{ url: '/' }],
    security: [{ officerToken: [] }],
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { officerToken: { type: 'http', scheme: 'bearer', description: AUTHENTICATION } },
      responses: { Refusal: { description: 'refused', content: { 'application/json': { schema: jsonSchemaOf(errorAnswer) } } } },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
