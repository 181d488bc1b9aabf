import type { OfficerRole } from '../../prisma/generated/client';
import { createApiToken } from '../../services/officers';
import { addressOf, API_ROUTE_SPECS, specKey, type ApiRoute, type CouncilIds, serveDemoApi, type RouteSpec } from '../support/api-routes';
import { createCouncil } from '../support/fixtures';
import type { TestServices } from '../support/services';
import type { TestWebApp } from '../support/web-app';

let services: TestServices;
let web: TestWebApp;
let routes: ApiRoute[];
/** Northmere's records: the council whose data the other council's officers try to reach. */
let northmere: CouncilIds;
let northmereId: string;
/** Text only Northmere's records contain (names, addresses, homes), which no answer to another council may carry. */
let northmereMarkers: string[];
/** API tokens of Otherton's officers, one per role. */
const othertonTokens = {} as Record<OfficerRole, string>;
let northmereReadOnlyToken: string;

const ROLES: OfficerRole[] = ['ADMIN', 'OFFICER', 'READ_ONLY'];

interface Answer {
  status: number;
  text: string;
}

async function call(route: ApiRoute, spec: RouteSpec, ids: CouncilIds, token?: string): Promise<Answer> {
  const request = spec.call(ids);
  const response = await fetch(`${web.baseUrl}${addressOf(route, request)}`, {
    method: route.method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(request.body && { 'content-type': 'application/json' }),
    },
    body: request.body && JSON.stringify(request.body),
  });
  return { status: response.status, text: await response.text() };
}

/** What is stored for Northmere, to show that nothing another council's officers did changed it. */
async function northmereSnapshot() {
  const where = { where: { councilId: northmereId } };
  const db = services.db;
  return JSON.stringify([
    await db.member.findMany({ ...where, orderBy: { reference: 'asc' } }),
    await db.panel.findMany({ ...where, orderBy: { key: 'asc' } }),
    await db.panelDistribution.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.panelMeeting.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.panelSeat.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.poolMembership.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.visitProgramme.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.visitReport.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.visitIssue.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.reportDuty.findMany({ ...where, orderBy: { key: 'asc' } }),
    await db.report.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.course.findMany({ ...where, orderBy: { key: 'asc' } }),
    await db.trainingRecord.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.pledge.findMany({ ...where, orderBy: { id: 'asc' } }),
    await db.council.findUniqueOrThrow({ where: { id: northmereId } }),
    await db.officer.findMany({ ...where, orderBy: { email: 'asc' }, select: { id: true, role: true, active: true } }),
    await db.apiToken.findMany({ ...where, orderBy: { id: 'asc' }, select: { id: true, revokedAt: true } }),
    await db.panel.findMany({ ...where, orderBy: { key: 'asc' } }),
  ]);
}

beforeAll(async () => {
  // No worker polls this queue: these tests check who may do what, not delivery.
  const demo = await serveDemoApi('security-api-test-no-worker');
  ({ services, web, routes, northmere } = demo);
  const { council } = demo;
  northmereId = council.id;
  const members = await services.db.member.findMany({ where: { councilId: council.id } });
  const homes = await services.db.establishment.findMany({ where: { councilId: council.id } });
  northmereMarkers = [
    council.name,
    ...members.flatMap((member) => [member.email, `${member.givenName} ${member.familyName}`]),
    ...homes.map((home) => home.name),
    'Quarterly report',
  ];

  const otherton = await createCouncil(services.db, 'Otherton District Council');
  for (const role of ROLES) {
    const officer = await services.db.officer.create({
      data: { councilId: otherton.id, name: `Otherton ${role}`, email: `${role.toLowerCase()}@otherton.example`, role },
    });
    othertonTokens[role] = (
      await createApiToken(services.db, { councilId: otherton.id, officerId: officer.id, role }, { label: 'matrix' })
    ).token;
  }
  const readOnly = await services.db.officer.findFirstOrThrow({ where: { councilId: council.id, role: 'READ_ONLY' } });
  northmereReadOnlyToken = (
    await createApiToken(services.db, { councilId: council.id, officerId: readOnly.id, role: 'READ_ONLY' }, { label: 'matrix' })
  ).token;
});

afterAll(async () => {
  await web?.close();
  await services?.close();
});

const describeAnswer = (route: ApiRoute, answer: Answer) => `${specKey(route)} answered ${answer.status}: ${answer.text.slice(0, 200)}`;

test('the matrix covers every route the API registers, so a new route cannot escape it', () => {
  expect(routes.length).toBeGreaterThan(40);
  expect(routes.map(specKey).sort()).toEqual(Object.keys(API_ROUTE_SPECS).sort());
});

test('every API route refuses a request without an officer token, but the documentation of the API', async () => {
  const failures: string[] = [];
  for (const route of routes) {
    const spec = API_ROUTE_SPECS[specKey(route)]!;
    const answer = await call(route, spec, northmere);
    if (answer.status !== (spec.public ? 200 : 401)) failures.push(describeAnswer(route, answer));
  }
  expect(failures).toEqual([]);
});

/**
 * What refusing another council's records looks like. Named in the path: not
 * found (a read-only officer may be refused the change first). Named in the
 * body: refused, whether as not found or as a field that names no record.
 * Named in a filter: nothing of theirs comes back. Naming nothing: the
 * officer's own council is acted on, which the leak check below covers.
 */
function refusedAsExpected(spec: RouteSpec, method: string, role: OfficerRole, status: number): boolean {
  const change = method !== 'GET';
  switch (spec.namesRecordsIn) {
    case 'path':
      return status === 404 || (role === 'READ_ONLY' && change && status === 403);
    case 'body':
      return status >= 400 && status < 500 && status !== 401;
    case 'query':
      return status === 200 || status === 404;
    case 'nothing':
      return status < 500;
  }
}

test("an officer of another council, in every role, is refused Northmere's records on every route and sees none of its data", async () => {
  const before = await northmereSnapshot();
  const failures: string[] = [];
  for (const role of ROLES) {
    for (const route of routes) {
      const spec = API_ROUTE_SPECS[specKey(route)]!;
      const answer = await call(route, spec, northmere, othertonTokens[role]);
      if (!refusedAsExpected(spec, route.method, role, answer.status)) failures.push(`${role}: ${describeAnswer(route, answer)}`);
      const leaked = northmereMarkers.filter((marker) => answer.text.includes(marker));
      if (leaked.length) failures.push(`${role}: ${specKey(route)} showed Northmere's ${leaked.join(', ')}`);
    }
  }
  expect(failures).toEqual([]);
  expect(await northmereSnapshot()).toBe(before);
});

/** A read-only officer may create an API token for themselves: it carries their read-only role (checked below). */
const READ_ONLY_MAY = new Set(['POST /api/v1/api-tokens']);

test('a read-only officer is refused every change through the API, even in their own council', async () => {
  const before = await northmereSnapshot();
  const failures: string[] = [];
  for (const route of routes.filter((candidate) => candidate.method !== 'GET' && !READ_ONLY_MAY.has(specKey(candidate)))) {
    const answer = await call(route, API_ROUTE_SPECS[specKey(route)]!, northmere, northmereReadOnlyToken);
    if (answer.status !== 403) failures.push(describeAnswer(route, answer));
  }
  expect(failures).toEqual([]);
  expect(await northmereSnapshot()).toBe(before);

  const tokens = routes.find((route) => specKey(route) === 'POST /api/v1/api-tokens')!;
  const issued = await call(tokens, API_ROUTE_SPECS[specKey(tokens)]!, northmere, northmereReadOnlyToken);
  expect(issued.status).toBe(201);
  const { token } = JSON.parse(issued.text) as { token: string };
  const cancel = routes.find((route) => specKey(route) === 'POST /api/v1/meetings/:meetingId/cancel')!;
  expect((await call(cancel, API_ROUTE_SPECS[specKey(cancel)]!, northmere, token)).status).toBe(403);
});

/** Officer accounts are for admins only, reading them too. */
const ADMINS_ONLY_READ = new Set(['GET /api/v1/officers', 'GET /api/v1/officers/:id']);

test('a read-only officer can read every API route of their own council but the officer accounts', async () => {
  const failures: string[] = [];
  for (const route of routes.filter((candidate) => candidate.method === 'GET')) {
    const answer = await call(route, API_ROUTE_SPECS[specKey(route)]!, northmere, northmereReadOnlyToken);
    if (answer.status !== (ADMINS_ONLY_READ.has(specKey(route)) ? 403 : 200)) failures.push(describeAnswer(route, answer));
  }
  expect(failures).toEqual([]);
});
