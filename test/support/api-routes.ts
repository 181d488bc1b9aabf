import type { FastifyInstance, HTTPMethods } from 'fastify';

import type { Db } from '../../db/client';
import { toDbDate } from '../../domain/calendar';
import type { Council } from '../../prisma/generated/client';
import { seedDemoCouncil } from '../../seeds/demo-council';
import { LONE_SURROGATE } from '../../services/errors';
import { REG44_ANSWERS } from './forms';
import { startTestServices, type TestServices } from './services';
import { serveTestWebApp, type TestWebApp } from './web-app';

export interface ApiRoute {
  method: string;
  /** The route's pattern, e.g. /api/v1/members/:reference. */
  url: string;
}

/**
 * Every route under /api/v1, read from Fastify's own route table (HEAD is
 * GET's twin). Read from the printed tree, each line being a path segment
 * under the line above it; each route found is checked with hasRoute, so a
 * misread tree fails rather than skipping routes.
 */
export function apiRoutesOf(app: FastifyInstance): ApiRoute[] {
  const parents: string[] = [];
  const routes: ApiRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    // Four characters of tree per level; the root ("/") is at the first.
    const depth = [...match[1]!].length / 4 - 1;
    const segment = match[2]!;
    const path = depth === 0 ? segment : `${parents[depth - 1]!.replace(/\/$/, '')}/${segment.replace(/^\//, '')}`;
    parents[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter((name) => name && name !== 'HEAD')) {
      if (path.startsWith('/api/v1/')) routes.push({ method, url: path });
    }
  }
  for (const route of routes) {
    if (!app.hasRoute({ method: route.method as HTTPMethods, url: route.url }))
      throw new Error(`Misread route ${route.method} ${route.url}`);
  }
  return routes;
}

/** Records of one council that API routes name in their paths and bodies. */
export interface CouncilIds {
  meetingId: string;
  memberReference: string;
  poolKey: string;
  /** A member of that pool. */
  poolMemberReference: string;
  panelKey: string;
  /** A member with a seat on that panel. */
  seatMemberReference: string;
  /** Someone on that panel's distribution list. */
  recipientId: string;
  establishmentKey: string;
  dutyKey: string;
  courseKey: string;
  /** A generated report with HTML. */
  reportId: string;
  /** An authored report, due, with an uploaded file. */
  authoredReportId: string;
  recordId: string;
  visitId: string;
  issueId: string;
  /** An officer (not an admin), and an API token of theirs. */
  officerId: string;
  apiTokenId: string;
}

/** The demo council's records (it has them all but reports, which are added here). */
export async function councilIds(db: Db, councilId: string): Promise<CouncilIds> {
  const pool = await db.pool.findFirstOrThrow({ where: { councilId }, include: { memberships: { include: { member: true } } } });
  const panel = await db.panel.findFirstOrThrow({
    where: { councilId, seats: { some: {} } },
    include: { seats: { include: { member: true } }, distribution: true },
  });
  const generated = await db.reportDuty.findFirstOrThrow({ where: { councilId, authoring: 'GENERATED' } });
  const authored = await db.reportDuty.findFirstOrThrow({ where: { councilId, authoring: 'AUTHORED' } });
  const report = await db.report.create({
    data: {
      councilId,
      dutyId: generated.id,
      periodStart: toDbDate('2026-04-01'),
      periodEnd: toDbDate('2026-06-30'),
      status: 'CIRCULATED',
      html: '<p>Quarterly report</p>',
      csv: 'a,b\n1,2\n',
    },
  });
  const officer = await db.officer.findFirstOrThrow({ where: { councilId, role: 'OFFICER' }, orderBy: { email: 'asc' } });
  const apiToken = await db.apiToken.create({
    data: { councilId, officerId: officer.id, label: 'reporting script', tokenHash: `matrix-${officer.id}` },
  });
  const authoredReport = await db.report.create({
    data: {
      councilId,
      dutyId: authored.id,
      periodStart: toDbDate('2026-04-01'),
      periodEnd: toDbDate('2027-03-31'),
      status: 'DUE',
      fileName: 'update.pdf',
      fileType: 'application/pdf',
      file: new Uint8Array(Buffer.from('%PDF-1.4 test')),
    },
  });
  return {
    meetingId: (await db.panelMeeting.findFirstOrThrow({ where: { councilId } })).id,
    memberReference: (await db.member.findFirstOrThrow({ where: { councilId }, orderBy: { reference: 'asc' } })).reference,
    poolKey: pool.key,
    poolMemberReference: pool.memberships[0]!.member.reference,
    panelKey: panel.key,
    seatMemberReference: panel.seats[0]!.member.reference,
    recipientId: panel.distribution[0]!.id,
    establishmentKey: (await db.visitProgramme.findFirstOrThrow({ where: { councilId }, include: { establishment: true } })).establishment
      .key,
    dutyKey: generated.key,
    courseKey: (await db.course.findFirstOrThrow({ where: { councilId } })).key,
    reportId: report.id,
    authoredReportId: authoredReport.id,
    recordId: (await db.trainingRecord.findFirstOrThrow({ where: { councilId } })).id,
    visitId: (await db.visit.findFirstOrThrow({ where: { councilId, report: null, status: { not: 'CANCELLED' } } })).id,
    issueId: (await db.visitIssue.findFirstOrThrow({ where: { councilId } })).id,
    officerId: officer.id,
    apiTokenId: apiToken.id,
  };
}

/** How a route names another council's records, and so what refusing them looks like. */
export type NamesRecordsIn = 'path' | 'body' | 'query' | 'nothing';

export interface RouteCall {
  path: Record<string, string>;
  query?: Record<string, string>;
  /** A valid body, so that what the route does with the named records is what is tested. */
  body?: Record<string, unknown>;
}

export interface RouteSpec {
  namesRecordsIn: NamesRecordsIn;
  /** Answers without a token: the API's own documentation. */
  public?: true;
  call: (ids: CouncilIds) => RouteCall;
}

const newMember = {
  reference: 'ZZ900',
  givenName: 'Zena',
  familyName: 'Matrixtest',
  email: 'zena.matrixtest@members.example',
  roles: ['COUNCILLOR'],
  joinedOn: '2026-05-07',
};

/**
 * Every API route, with valid input naming records of the council in `ids`.
 * A route missing here fails the security tests, so a new route is added here
 * (with the records it names) before it can ship.
 */
export const API_ROUTE_SPECS: Record<string, RouteSpec> = {
  'GET /api/v1/openapi.json': { namesRecordsIn: 'nothing', public: true, call: () => ({ path: {} }) },
  'GET /api/v1/docs': { namesRecordsIn: 'nothing', public: true, call: () => ({ path: {} }) },

  'GET /api/v1/meetings': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/meetings': {
    namesRecordsIn: 'body',
    call: (ids) => ({ path: {}, body: { panelKey: ids.panelKey, date: '2027-03-02', time: '18:30', location: 'Committee Room 2' } }),
  },
  'GET /api/v1/meetings/:meetingId/agenda': { namesRecordsIn: 'path', call: (ids) => ({ path: { meetingId: ids.meetingId } }) },
  'POST /api/v1/meetings/:meetingId/cancel': { namesRecordsIn: 'path', call: (ids) => ({ path: { meetingId: ids.meetingId } }) },
  'POST /api/v1/meetings/:meetingId/invitations': { namesRecordsIn: 'path', call: (ids) => ({ path: { meetingId: ids.meetingId } }) },
  'POST /api/v1/meetings/:meetingId/move': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { meetingId: ids.meetingId }, body: { date: '2027-03-09', time: '18:30', location: 'Committee Room 3' } }),
  },
  'POST /api/v1/meetings/import': {
    namesRecordsIn: 'body',
    call: (ids) => ({ path: {}, body: { csv: `panel_key,date,start_time,location\n${ids.panelKey},2027-04-06,18:30,Committee Room 2\n` } }),
  },

  'GET /api/v1/members': { namesRecordsIn: 'nothing', call: () => ({ path: {}, query: { includeLeft: 'true' } }) },
  'POST /api/v1/members': { namesRecordsIn: 'nothing', call: () => ({ path: {}, body: newMember }) },
  'POST /api/v1/members/import': {
    namesRecordsIn: 'nothing',
    call: () => ({
      path: {},
      body: {
        csv: 'reference,given_name,family_name,email,ward,party,roles,joined_on,elected_on\nZZ901,Yusuf,Matrixtest,yusuf.matrixtest@members.example,,,COUNCILLOR,2026-05-07,\n',
      },
    }),
  },
  'PATCH /api/v1/members/:reference': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { reference: ids.memberReference }, body: { ward: 'Matrix Ward' } }),
  },
  'POST /api/v1/members/:reference/left': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { reference: ids.memberReference }, body: { leftOn: '2027-01-31' } }),
  },
  'GET /api/v1/members/:reference/training': { namesRecordsIn: 'path', call: (ids) => ({ path: { reference: ids.memberReference } }) },

  'GET /api/v1/pledge': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/pledge/confirm': {
    namesRecordsIn: 'nothing',
    call: () => ({
      path: {},
      body: { adoptedOn: '2026-06-01', eventDate: '2027-01-12', eventStart: '17:30', eventLocation: 'Council Chamber' },
    }),
  },
  'POST /api/v1/pledge/commitment': { namesRecordsIn: 'nothing', call: () => ({ path: {}, body: { on: '2026-11-20' } }) },
  'POST /api/v1/pledge/signatures': {
    namesRecordsIn: 'body',
    call: (ids) => ({ path: {}, body: { memberReferences: [ids.memberReference], signedAt: '2026-11-20T17:45:00+00:00' } }),
  },

  'GET /api/v1/pools': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/pools': {
    namesRecordsIn: 'nothing',
    call: () => ({
      path: {},
      body: { key: 'matrix-pool', name: 'Matrix pool', purpose: 'REG33_HOMES', approvedBy: 'Cabinet', approvedOn: '2026-06-01' },
    }),
  },
  'GET /api/v1/pools/:poolKey/members': { namesRecordsIn: 'path', call: (ids) => ({ path: { poolKey: ids.poolKey } }) },
  'POST /api/v1/pools/:poolKey/members/import': {
    namesRecordsIn: 'path',
    call: (ids) => ({
      path: { poolKey: ids.poolKey },
      body: { csv: `member_reference,email,from,to\n${ids.memberReference},,2026-06-01,\n` },
    }),
  },
  'POST /api/v1/pools/:poolKey/members/:memberReference/end': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { poolKey: ids.poolKey, memberReference: ids.poolMemberReference }, body: { on: '2027-01-31' } }),
  },

  'GET /api/v1/panels': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/panels': {
    namesRecordsIn: 'nothing',
    call: () => ({ path: {}, body: { key: 'matrix-panel', name: 'Matrix panel', kind: 'OTHER' } }),
  },
  'GET /api/v1/panels/:panelKey': { namesRecordsIn: 'path', call: (ids) => ({ path: { panelKey: ids.panelKey } }) },
  'PATCH /api/v1/panels/:panelKey': {
    namesRecordsIn: 'path',
    call: (ids) => ({
      path: { panelKey: ids.panelKey },
      body: { name: 'Renamed by the matrix', chairReference: ids.memberReference, clerkEmail: 'matrix.clerk@council.example' },
    }),
  },
  'POST /api/v1/panels/:panelKey/distribution': {
    namesRecordsIn: 'path',
    call: (ids) => ({
      path: { panelKey: ids.panelKey },
      body: { name: 'Matrix Recipient', email: 'matrix.recipient@partner.example', role: 'Designated nurse' },
    }),
  },
  'POST /api/v1/panels/:panelKey/distribution/import': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { panelKey: ids.panelKey }, body: { csv: 'name,email,role\nMatrix Import,matrix.import@partner.example,\n' } }),
  },
  'DELETE /api/v1/panels/:panelKey/distribution/:recipientId': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { panelKey: ids.panelKey, recipientId: ids.recipientId } }),
  },
  'POST /api/v1/panels/:panelKey/seats': {
    namesRecordsIn: 'path',
    call: (ids) => ({
      path: { panelKey: ids.panelKey },
      body: { memberReference: ids.memberReference, from: '2026-06-01', confirmMissingTraining: true },
    }),
  },
  'POST /api/v1/panels/:panelKey/seats/:memberReference/end': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { panelKey: ids.panelKey, memberReference: ids.seatMemberReference }, body: { on: '2027-01-31' } }),
  },

  'GET /api/v1/programmes': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/programmes': {
    namesRecordsIn: 'body',
    call: (ids) => ({ path: {}, body: { establishmentKey: ids.establishmentKey, poolKey: ids.poolKey } }),
  },
  'POST /api/v1/programmes/:establishmentKey/pause': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { establishmentKey: ids.establishmentKey } }),
  },
  'POST /api/v1/programmes/:establishmentKey/resume': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { establishmentKey: ids.establishmentKey } }),
  },
  'POST /api/v1/programmes/:establishmentKey/stop': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { establishmentKey: ids.establishmentKey } }),
  },
  'POST /api/v1/conflicts': {
    namesRecordsIn: 'body',
    call: (ids) => ({
      path: {},
      body: {
        establishmentKey: ids.establishmentKey,
        memberReference: ids.memberReference,
        reason: 'A relative works there',
        from: '2026-06-01',
      },
    }),
  },
  'POST /api/v1/establishments': {
    namesRecordsIn: 'nothing',
    call: () => ({ path: {}, body: { key: 'matrix-home', name: 'Matrix House', kind: 'CHILDRENS_HOME' } }),
  },
  'GET /api/v1/visits': { namesRecordsIn: 'query', call: (ids) => ({ path: {}, query: { establishment: ids.establishmentKey } }) },
  'POST /api/v1/visits/:visitId/report': {
    namesRecordsIn: 'path',
    call: (ids) => ({
      path: { visitId: ids.visitId },
      body: {
        memberReference: ids.memberReference,
        visitedOn: '2026-11-02',
        spokeWithChildren: true,
        spokeWithStaff: true,
        ...REG44_ANSWERS,
      },
    }),
  },
  'POST /api/v1/issues/:issueId/resolve': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { issueId: ids.issueId }, body: { resolvedOn: '2026-11-20' } }),
  },

  'GET /api/v1/report-duties': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/report-duties': {
    namesRecordsIn: 'body',
    call: (ids) => ({
      path: {},
      body: {
        key: 'matrix-duty',
        title: 'Matrix duty',
        panelKey: ids.panelKey,
        authoring: 'GENERATED',
        generator: 'training-annual',
        cadence: 'ANNUAL',
      },
    }),
  },
  'GET /api/v1/report-duties/:key': { namesRecordsIn: 'path', call: (ids) => ({ path: { key: ids.dutyKey } }) },
  'PATCH /api/v1/report-duties/:key': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { key: ids.dutyKey }, body: { title: 'Renamed by the matrix' } }),
  },
  'GET /api/v1/reports': { namesRecordsIn: 'query', call: (ids) => ({ path: {}, query: { duty: ids.dutyKey } }) },
  'POST /api/v1/reports': { namesRecordsIn: 'body', call: (ids) => ({ path: {}, body: { dutyKey: ids.dutyKey } }) },
  'GET /api/v1/reports/:reportId.:format': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { reportId: ids.reportId, format: 'html' } }),
  },
  'GET /api/v1/reports/:reportId/circulation': { namesRecordsIn: 'path', call: (ids) => ({ path: { reportId: ids.reportId } }) },
  'POST /api/v1/reports/:reportId/submission': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { reportId: ids.authoredReportId }, body: { link: 'https://partners.example/update.pdf' } }),
  },
  'GET /api/v1/reports/:reportId/original': { namesRecordsIn: 'path', call: (ids) => ({ path: { reportId: ids.authoredReportId } }) },

  'POST /api/v1/api-tokens': { namesRecordsIn: 'nothing', call: () => ({ path: {}, body: { label: 'matrix test' } }) },
  'GET /api/v1/api-tokens': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'DELETE /api/v1/api-tokens/:id': { namesRecordsIn: 'path', call: (ids) => ({ path: { id: ids.apiTokenId } }) },

  'GET /api/v1/council': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'PATCH /api/v1/council': {
    namesRecordsIn: 'nothing',
    call: () => ({
      path: {},
      body: { name: 'Matrix Borough Council', alertsEmail: 'alerts@matrix.example', replyToEmail: '', municipalYearStartMonth: 5 },
    }),
  },
  // Nothing ticked (refused): the standard items' keys are the demo council's, which another council's officers would otherwise come to share here.
  'POST /api/v1/council/standard-setup': { namesRecordsIn: 'nothing', call: () => ({ path: {}, body: { items: [] } }) },

  'GET /api/v1/officers': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/officers': {
    namesRecordsIn: 'nothing',
    call: () => ({ path: {}, body: { name: 'Morgan Matrix', email: 'morgan.matrix@officers.example', role: 'READ_ONLY' } }),
  },
  'GET /api/v1/officers/:id': { namesRecordsIn: 'path', call: (ids) => ({ path: { id: ids.officerId } }) },
  'PATCH /api/v1/officers/:id': { namesRecordsIn: 'path', call: (ids) => ({ path: { id: ids.officerId }, body: { role: 'OFFICER' } }) },
  'POST /api/v1/officers/:id/deactivate': { namesRecordsIn: 'path', call: (ids) => ({ path: { id: ids.officerId } }) },
  'POST /api/v1/officers/:id/reactivate': { namesRecordsIn: 'path', call: (ids) => ({ path: { id: ids.officerId } }) },
  'POST /api/v1/officers/:id/password-link': { namesRecordsIn: 'path', call: (ids) => ({ path: { id: ids.officerId } }) },

  'GET /api/v1/courses': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/courses': {
    namesRecordsIn: 'nothing',
    call: () => ({ path: {}, body: { key: 'matrix-course', title: 'Matrix course', kind: 'OTHER' } }),
  },
  'GET /api/v1/courses/:key': { namesRecordsIn: 'path', call: (ids) => ({ path: { key: ids.courseKey } }) },
  'PATCH /api/v1/courses/:key': {
    namesRecordsIn: 'path',
    call: (ids) => ({ path: { key: ids.courseKey }, body: { title: 'Renamed course' } }),
  },
  'GET /api/v1/training/matrix': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/training/records': {
    namesRecordsIn: 'body',
    call: (ids) => ({ path: {}, body: { memberReference: ids.memberReference, courseKey: ids.courseKey, completedOn: '2026-10-01' } }),
  },
  'POST /api/v1/training/records/:recordId/verify': { namesRecordsIn: 'path', call: (ids) => ({ path: { recordId: ids.recordId } }) },
  'POST /api/v1/training/registers': {
    namesRecordsIn: 'body',
    // A session on another day than the single record above, so a course valid for both does not find the member recorded already.
    call: (ids) => ({
      path: {},
      body: { courseKey: ids.courseKey, completedOn: '2026-09-15', csv: `member_reference,email,evidence\n${ids.memberReference},,\n` },
    }),
  },
  'POST /api/v1/training/registers/preview': {
    namesRecordsIn: 'body',
    call: (ids) => ({
      path: {},
      body: { courseKey: ids.courseKey, completedOn: '2026-09-16', csv: `member_reference,email,evidence\n${ids.memberReference},,\n` },
    }),
  },
  'GET /api/v1/training/pending': { namesRecordsIn: 'nothing', call: () => ({ path: {} }) },
  'POST /api/v1/elections': {
    namesRecordsIn: 'body',
    call: (ids) => ({ path: {}, body: { on: '2026-05-07', memberReferences: [ids.memberReference] } }),
  },
};

/**
 * The route's address with its parameters filled in. Half a surrogate pair
 * has no UTF-8 form, so, as a browser's URL parser does, U+FFFD is sent in
 * its place (the query string's URLSearchParams does the same).
 */
export function addressOf(route: ApiRoute, call: RouteCall): string {
  const path = route.url.replace(/:([A-Za-z]+)/g, (_whole, name: string) => {
    const value = call.path[name];
    if (value === undefined) throw new Error(`${route.method} ${route.url}: give a value for :${name}`);
    return encodeURIComponent(value.replace(new RegExp(LONE_SURROGATE, 'g'), '\ufffd'));
  });
  const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
  return `${path}${query}`;
}

export const specKey = (route: ApiRoute) => `${route.method} ${route.url}`;

/** What the API-wide tests work against: the demo council, as seeded on Monday 23 November 2026, behind a served web app. */
export interface DemoApi {
  services: TestServices;
  web: TestWebApp;
  routes: ApiRoute[];
  council: Council;
  northmere: CouncilIds;
}

/** Serves the demo council's API with the clock at 23 November 2026; no worker polls `taskQueue`. */
export async function serveDemoApi(taskQueue: string): Promise<DemoApi> {
  const services = await startTestServices({ taskQueue, clock: () => new Date('2026-11-23T10:00:00Z') });
  await seedDemoCouncil(services.db, { today: '2026-11-23', includeDemoCredentials: true });
  const web = await serveTestWebApp(services.deps);
  const council = await services.db.council.findUniqueOrThrow({ where: { slug: 'northmere' } });
  return { services, web, routes: apiRoutesOf(web.app), council, northmere: await councilIds(services.db, council.id) };
}
