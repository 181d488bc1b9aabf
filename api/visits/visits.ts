import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { AssignmentStatus, EstablishmentKind, IssueSeverity, ProgrammeStatus, VisitStatus } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import { parseInput } from '../../services/errors';
import {
  establishmentKeyInput,
  listProgrammes,
  pauseProgramme,
  recordConflict,
  recordConflictInput,
  registerEstablishment,
  registerEstablishmentInput,
  resumeProgramme,
  startProgramme,
  startProgrammeInput,
  stopProgramme,
  type RecordConflictInput,
  type RegisterEstablishmentInput,
  type StartProgrammeInput,
} from '../../services/visits/programmes';
import { listVisits, resolveIssue, resolveIssueInput, submitVisitReport, visitReportInput } from '../../services/visits/visits';
import { actorOf } from '../auth';
import { day, dayText, period, text } from '../openapi/answers';
import { createRoute, listRoute, route } from '../openapi/operation';

/** The list's filter: one home or office, by key. */
const visitsQuery = z.object({
  establishment: z
    .string({ error: 'give one home or office key, e.g. ?establishment=oakfield-house' })
    .optional()
    .describe('one home or office, by key'),
});

const tag = 'Homes, offices and visits';

/** A visit's period as the API gives it: its days, and the words. */
const periodOf = (visit: { period: string; periodStart: string; periodEnd: string }) => ({
  start: visit.periodStart,
  end: visit.periodEnd,
  text: visit.period,
});

const visitor = z.object({
  reference: text("the member's reference"),
  name: text("the member's name as shown"),
  status: z.enum(AssignmentStatus).describe('their answer to the invitation'),
});

const programmeChange = z.object({ programmeId: z.uuid(), status: z.enum(ProgrammeStatus).describe("the programme's status now") });

const visitLine = z.object({
  id: z.uuid(),
  establishment: text("the home or office's name"),
  establishmentKey: text("the home or office's key"),
  period,
  status: z.enum(VisitStatus).describe("the visit's status"),
  visitors: z.array(visitor),
  report: z
    .object({
      visitedOn: day.describe('the day of the visit'),
      visitedOnText: dayText,
      issues: z.array(
        z.object({
          id: z.uuid(),
          category: text('what the issue concerns, e.g. "Safeguarding"'),
          severity: z.enum(IssueSeverity).describe('how serious it is'),
          description: text("the issue in the visitor's words"),
          resolvedOn: day.nullable().describe('the day it was resolved; null while open'),
        }),
      ),
    })
    .nullable()
    .describe("the visitor's report, once it is in"),
});

const programmeLine = z.object({
  key: text("the home or office's key"),
  name: text("the home or office's name"),
  kind: z.enum(EstablishmentKind).describe("a children's home or a social work office"),
  active: z.boolean().describe('false once it has closed'),
  programme: z
    .object({
      status: z.enum(ProgrammeStatus).describe("the programme's status"),
      pool: text('the pool its visitors come from'),
      cadenceMonths: z.number().int().describe('months between visits'),
      visitorsPerVisit: z.number().int().describe('visitors asked per visit'),
      reminderDays: z.array(z.number().int()).describe('days before the period ends that visitors are reminded'),
      workflowPhase: text("what the programme's workflow is doing, e.g. WAITING_FOR_REPORT; NOT RUNNING when stopped").nullable(),
    })
    .nullable()
    .describe('its visit programme; null before one is started'),
  currentVisit: z
    .object({ id: z.uuid(), period, status: z.enum(VisitStatus).describe("the visit's status"), visitors: z.array(visitor) })
    .nullable()
    .optional()
    .describe('the latest visit'),
});

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
/** Homes and offices, their visit programmes, visits, reports and issues. */
export async function visitRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  createRoute<RegisterEstablishmentInput>(
    app,
    {
      url: '/establishments',
      tag,
      summary: "Register a children's home or a social work office.",
      input: registerEstablishmentInput,
      response: z.object({
        id: z.uuid(),
        key: text("the home or office's key"),
        name: text('its name'),
        kind: z.enum(EstablishmentKind).describe("a children's home or a social work office"),
        address: text('its address').nullable(),
        ofstedUrn: text("Ofsted's unique reference number").nullable(),
        managerName: text("the registered manager's name").nullable(),
        managerEmail: text("the registered manager's email").nullable(),
        active: z.boolean().describe('false once it has closed'),
      }),
    },
    async (actor, body) => registerEstablishment(deps, actor, body),
  );

  listRoute(
    app,
    {
      url: '/programmes',
      tag,
      summary: 'Every home and office with its visit programme and latest visit.',
      key: 'programmes',
      item: programmeLine,
    },
    async (actor) =>
      (await listProgrammes(deps, actor)).map(({ currentVisit, ...line }) => ({
        ...line,
        currentVisit: currentVisit && { ...currentVisit, period: periodOf(currentVisit) },
      })),
  );

  route<{ Body: StartProgrammeInput }>(
    app,
    {
      method: 'POST',
      url: '/programmes',
      tag,
      summary: "Start (or update) a home or office's visit programme; the first invitation goes out at once.",
      access: 'officers and admins',
      input: startProgrammeInput,
      status: 202,
      response: z.object({ programmeId: z.uuid(), workflowId: text('the Temporal workflow running it') }),
    },
    async (request) => startProgramme(deps, actorOf(request), request.body),
  );

  for (const [action, change, summary] of [
    ['pause', pauseProgramme, 'Pause a programme: no new visit periods until it resumes.'],
    ['resume', resumeProgramme, 'Resume a paused programme.'],
    ['stop', stopProgramme, 'Stop a programme.'],
  ] as const) {
    route<{ Params: { establishmentKey: string } }>(
      app,
      {
        method: 'POST',
        url: `/programmes/:establishmentKey/${action}`,
        tag,
        summary,
        access: 'officers and admins',
        input: establishmentKeyInput,
        response: programmeChange,
      },
      async (request) => change(deps, actorOf(request), { establishmentKey: request.params.establishmentKey }),
    );
  }

  createRoute<RecordConflictInput>(
    app,
    {
      url: '/conflicts',
      tag,
      summary: 'Record that a member has a conflict of interest with a home or office: they are not asked to visit it.',
      input: recordConflictInput,
      response: z.object({
        id: z.uuid(),
        reason: text('why'),
        recordedBy: text('the officer who recorded it'),
        from: day.describe('the first day it applies'),
        to: day.nullable().describe('the last day it applies; null while it does'),
      }),
    },
    async (actor, body) => {
      const conflict = await recordConflict(deps, actor, body);
      return { ...conflict, from: conflict.fromDate, to: conflict.toDate };
    },
  );
  visitReportRoutes(app, deps);
}

/** Visits, their reports, and the issues they raise. */
function visitReportRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  route(
    app,
    {
      method: 'GET',
      url: '/visits',
      tag,
      summary: 'Visits, newest first (at most 200), with their visitors, and the report and issues once in.',
      access: 'any officer',
      query: visitsQuery,
      response: z.object({ visits: z.array(visitLine) }),
    },
    async (request) => ({
      visits: (await listVisits(deps, actorOf(request), { establishmentKey: parseInput(visitsQuery, request.query).establishment })).map(
        (visit) => ({ ...visit, period: periodOf(visit) }),
      ),
    }),
  );

  route<{ Params: { visitId: string }; Body: Record<string, unknown> | undefined }>(
    app,
    {
      method: 'POST',
      url: '/visits/:visitId/report',
      tag,
      summary: "Record a visit's report on the visiting member's behalf (201; 200 when it was already in).",
      access: 'officers and admins',
      params: z.object({ visitId: z.uuid().describe('the visit, from GET /api/v1/visits') }),
      input: visitReportInput.extend({ memberReference: text('the visitor whose report it is') }),
      status: [201, 200],
      response: z.object({ created: z.boolean().describe('false when a report was in already'), reportId: z.uuid() }),
    },
    async (request, reply) => {
      const { memberReference, ...report } = request.body ?? {};
      const result = await submitVisitReport(
        deps,
        { kind: 'officer', actor: actorOf(request), memberReference: typeof memberReference === 'string' ? memberReference : '' },
        { visitId: request.params.visitId },
        report,
      );
      reply.status(result.created ? 201 : 200);
      return result;
    },
  );

  route<{ Params: { issueId: string }; Body: { resolvedOn?: string } }>(
    app,
    {
      method: 'POST',
      url: '/issues/:issueId/resolve',
      tag,
      summary: 'Record the day an issue raised by a visit was resolved.',
      access: 'officers and admins',
      input: resolveIssueInput,
      response: z.object({ resolved: z.literal(true) }),
    },
    async (request) => {
      await resolveIssue(deps, actorOf(request), { issueId: request.params.issueId, resolvedOn: request.body?.resolvedOn ?? '' });
      return { resolved: true };
    },
  );
}
