import { signLink, type LinkClaims } from '../../links/signed-links';
import { DEMO_API_TOKEN, DEMO_OFFICER_PASSWORD, seedDemoCouncil } from '../../seeds/demo-council';
import { TEST_LINK_SECRET } from '../support/activities';
import { addressOf, API_ROUTE_SPECS, apiRoutesOf, councilIds, specKey, type ApiRoute, type CouncilIds } from '../support/api-routes';
import { REG44_FORM_ANSWERS } from '../support/forms';
import { OfficerBrowser } from '../support/officer-browser';
import { startTestServices, type TestServices } from '../support/services';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

/**
 * Invalid input thrown at every API body, path and filter, at the CSV
 * imports and at the forms behind members' links and sign-in: nothing may
 * answer 5xx, and every refusal must name a field the caller can find. The
 * values come from a fixed list of known troublemakers plus a seeded
 * generator (change FUZZ_SEED to explore; a failure prints the seed).
 */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261123);

/** mulberry32: small, fast and repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'Z', '7', ' ', '\t', '\n', '\r\n', '"', "'", '`', '<', '>', '&', ';', ',', '--', '/*', '\\', '%', '_', '=', '+',
  '\u0000', '\u202e', '\u200b', '\ufeff', 'é', 'ß', 'Ω', '中文', '🧒🏽', 'e\u0301', '\ud800', '${x}', '{{x}}', '<script>', "' OR 1=1 --",
]; // prettier-ignore

/**
 * Random pieces: under 40 characters, or one time in twenty 5,000 to 25,000
 * (`short` keeps the cells of a big file short, so that it stays under 1 MB
 * and gets read).
 */
function randomText(random: () => number, { short = false } = {}): string {
  const length = !short && random() < 0.05 ? 5000 + Math.floor(random() * 20_000) : Math.floor(random() * 40);
  let text = '';
  while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

/** Values that have broken web services before: wrong types, edge numbers, odd text, injection attempts, impossible dates. */
const TROUBLEMAKERS: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2,
  '', ' ', '\u0000', 'nul\u0000inside', '\ud800', '🧒🏽'.repeat(40), 'x'.repeat(100_000),
  "' OR '1'='1' --", 'Robert\'); DROP TABLE "Member";--', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
  '../../etc/passwd', '%00', '=HYPERLINK("http://evil.example")',
  '2026-02-30', '2026-13-01', '0000-00-00', '99999-01-01', '2026-11-23T25:61:00Z', '1e3', 'NaN', 'Infinity', '-0',
  [], [null], ['NM001'], [[[]]], {}, { $gt: '' }, { toString: 'x' },
]; // prettier-ignore

/** Whole bodies of the wrong kind. */
const WRONG_BODIES: unknown[] = [null, [], 'text', 42, true, [{}]];

/** CSV files that are broken in every way we could think of, for the three imports. */
function troublesomeCsv(columns: string[], random: () => number): string[] {
  const header = columns.join(',');
  const row = () => columns.map(() => JSON.stringify(randomText(random, { short: true }))).join(',');
  return [
    '',
    '\ufeff',
    header,
    `${header}\n`,
    `${header}\n${columns.map(() => '').join(',')}`,
    `${header}\n"unclosed,quote`,
    `${header}\nonly-one-field`,
    `${header}\n${columns.map(() => 'a').join(',')},extra,fields`,
    `${header},${header}\n${[...columns, ...columns].map(() => 'x').join(',')}`,
    `__proto__,constructor,prototype\n1,2,3`,
    `${columns.map((column) => column.toUpperCase().replace(/_/g, ' ')).join(',')}\n${row()}`,
    `${header}\r${row()}\r${row()}`,
    `${header}\n${row()}\n${row()}\n${row()}`,
    `${header}\n${columns.map(() => '\u0000').join(',')}`,
    `${header}\n${columns.map(() => '=cmd|" /C calc"!A0').join(',')}`,
    `${header}\n${Array.from({ length: 3000 }, row).join('\n')}`,
    'x'.repeat(1_100_000),
  ];
}

let services: TestServices;
let web: TestWebApp;
let routes: ApiRoute[];
let northmere: CouncilIds;
const random = seededRandom(FUZZ_SEED);

beforeAll(async () => {
  services = await startTestServices({ taskQueue: 'security-fuzz-test-no-worker', clock: () => new Date('2026-11-23T10:00:00Z') });
  await seedDemoCouncil(services.db, { today: '2026-11-23', includeDemoCredentials: true });
  web = await serveTestWebApp(services.deps, {
    // This file checks what invalid input gets back, thousands of times from one address; the limits have their own test.
    rateLimits: {
      memberLinks: { max: 1_000_000, windowSeconds: 60 },
      signIn: { max: 1_000_000, windowSeconds: 60 },
      apiPerCredential: { max: 1_000_000, windowSeconds: 60 },
      apiPerAddress: { max: 1_000_000, windowSeconds: 60 },
    },
  });
  routes = apiRoutesOf(web.app);
  const council = await services.db.council.findUniqueOrThrow({ where: { slug: 'northmere' } });
  northmere = await councilIds(services.db, council.id);
});

afterAll(async () => {
  await web?.close();
  await services?.close();
});

interface Attempt {
  what: string;
  status: number;
  text: string;
}

/** The first part of a problem's field: "memberReferences.0" → "memberReferences", "row 4, email" → "row". */
const fieldRoot = (field: string) => /^[^.[\s,]+/.exec(field)?.[0] ?? field;

/** Fields a CSV import reports: the file as a whole, its header, or a cell by row and column. */
const CSV_FIELD = /^(file|header \(row 1\)|row \d+, [a-z_]+)$/;

/**
 * Why an API answer breaks the rules, or null: a 5xx, or a 400 whose problems
 * are missing or name something the caller did not send.
 */
function apiFault(attempt: Attempt, knownFields: Set<string>, expectedField?: string): string | null {
  if (attempt.status >= 500) return `${attempt.what} answered ${attempt.status}: ${attempt.text.slice(0, 300)}`;
  if (attempt.status !== 400) return null;
  let problems: Array<{ field?: unknown; message?: unknown }> | undefined;
  try {
    problems = (JSON.parse(attempt.text) as { error?: { problems?: typeof problems } }).error?.problems;
  } catch {
    return `${attempt.what} answered 400 without JSON: ${attempt.text.slice(0, 200)}`;
  }
  if (!Array.isArray(problems) || problems.length === 0)
    return `${attempt.what} answered 400 naming no field: ${attempt.text.slice(0, 300)}`;
  const fields = problems.map((problem) => String(problem.field));
  const unknown = fields.filter((field) => !knownFields.has(fieldRoot(field)) && !CSV_FIELD.test(field) && field !== '(input)');
  if (unknown.length) return `${attempt.what} named fields the caller did not send: ${unknown.join(', ')}`;
  if (problems.some((problem) => typeof problem.message !== 'string' || problem.message.length === 0))
    return `${attempt.what} gave a problem without a message: ${attempt.text.slice(0, 300)}`;
  if (expectedField && !fields.some((field) => fieldRoot(field) === expectedField || (expectedField === 'csv' && CSV_FIELD.test(field))))
    return `${attempt.what} did not name ${expectedField} (named ${fields.join(', ')})`;
  return null;
}

/** Attempts in flight at once: enough to keep the app and Postgres busy on a small machine. */
const IN_FLIGHT = 12;

type Check = () => Promise<string | null>;

/** Runs every check, IN_FLIGHT at a time, and returns the faults they found in the checks' order. */
async function faultsOf(checks: Check[]): Promise<string[]> {
  const faults: Array<string | null> = [];
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < checks.length; index = next++) faults[index] = await checks[index]!();
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return faults.filter((fault): fault is string => fault !== null);
}

async function send(method: string, path: string, body?: { json?: unknown; raw?: string; type?: string }): Promise<Attempt> {
  const response = await fetch(`${web.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${DEMO_API_TOKEN}`,
      ...(body && { 'content-type': body.type ?? 'application/json' }),
    },
    body: body && (body.raw ?? JSON.stringify(body.json)),
  });
  return { what: `${method} ${decodeURI(path).slice(0, 120)}`, status: response.status, text: await response.text() };
}

const routeByKey = (key: string) => routes.find((route) => specKey(route) === key)!;
const bodyRoutes = Object.entries(API_ROUTE_SPECS)
  .filter(([, spec]) => spec.call(placeholderIds()).body)
  .map(([key]) => key);
const paramRoutes = Object.keys(API_ROUTE_SPECS).filter((key) => key.includes(':'));

/** Spec calls are pure functions of the ids; placeholders are enough to see which routes take a body. */
function placeholderIds(): CouncilIds {
  return new Proxy({} as CouncilIds, { get: () => 'placeholder' });
}

/**
 * Values not sent to a route because they are valid and the request would
 * then wait for the worker this file does not run: producing a report waits
 * for its workflow, and fuzzing POST /report-duties registers keys such as
 * "1e3", so no duty key that exists is sent to POST /reports.
 */
async function valuesNeedingTheWorker(key: string): Promise<(value: unknown) => boolean> {
  if (key !== 'POST /api/v1/reports') return () => false;
  const dutyKeys = new Set((await services.db.reportDuty.findMany({ select: { key: true } })).map((duty) => duty.key));
  return (value) => typeof value === 'string' && dutyKeys.has(value.trim());
}

describe.each(bodyRoutes)('%s', (key) => {
  test('refuses invalid values in each field of the body, naming the field, and never fails', async () => {
    const route = routeByKey(key);
    const call = API_ROUTE_SPECS[key]!.call(northmere);
    const template = call.body!;
    const known = new Set([...Object.keys(template), ...Object.keys(call.path), ...Object.keys(call.query ?? {})]);
    const needsTheWorker = await valuesNeedingTheWorker(key);
    const checks: Check[] = [];
    for (const field of Object.keys(template)) {
      const values = [...TROUBLEMAKERS, ...Array.from({ length: 6 }, () => randomText(random))];
      if (field === 'csv') values.push(...troublesomeCsv(csvColumnsOf(template.csv as string), random));
      for (const value of values.filter((one) => !needsTheWorker(one))) {
        checks.push(async () => {
          const attempt = await send(route.method, addressOf(route, call), { json: { ...template, [field]: value } });
          attempt.what += ` with ${field}=${JSON.stringify(value)?.slice(0, 60)}`;
          // Some troublemakers are valid for some fields (any text is a valid ward), so only a refusal has to name the field.
          return apiFault(attempt, known, field);
        });
      }
    }
    for (const body of WRONG_BODIES) {
      checks.push(async () => {
        const fault = apiFault(await send(route.method, addressOf(route, call), { json: body }), known);
        return fault && `${fault} (body ${JSON.stringify(body)})`;
      });
    }
    expect({ seed: FUZZ_SEED, faults: await faultsOf(checks) }).toEqual({ seed: FUZZ_SEED, faults: [] });
  });
});

function csvColumnsOf(csv: string): string[] {
  return csv.split('\n')[0]!.split(',');
}

describe.each(paramRoutes)('%s', (key) => {
  test('refuses nonsense in the address without failing', async () => {
    const route = routeByKey(key);
    const call = API_ROUTE_SPECS[key]!.call(northmere);
    const known = new Set([...Object.keys(call.body ?? {}), ...Object.keys(call.path), ...Object.keys(call.query ?? {})]);
    const nonsense = [
      'x', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-fffffffffffff', "' OR 1=1 --", '<script>',
      '\u0000', 'nul\u0000inside', 'ü', '..', ' ', '🧒🏽', 'a'.repeat(900), ...Array.from({ length: 5 }, () => randomText(random).slice(0, 300)),
    ]; // prettier-ignore
    const checks = Object.keys(call.path).flatMap((param) =>
      nonsense.map((value) => async () => {
        const address = addressOf(route, { ...call, path: { ...call.path, [param]: value } });
        return apiFault(await send(route.method, address, call.body && { json: call.body }), known);
      }),
    );
    expect({ seed: FUZZ_SEED, faults: await faultsOf(checks) }).toEqual({ seed: FUZZ_SEED, faults: [] });
  });
});

/** The filters GET routes read from the query string. */
const QUERY_FIELDS: Record<string, string[]> = {
  'GET /api/v1/members': ['on', 'includeLeft'],
  'GET /api/v1/pools/:poolKey/members': ['on'],
  'GET /api/v1/visits': ['establishment'],
  'GET /api/v1/reports': ['duty'],
  'GET /api/v1/pledge': ['year'],
  'GET /api/v1/training/matrix': ['on'],
};

test('filters in the query string refuse nonsense, naming the filter, without failing', async () => {
  const checks: Check[] = [];
  for (const [key, fields] of Object.entries(QUERY_FIELDS)) {
    const route = routeByKey(key);
    const call = API_ROUTE_SPECS[key]!.call(northmere);
    const known = new Set([...fields, ...Object.keys(call.path)]);
    for (const field of fields) {
      const values = ['', 'maybe', '2026-02-30', '-1', '1e999', "' OR 1=1 --", '\u0000', '🧒🏽', 'x'.repeat(5000), randomText(random)];
      const addresses = values.map((value) => addressOf(route, { ...call, query: { ...call.query, [field]: value } }));
      // A filter given twice arrives as a list.
      addresses.push(`${addressOf(route, call).split('?')[0]}?${field}=a&${field}=b`);
      checks.push(...addresses.map((address) => async () => apiFault(await send(route.method, address), known, field)));
    }
  }
  expect({ seed: FUZZ_SEED, faults: await faultsOf(checks) }).toEqual({ seed: FUZZ_SEED, faults: [] });
});

test('CSV files sent as text/csv are refused with the problem named, never failing', async () => {
  const imports = [
    {
      path: '/api/v1/members/import',
      columns: ['reference', 'given_name', 'family_name', 'email', 'ward', 'party', 'roles', 'joined_on', 'elected_on'],
    },
    { path: `/api/v1/pools/${northmere.poolKey}/members/import`, columns: ['member_reference', 'email', 'from', 'to'] },
    { path: `/api/v1/panels/${northmere.panelKey}/distribution/import`, columns: ['name', 'email', 'role'] },
    { path: '/api/v1/meetings/import', columns: ['panel_key', 'date', 'start_time', 'location'] },
    {
      path: `/api/v1/training/registers?course=${northmere.courseKey}&completedOn=2026-10-01`,
      columns: ['member_reference', 'email', 'evidence'],
    },
  ];
  const checks = imports.flatMap(({ path, columns }) =>
    troublesomeCsv(columns, random).map((csv) => async () => {
      const attempt = await send('POST', path, { raw: csv, type: 'text/csv' });
      const fault = attempt.status === 413 ? null : apiFault(attempt, new Set(['course', 'completedOn', 'poolKey']));
      return fault && `${fault} (file starting ${JSON.stringify(csv.slice(0, 40))})`;
    }),
  );
  expect({ seed: FUZZ_SEED, faults: await faultsOf(checks) }).toEqual({ seed: FUZZ_SEED, faults: [] });
});

/**
 * Why a page answer breaks the rules, or null: a 5xx, or a 400 whose error
 * summary is missing or links to a field that is not on the page.
 */
function pageFault(attempt: Attempt): string | null {
  if (attempt.status >= 500) return `${attempt.what} answered ${attempt.status}: ${attempt.text.slice(0, 300)}`;
  if (attempt.status !== 400) return null;
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(attempt.text)?.[0];
  if (!summary) return `${attempt.what} answered 400 without an error summary`;
  const targets = [...summary.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!);
  if (!targets.length) return `${attempt.what} answered 400 naming no field`;
  const missing = targets.filter((id) => !new RegExp(`id="${id}"`).test(attempt.text.replace(summary, '')));
  return missing.length ? `${attempt.what} named fields not on the page: ${missing.join(', ')}` : null;
}

/** Form values as a browser could send them: text, repeated fields (arrays) and the troublemakers as text. */
function formValues(): Array<string | string[]> {
  return [
    ...TROUBLEMAKERS.filter((value): value is string => typeof value === 'string'),
    ['one', 'two'],
    ...Array.from({ length: 4 }, () => randomText(random)),
  ];
}

async function postForm(path: string, fields: Record<string, string | string[]>, browser?: OfficerBrowser): Promise<Attempt> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) form.append(name, one);
  const response = browser
    ? await browser.post(path, Object.fromEntries(form) as Record<string, string>)
    : await fetch(`${web.baseUrl}${path}`, { method: 'POST', body: form, redirect: 'manual' });
  return { what: `POST ${path.slice(0, 12)}…`, status: response.status, text: await response.text() };
}

test("the forms behind members' links refuse nonsense, naming the field on the page, without failing", async () => {
  const db = services.db;
  const council = await db.council.findUniqueOrThrow({ where: { slug: 'northmere' } });
  const link = (claims: Omit<LinkClaims, 'councilId' | 'expiresAt'>) =>
    signLink(TEST_LINK_SECRET, { ...claims, councilId: council.id, expiresAt: new Date('2027-06-01T00:00:00Z') });
  const assignment = await db.visitAssignment.findFirstOrThrow({
    where: { councilId: council.id, status: 'ACCEPTED', visit: { report: null } },
  });
  const visitToken = link({ purpose: 'visit', subjectId: assignment.id, memberId: assignment.memberId });
  const record = await db.trainingRecord.findFirstOrThrow({ where: { councilId: council.id } });
  const trainingToken = link({ purpose: 'training', subjectId: record.courseId, memberId: record.memberId });
  const pledge = await db.pledge.findFirstOrThrow({ where: { councilId: council.id } });
  const pledgeToken = link({ purpose: 'pledge', subjectId: pledge.id, memberId: assignment.memberId });

  const forms: Array<{ path: string; valid: Record<string, string> }> = [
    { path: `/m/${visitToken}/answer`, valid: { answer: 'decline', reason: 'Away that week' } },
    {
      path: `/m/${visitToken}/report`,
      valid: {
        visitedOn: '2026-11-02',
        spokeWithChildren: 'yes',
        spokeWithStaff: 'yes',
        ...REG44_FORM_ANSWERS,
        'issues.0.category': '',
        'issues.0.description': 'x',
      },
    },
    { path: `/t/${trainingToken}`, valid: { completedOn: '2026-10-01', evidenceRef: 'CERT-1' } },
    { path: `/p/${pledgeToken}/sign`, valid: { typedName: '' } },
  ];
  const checks = forms.flatMap(({ path, valid }) =>
    Object.keys(valid).flatMap((field) =>
      formValues().map((value) => async () => {
        const fault = pageFault(await postForm(path, { ...valid, [field]: value }));
        return fault && `${fault} with ${field}=${JSON.stringify(value).slice(0, 60)}`;
      }),
    ),
  );
  expect({ seed: FUZZ_SEED, faults: await faultsOf(checks) }).toEqual({ seed: FUZZ_SEED, faults: [] });
});

test('the sign-in form refuses nonsense, naming the field, without failing', async () => {
  const valid = { council: 'northmere', email: 'nobody@northmere.example', password: DEMO_OFFICER_PASSWORD, next: '/' };
  const checks = Object.keys(valid).flatMap((field) =>
    formValues()
      .filter((one) => typeof one === 'string')
      .map((value) => async () => {
        // A browser of its own for each attempt, so attempts in flight together do not share cookies.
        const browser = new OfficerBrowser(web.baseUrl);
        const _csrf = await browser.formToken('/sign-in');
        const fault = pageFault(await postForm('/sign-in', { ...valid, [field]: value, _csrf }, browser));
        return fault && `${fault} with ${field}=${JSON.stringify(value).slice(0, 60)}`;
      }),
  );
  expect({ seed: FUZZ_SEED, faults: await faultsOf(checks) }).toEqual({ seed: FUZZ_SEED, faults: [] });
});
