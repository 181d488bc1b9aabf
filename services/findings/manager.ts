import { z } from 'zod';

import { fromDbDate } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/reports/visit-summary';
import { VISIT_DUTY } from '../../domain/visits/duty';
import type { ServiceDependencies } from '../context';
import { nudgeReportReview } from '../duty-signals';
import { parseInput } from '../errors';
import { claimsOfLink, linkSpent, LinkProblem, spendLink } from '../member-links';

export const managerCommentInput = z.object({
  comment: z
    .string({ error: 'write your comment on the report’s factual accuracy' })
    .trim()
    .min(3, 'write your comment on the report’s factual accuracy')
    .max(5000, 'keep the comment under 5,000 characters'),
});

const ADVICE = {
  expired: 'The time for comments on this report has ended. Contact democratic services if something in it is wrong.',
  invalid: 'Please use the button in the most recent email about this report.',
};
const USED = 'This link has already recorded your comment on the report; it records only one. Contact democratic services to add to it.';

async function managerReport(deps: ServiceDependencies, token: string) {
  const claims = claimsOfLink(deps, token, 'manager', ADVICE);
  const report = await deps.db.visitReport.findFirst({
    where: { id: claims.subjectId, councilId: claims.councilId },
    include: {
      issues: true,
      recommendations: true,
      actions: { orderBy: { dueOn: 'asc' } },
      visit: { include: { establishment: true, council: true, programme: { include: { pool: { select: { purpose: true } } } } } },
    },
  });
  if (!report) throw new LinkProblem('forged', `This link is not valid. ${ADVICE.invalid}`);
  return report;
}

/** What the home's manager reads behind their link: the approved report, its actions, and their window for comments. */
export async function reportForManager(deps: ServiceDependencies, token: string) {
  const report = await managerReport(deps, token);
  const { visit } = report;
  return {
    dutyName: VISIT_DUTY[visit.programme.pool.purpose].name,
    councilName: visit.council.name,
    establishmentName: visit.establishment.name,
    managerName: visit.establishment.managerName,
    visitedOn: fromDbDate(report.visitedOn),
    summary: report.summary,
    childrenSafeguarded: report.childrenSafeguarded,
    wellbeingPromoted: report.wellbeingPromoted,
    spokeWithChildren: report.spokeWithChildren,
    spokeWithStaff: report.spokeWithStaff,
    issues: report.issues.map((issue) => ({
      category: CATEGORY_LABELS[issue.category],
      severity: issue.severity,
      description: issue.description,
    })),
    recommendations: report.recommendations.map((rec) => ({ text: rec.text, dueBy: rec.dueBy && fromDbDate(rec.dueBy) })),
    actions: report.actions.map((action) => ({ description: action.description, dueOn: fromDbDate(action.dueOn), status: action.status })),
    dueOn: report.managerCommentDueOn && fromDbDate(report.managerCommentDueOn),
    comment: report.managerComment,
    commentedAt: report.managerCommentedAt,
    /** Comments are taken while the report is with the manager and this link has recorded nothing. */
    open: report.stage === 'WITH_MANAGER' && !(await linkSpent(deps.db, token)),
    timeZone: visit.council.timeZone,
  };
}
export type ManagerReportView = Awaited<ReturnType<typeof reportForManager>>;

/**
 * The manager's comment on factual accuracy: recorded once, with the report
 * made final at the same moment. A reused link, or one whose report is
 * already final, records nothing.
 */
export async function commentAsManager(deps: ServiceDependencies, token: string, input: unknown): Promise<void> {
  const report = await managerReport(deps, token);
  const { comment } = parseInput(managerCommentInput, input);
  const now = deps.clock();
  await deps.db.$transaction(async (tx) => {
    await spendLink(tx, token, report.councilId, USED);
    const { count } = await tx.visitReport.updateMany({
      where: { id: report.id, stage: 'WITH_MANAGER' },
      data: { stage: 'FINAL', managerComment: comment, managerCommentedAt: now, finalisedAt: now },
    });
    if (count === 0)
      throw new LinkProblem('withdrawn', 'This report is already final, so the comment was not recorded. Contact democratic services.');
  });
  await nudgeReportReview(deps, report.id);
}
