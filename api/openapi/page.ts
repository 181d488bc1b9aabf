import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import { scrollingTable } from '../../web/pages/table';
import type { DocumentedOperation, JsonSchema, OpenApiDocument, OpenApiParameter } from './document';

/** Addresses and JSON are long unbroken words: they wrap anywhere rather than make a phone's page scroll sideways. */
const code = (text: string) => html`<code style="overflow-wrap: anywhere">${text}</code>`;

interface FieldLine {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** A field's type as a reader needs it: "date (YYYY-MM-DD)", "one of ADMIN, OFFICER", "text or null". */
function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return [...new Set(schema.anyOf.map(typeOf))].join(' or ');
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.format === 'date') return 'date (YYYY-MM-DD)';
  if (schema.format === 'date-time') return 'instant (ISO 8601 with offset)';
  if (typeof schema.format === 'string') return `${String(schema.type)} (${schema.format})`;
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'anything'}`;
  if (schema.type === 'string') return 'text';
  if (schema.type === 'null') return 'null';
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'anything');
}

/** Every field of an object, nested ones under their dotted path (list items as `name[]`). */
function fieldLines(schema: JsonSchema, prefix = ''): FieldLine[] {
  const objectOf = (candidate: JsonSchema): JsonSchema | undefined =>
    candidate.properties ? candidate : (candidate.anyOf?.map(objectOf).find(Boolean) ?? (candidate.items && objectOf(candidate.items)));
  const lines: FieldLine[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    lines.push({ name: path, type: typeOf(field), required: (schema.required ?? []).includes(name), description: field.description ?? '' });
    const nested = objectOf(field);
    if (nested) lines.push(...fieldLines(nested, `${path}${field.type === 'array' ? '[]' : ''}.`));
  }
  return lines;
}

const fieldTable = (caption: string, lines: readonly FieldLine[], optionalWord = 'optional') =>
  scrollingTable({
    caption,
    headings: ['Field', 'Type', 'Meaning'],
    rows: lines.map(
      (line) =>
        html`<tr>
          <th scope="row">${code(line.name)}${line.required ? '' : html` <span class="hint">(${optionalWord})</span>`}</th>
          <td>${line.type}</td>
          <td>${line.description}</td>
        </tr>`,
    ),
  });

const parameterLines = (parameters: readonly OpenApiParameter[]): FieldLine[] =>
  parameters.map((parameter) => ({
    name: parameter.in === 'path' ? `{${parameter.name}}` : `?${parameter.name}=`,
    type: typeOf(parameter.schema),
    required: parameter.required,
    description: parameter.description,
  }));

function operationSection(method: string, path: string, operation: DocumentedOperation): SafeHtml {
  const body = operation.requestBody?.content['application/json']?.schema;
  const csv = operation.requestBody?.content['text/csv']?.schema;
  const successes = Object.entries(operation.responses).filter(([status]) => Number(status) < 400);
  const answer = successes[0]?.[1].content?.['application/json']?.schema;
  const files = successes[0]?.[1].content && !answer ? Object.keys(successes[0][1].content) : [];
  return html`<section class="operation" aria-labelledby="${operation.operationId}">
    <h3 id="${operation.operationId}">${code(`${method.toUpperCase()} ${path}`)}</h3>
    <p>${operation.summary}</p>
    ${operation.description ? html`<p>${operation.description}</p>` : ''}
    <p class="hint">Who: ${operation['x-access']}. Answers ${successes.map(([status]) => status).join(' or ')}.</p>
    ${operation.parameters?.length ? fieldTable(`${method.toUpperCase()} ${path}: parameters`, parameterLines(operation.parameters)) : ''}
    ${body ? fieldTable(`${method.toUpperCase()} ${path}: request body (JSON)`, fieldLines(body)) : ''}
    ${csv ? html`<p>Or send the file itself as ${code('text/csv')}: ${csv.description}</p>` : ''}
    ${answer ? fieldTable(`${method.toUpperCase()} ${path}: answer`, fieldLines(answer), 'may be absent') : ''}
    ${files.length ? html`<p>Answers the file itself: ${files.join(', ')}.</p>` : ''}
  </section>`;
}

/** The document as a page people read, on a phone too: each operation, its parameters, body and answer, and how to authenticate. */
export function documentationPage(document: OpenApiDocument): SafeHtml {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operation: operation as DocumentedOperation })),
  );
  const sections = document.tags.map(({ name }) => ({
    name,
    id: `tag-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    operations: operations.filter(({ operation }) => operation.tags.includes(name)),
  }));
  return page(
    'API',
    html`<h1>${document.info.title}</h1>
      <p>${document.info.description}</p>
      <p>The same as a machine reads it: <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>.</p>
      <h2 id="authentication">Authentication</h2>
      <p>${document.components.securitySchemes.officerToken.description}</p>
      <p>
        This page and the OpenAPI document need no token. Errors name the field and the fix, e.g.
        ${code('400 {"error":{"message":…,"problems":[{"field":"meetingId","message":…}]}}')}.
      </p>
      <nav aria-labelledby="contents-heading">
        <h2 id="contents-heading">Contents</h2>
        <ul>
          ${sections.map((section) => html`<li><a href="#${section.id}">${section.name}</a></li>`)}
        </ul>
      </nav>
      ${sections.map(
        (section) =>
          html`<section aria-labelledby="${section.id}">
            <h2 id="${section.id}">${section.name}</h2>
            ${section.operations.map(({ method, path, operation }) => operationSection(method, path, operation))}
          </section>`,
      )}`,
  );
}
