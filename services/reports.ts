import { WorkflowIdReusePolicy } from '@temporalio/client';
import { z } from 'zod';

import { formatDate, fromDbDate, isoDateSchema } from '../domain/calendar';
import { panelReport, reportDutyScheduleId } from '../workflows/panel-report';
import { recordAudit } from './audit';
import type { Actor, ServiceDependencies } from './context';
import { ForbiddenError, NotFoundError, parseInput } from './errors';

export const produceReportInput = z.object({
  dutyKey: z.string().trim().min(1, 'name the report duty, e.g. reg33-quarterly (see `cpe reports duties`)'),
  periodStart: isoDateSchema.optional(),
  regenerate: z.boolean().default(false),
});
export type ProduceReportInput = z.input<typeof produceReportInput>;

export const REPORT_FORMATS = { html: 'text/html; charset=utf-8', pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export async function listReportDuties(deps: ServiceDependencies, actor: Actor) {
  const duties = await deps.db.reportDuty.findMany({
    where: { councilId: actor.councilId },
    orderBy: { key: 'asc' },
    include: { panel: { select: { name: true } } },
  });
  return duties.map((duty) => ({
    key: duty.key,
    title: duty.title,
    panel: duty.panel.name,
    authoring: duty.authoring,
    cadence: duty.cadence,
    yearBasis: duty.yearBasis,
    active: duty.active,
  }));
}

/** The archive: every report kept, newest first, with its versions and circulation. */
export async function listReports(deps: ServiceDependencies, actor: Actor, filter: { dutyKey?: string } = {}) {
  const reports = await deps.db.report.findMany({
    where: { councilId: actor.councilId, ...(filter.dutyKey ? { duty: { key: filter.dutyKey } } : {}) },
    orderBy: [{ periodStart: 'desc' }, { version: 'desc' }],
    take: 200,
    select: {
      id: true,
      periodStart: true,
      periodEnd: true,
      version: true,
      status: true,
      circulatedAt: true,
      createdAt: true,
      duty: { select: { key: true, title: true } },
    },
  });
  return reports.map((report) => ({
    id: report.id,
    duty: report.duty.key,
    title: report.duty.title,
    period: `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`,
    version: report.version,
    status: report.status,
    circulatedAt: report.circulatedAt,
  }));
}

/**
 * Produces a duty's report now, for the period just ended or a given one, and
 * circulates it. Without `regenerate`, a period already reported is not
 * produced or sent again.
 */
export async function produceReport(deps: ServiceDependencies, actor: Actor, input: ProduceReportInput) {
  const values = parseInput(produceReportInput, input);
  if (actor.role === 'READ_ONLY') throw new ForbiddenError('Read-only officers cannot produce reports.');
  const duty = await deps.db.reportDuty.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.dutyKey } } });
  if (!duty) throw new NotFoundError('report duty', values.dutyKey);
  const result = await deps.temporal.workflow.execute(panelReport, {
    workflowId: `${reportDutyScheduleId(duty.id)}:officer:${deps.clock().getTime()}`,
    taskQueue: deps.taskQueue,
    args: [{ dutyId: duty.id, periodStart: values.periodStart, regenerate: values.regenerate }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
  await recordAudit(
    deps.db,
    actor,
    'report.produced',
    { type: 'Report', id: result.reportId },
    { duty: duty.key, version: result.version },
  );
  return result;
}

/** A stored report in one format, for download. */
export async function reportDownload(deps: ServiceDependencies, actor: Actor, input: { reportId: string; format: string }) {
  const { reportId, format } = parseInput(
    z.object({
      reportId: z.uuid({ error: 'must be a report id from the archive' }),
      format: z.enum(['html', 'pdf', 'csv'], { error: 'must be html, pdf or csv' }),
    }),
    input,
  );
  const report = await deps.db.report.findFirst({
    where: { id: reportId, councilId: actor.councilId },
    include: { duty: { select: { key: true } } },
  });
  if (!report) throw new NotFoundError('report', reportId);
  const content = format === 'pdf' ? (report.pdf ? Buffer.from(report.pdf) : null) : report[format];
  if (content === null) throw new NotFoundError(`${format.toUpperCase()} of report`, reportId);
  return {
    filename: `${report.duty.key}-${fromDbDate(report.periodStart)}-v${report.version}.${format}`,
    contentType: REPORT_FORMATS[format],
    content,
  };
}
