import type { Browser } from 'playwright-core';

import { openApiPath, type DocumentedOperation, type JsonSchema, type OpenApiDocument } from '../../api/openapi/document';
import { DEMO_API_TOKEN } from '../../seeds/demo-council';
import { addressOf, API_ROUTE_SPECS, serveDemoApi, specKey, type ApiRoute, type CouncilIds } from '../support/api-routes';
import { expectAccessible, launchBrowser, openContext } from '../support/browser';
import { schemaProblems, type Schema } from '../support/json-schema';
import type { TestServices } from '../support/services';
import type { TestWebApp } from '../support/web-app';

let services: TestServices;
let web: TestWebApp;
let routes: ApiRoute[];
let northmere: CouncilIds;
let document: OpenApiDocument;

const operationOf = (route: ApiRoute) => document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()] as DocumentedOperation;

beforeAll(async () => {
  // No worker polls this queue: these tests read what the API answers, not what it sends.
  ({ services, web, routes, northmere } = await serveDemoApi('openapi-test-no-worker'));
  // No token: the document is public.
  const response = await fetch(`${web.baseUrl}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
});

afterAll(async () => {
  await web?.close();
  await services?.close();
});

/** Every field of a schema, nested ones too, that has no description, by its path. */
function undescribed(schema: JsonSchema, path: string): string[] {
  const fields = Object.entries(schema.properties ?? {}).flatMap(([name, field]) => [
    ...(field.description ? [] : [`${path}.${name}`]),
    ...undescribed(field, `${path}.${name}`),
  ]);
  return [
    ...fields,
    ...(schema.items ? undescribed(schema.items, `${path}[]`) : []),
    ...(schema.anyOf ?? []).flatMap((o) => undescribed(o, path)),
  ];
}

test('the OpenAPI document lists every route Fastify registers under /api/v1, and describes every parameter and field', () => {
  expect(document.openapi).toMatch(/^3\.1\./);
  const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${openApiPath(route.url)}`).sort());

  const missing = routes.flatMap((route) => {
    const operation = operationOf(route);
    const where = specKey(route);
    return [
      ...(operation.summary ? [] : [`${where}: summary`]),
      ...(operation.parameters ?? []).filter((parameter) => !parameter.description).map((parameter) => `${where}: ${parameter.name}`),
      ...undescribed(operation.requestBody?.content['application/json']?.schema ?? {}, `${where} body`),
      ...Object.values(operation.responses).flatMap((answer) =>
        undescribed(answer.content?.['application/json']?.schema ?? {}, `${where} answer`),
      ),
    ];
  });
  expect(missing).toEqual([]);
});

/** Calls the route as Northmere's admin with the matrix's valid input. */
async function answerOf(route: ApiRoute) {
  const request = API_ROUTE_SPECS[specKey(route)]!.call(northmere);
  const response = await fetch(`${web.baseUrl}${addressOf(route, request)}`, {
    method: route.method,
    headers: { authorization: `Bearer ${DEMO_API_TOKEN}`, ...(request.body && { 'content-type': 'application/json' }) },
    body: request.body && JSON.stringify(request.body),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** Where the answer breaks what the document says of that status, or [] when it fits. */
function breaches(route: ApiRoute, answer: { status: number; type: string; text: string }): string[] {
  const documented = operationOf(route).responses[String(answer.status)];
  if (!documented) return [`answered ${answer.status}, which is not documented: ${answer.text.slice(0, 200)}`];
  const schema = documented.$ref
    ? document.components.responses.Refusal.content['application/json'].schema
    : documented.content?.['application/json']?.schema;
  if (!schema) {
    const types = Object.keys(documented.content ?? {});
    return types.some((type) => type === '*/*' || answer.type.startsWith(type.split(';')[0]!))
      ? []
      : [`answered ${answer.type}, documented as ${types.join(', ')}`];
  }
  return schemaProblems(schema as Schema, JSON.parse(answer.text));
}

const WEEKDAY_DATE = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}\b/;

/** Fields holding a date in words where an ISO date belongs: words go only in `…Text` fields (and a period's `text`). */
function datesInWords(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => datesInWords(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, field]) =>
    typeof field === 'string'
      ? /Text$|^text$/.test(name) || !WEEKDAY_DATE.test(field)
        ? []
        : [`${path}.${name} gives the date in words: "${field}"`]
      : datesInWords(field, `${path}.${name}`),
  );
}

test('a real answer of every GET route fits its documented schema, with every date in ISO 8601', async () => {
  const failures: string[] = [];
  for (const route of routes.filter((candidate) => candidate.method === 'GET')) {
    const answer = await answerOf(route);
    if (answer.status !== 200) failures.push(`${specKey(route)} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    else {
      const problems = [
        ...breaches(route, answer),
        // The documentation's own descriptions give dates in words as examples; files are not JSON.
        ...(API_ROUTE_SPECS[specKey(route)]!.public || !answer.type.startsWith('application/json')
          ? []
          : datesInWords(JSON.parse(answer.text))),
      ];
      failures.push(...problems.map((problem) => `${specKey(route)} ${problem}`));
    }
  }
  expect(failures).toEqual([]);
}, 300_000);

/** Waits for the report's workflow, which no worker runs here; report-duties.test.ts reads its answer. */
const WAITS_FOR_A_WORKER = new Set(['POST /api/v1/reports']);

test('every change, made once with valid input, answers what its status is documented to carry, never a failure of ours', async () => {
  const failures: string[] = [];
  for (const route of routes.filter((candidate) => candidate.method !== 'GET' && !WAITS_FOR_A_WORKER.has(specKey(candidate)))) {
    const answer = await answerOf(route);
    if (answer.status >= 500) failures.push(`${specKey(route)} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    else failures.push(...breaches(route, answer).map((problem) => `${specKey(route)} ${problem}`));
  }
  expect(failures).toEqual([]);
}, 300_000);

describe('the documentation page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('needs no token, shows every operation with how to authenticate, and passes the accessibility checks on a phone', async () => {
    const context = await openContext(browser, web.baseUrl, 'phone');
    const page = await context.newPage();
    const response = await page.goto('/api/v1/docs');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 2, name: 'Authentication' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Authorization: Bearer <token>').first().isVisible()).resolves.toBe(true);
    const headings = await page.getByRole('heading', { level: 3 }).allTextContents();
    expect(headings.map((heading) => heading.trim()).sort()).toEqual(
      routes.map((route) => `${route.method} ${openApiPath(route.url)}`).sort(),
    );
    await expect(page.getByRole('table', { name: 'GET /api/v1/meetings: answer' }).getByText('startsAtText').isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page);
    await context.close();
  }, 300_000);
});
