import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { NotificationStatus, ReportAuthoring, ReportCadence, ReportStatus, YearBasis } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import { parseInput } from '../../services/errors';
import {
  listReportDuties,
  listReports,
  produceReport,
  produceReportInput,
  registerReportDuty,
  registerReportDutyInput,
  reportCirculation,
  reportDutyOf,
  reportDownload,
  REPORT_FORMATS,
  submitAuthoredReport,
  updateReportDuty,
  updateReportDutyInput,
  type ProduceReportInput,
  type RegisterReportDutyInput,
} from '../../services/reports/reports';
import { requireWriter } from '../../services/access';
import { actorOf } from '../auth';
import { day, dayText, instant, instantText, period, text } from '../openapi/answers';
import { createRoute, listRoute, route } from '../openapi/operation';

/** The archive's filter: one report duty, by key. */
const reportsQuery = z.object({
  duty: z.string({ error: 'give one report duty key, e.g. ?duty=reg33-quarterly' }).optional().describe('one report duty, by key'),
});

const tag = 'Reports';
const dutyKey = z.object({ key: text("the duty's key, e.g. reg33-quarterly") });
const reportId = z.object({ reportId: z.uuid().describe("the report's id, from GET /api/v1/reports") });

/** A report duty as stored. */
const duty = z.object({
  key: text("the duty's key"),
  title: text("the report's title"),
  authoring: z.enum(ReportAuthoring).describe("GENERATED from the engine's data, or AUTHORED by its owner"),
  generator: text('which report a generated duty builds').nullable(),
  cadence: z.enum(ReportCadence).describe('how often it is due'),
  yearBasis: z.enum(YearBasis).describe('the year its periods follow'),
  oneOffFrom: day.nullable().describe("a one-off report's first day"),
  oneOffMonths: z.number().int().nullable().describe("a one-off report's length in months"),
  dueWorkingDaysBeforeMeeting: z.number().int().describe("working days before the panel's meeting it is due"),
  reminderDays: z.array(z.number().int()).describe('days before it is due that the owner is reminded'),
  ownerName: text("the owner's name, for an authored report").nullable(),
  ownerEmail: text("the owner's email").nullable(),
  extraRecipients: z.array(z.string()).describe("addresses it goes to besides the panel's distribution list"),
  reviewBeforeCirculation: z.boolean().describe('whether an officer approves each report before the panel gets it'),
  active: z.boolean().describe('false once switched off'),
});
const dutySummary = duty.extend({
  panel: text("the panel's name"),
  panelKey: text("the panel's key"),
  nextDueOn: day.nullable().describe('when the next report is due'),
});

const reportLine = z.object({
  id: z.uuid(),
  duty: text("the duty's key"),
  title: text("the report's title"),
  period,
  version: z.number().int().describe('1, then higher for each regeneration'),
  status: z.enum(ReportStatus).describe('DUE, SUBMITTED, AWAITING_APPROVAL or CIRCULATED'),
  dueOn: day.nullable().describe('the last day to submit an authored report'),
  dueOnText: dayText.nullable(),
  circulatedAt: instant.nullable().describe('when it was sent to the panel'),
  submittedBy: text('who submitted an authored report').nullable(),
  link: text('where an authored report given as a link is').nullable(),
  downloads: z.array(z.enum(['html', 'pdf', 'csv', 'original'])).describe('the formats it downloads as'),
});

const circulation = z.object({
  reportId: z.uuid(),
  version: z.number().int().describe("the version's number"),
  status: z.enum(ReportStatus).describe('DUE, SUBMITTED, AWAITING_APPROVAL or CIRCULATED'),
  submittedBy: text('who submitted it').nullable(),
  recipients: z.array(
    z.object({
      name: text("the recipient's name").nullable(),
      email: text('their address'),
      status: z.enum(NotificationStatus).describe('PENDING, SENT or FAILED'),
      sentAt: instant.nullable().describe('when it was sent'),
      sentAtText: instantText.nullable(),
    }),
  ),
});

/** Report duties, the archive, producing a report now, and downloads. */
export async function reportRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  listRoute(
    app,
    { url: '/report-duties', tag, summary: "The council's report duties, with when each is next due.", key: 'duties', item: dutySummary },
    (actor) => listReportDuties(deps, actor),
  );

  createRoute<RegisterReportDutyInput>(
    app,
    {
      url: '/report-duties',
      tag,
      summary: 'Register a report duty; its Temporal Schedule is created at once.',
      input: registerReportDutyInput,
      response: duty.extend({ id: z.uuid() }),
    },
    async (actor, body) => registerReportDuty(deps, actor, body),
  );
  route<{ Params: { key: string } }>(
    app,
    {
      method: 'GET',
      url: '/report-duties/:key',
      tag,
      summary: 'One report duty.',
      access: 'any officer',
      params: dutyKey,
      response: dutySummary,
    },
    async (request) => reportDutyOf(deps, actorOf(request), request.params.key),
  );
  route<{ Params: { key: string }; Body: Omit<RegisterReportDutyInput, 'key'> & { active?: boolean } }>(
    app,
    {
      method: 'PATCH',
      url: '/report-duties/:key',
      tag,
      summary: 'Change a report duty, or switch it off (`active: false`); its schedule follows.',
      access: 'officers and admins',
      input: updateReportDutyInput,
      response: duty.extend({ id: z.uuid() }),
    },
    async (request) => updateReportDuty(deps, actorOf(request), { ...request.body, key: request.params.key }),
  );
  producedReportRoutes(app, deps);
  reportDownloadRoutes(app, deps);
}

/** Reports produced under the duties: circulation, submission and download. */
function producedReportRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  route<{ Params: { reportId: string } }>(
    app,
    {
      method: 'GET',
      url: '/reports/:reportId/circulation',
      tag,
      summary: "The report's versions, who received each and when.",
      access: 'any officer',
      params: reportId,
      response: z.object({ versions: z.array(circulation) }),
    },
    async (request) => ({ versions: await reportCirculation(deps, actorOf(request), request.params.reportId) }),
  );

  /** An officer submits an authored report on its owner's behalf, as a link (uploads go through the owner's page). */
  route<{ Params: { reportId: string }; Body: { link?: string } }>(
    app,
    {
      method: 'POST',
      url: '/reports/:reportId/submission',
      tag,
      summary: "Submit an authored report on its owner's behalf, as a link; it is then sent to the panel.",
      access: 'officers and admins',
      params: reportId,
      input: z.object({ link: z.url().describe('where the report is, https://…') }),
      response: z.object({ reportId: z.uuid() }),
    },
    async (request) => {
      const actor = actorOf(request);
      requireWriter(actor, 'submit reports');
      const officer = await deps.db.officer.findUniqueOrThrow({ where: { id: actor.officerId }, select: { name: true } });
      return submitAuthoredReport(deps, request.params.reportId, actor.councilId, { link: request.body?.link, submittedBy: officer.name });
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/reports',
      tag,
      summary: 'The archive: every report kept, newest first (at most 200).',
      access: 'any officer',
      query: reportsQuery,
      response: z.object({ reports: z.array(reportLine) }),
    },
    async (request) => ({
      reports: await listReports(deps, actorOf(request), { dutyKey: parseInput(reportsQuery, request.query).duty }),
    }),
  );

  createRoute<ProduceReportInput>(
    app,
    {
      url: '/reports',
      tag,
      summary: 'Produce a report now, for the period just ended or a given one, and circulate it.',
      description: 'Without `regenerate`, a period already reported is not produced or sent again.',
      input: produceReportInput,
      response: z.object({
        reportId: z.uuid(),
        version: z.number().int().describe("the report's version"),
        sent: z.number().int().describe('emails sent'),
        failed: z.number().int().describe('emails that could not be sent'),
        awaitingApproval: z.boolean().describe('true when its duty asks for review: nothing is sent until an officer approves it'),
      }),
    },
    async (actor, body) => produceReport(deps, actor, body),
  );
}

/** A produced report in each of its formats, and the original an owner uploaded. */
function reportDownloadRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  const download = async (request: FastifyRequest, reply: FastifyReply, input: { reportId: string; format: string }) => {
    const file = await reportDownload(deps, actorOf(request), input);
    return reply.type(file.contentType).header('Content-Disposition', contentDisposition(file.filename)).send(file.content);
  };
  route<{ Params: { reportId: string; format: string } }>(
    app,
    {
      method: 'GET',
      url: '/reports/:reportId.:format',
      tag,
      summary: 'Download a generated report as HTML, PDF or CSV.',
      access: 'any officer',
      params: reportId.extend({ format: z.enum(['html', 'pdf', 'csv']).describe('the format') }),
      response: { files: 'the report', contentTypes: Object.values(REPORT_FORMATS) },
    },
    (request, reply) => download(request, reply, request.params),
  );
  route<{ Params: { reportId: string } }>(
    app,
    {
      method: 'GET',
      url: '/reports/:reportId/original',
      tag,
      summary: 'The file an owner uploaded for an authored report, as they uploaded it.',
      access: 'any officer',
      params: reportId,
      response: { files: 'the uploaded file, in the type it was uploaded as', contentTypes: ['*/*'] },
    },
    (request, reply) => download(request, reply, { reportId: request.params.reportId, format: 'original' }),
  );
}
