import { z } from 'zod';

import { reportApproved } from '../../workflows/panel-report';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import { nudgeReportRun } from '../duty-signals';
import type { Actor, ServiceDependencies } from '../context';
import { ConflictError, NotFoundError, parseInput } from '../errors';

/** The longest commentary: a paragraph or a few, read before the report. */
export const MAX_COMMENTARY_LENGTH = 4000;

export const approveReportInput = z.object({
  reportId: z.uuid({ error: 'must be a report id from the archive' }),
  commentary: z
    .string()
    .trim()
    .max(MAX_COMMENTARY_LENGTH, `must be at most ${MAX_COMMENTARY_LENGTH} characters: keep it to a few paragraphs`)
    .optional()
    .transform((text) => text || null),
});
export type ApproveReportInput = z.input<typeof approveReportInput>;

/**
 * An officer approves a report held back for review, with an optional
 * commentary the panel reads first. It is recorded in Postgres before its
 * workflow is told, so a lost signal is found when the workflow looks again.
 * Another council's report is not found; one already approved is refused.
 */
export async function approveReport(deps: ServiceDependencies, actor: Actor, input: ApproveReportInput) {
  const { reportId, commentary } = parseInput(approveReportInput, input);
  requireWriter(actor, 'approve reports');
  const report = await deps.db.report.findFirst({ where: { id: reportId, councilId: actor.councilId } });
  if (!report) throw new NotFoundError('report', reportId);
  const officer = await deps.db.officer.findUniqueOrThrow({ where: { id: actor.officerId }, select: { name: true } });
  const approved = await deps.db.report.updateMany({
    where: { id: report.id, status: 'AWAITING_APPROVAL', approvedAt: null },
    data: { status: 'SUBMITTED', approvedAt: deps.clock(), approvedBy: officer.name, commentary },
  });
  if (approved.count === 0)
    throw new ConflictError(
      report.approvedAt
        ? `This report was already approved${report.approvedBy ? ` by ${report.approvedBy}` : ''}; it goes to the panel.`
        : 'This report is not waiting for approval.',
    );
  await recordAudit(deps.db, actor, 'report.approved', { type: 'Report', id: report.id }, { commentary: commentary !== null });
  if (report.workflowId) await nudgeReportRun(deps, report.workflowId, reportApproved);
  return { reportId: report.id, approvedBy: officer.name };
}
