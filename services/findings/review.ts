import { z } from 'zod';

import { fromDbDate, localDateOf, toDbDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { addWorkingDays } from '../../domain/working-days';
import type { LinkClaims } from '../../links/signed-links';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { nudgeReportReview } from '../duty-signals';
import { ConflictError, NotFoundError, parseInput, requireRecordId } from '../errors';
import { LinkProblem } from '../member-links';

export const reviewDecisionInput = z
  .object({
    decision: z.enum(['approve', 'return'], { error: 'choose approve, or return it to the visitor with a question' }),
    question: z.string().trim().max(2000, 'keep the question under 2,000 characters').optional(),
  })
  .refine((input) => input.decision !== 'return' || (input.question?.length ?? 0) >= 3, {
    path: ['question'],
    error: 'write the question the visitor should answer',
  });

export const reviewAnswerInput = z.object({
  answer: z.string({ error: 'write your answer' }).trim().min(2, 'write your answer').max(5000, 'keep the answer under 5,000 characters'),
});

/** A report an officer may still decide on: waiting for review, or returned and not yet answered. */
const UNDECIDED = ['AWAITING_REVIEW', 'RETURNED'] as const;

/**
 * An officer approves a report (it goes to the home's manager for the
 * factual-accuracy window, or is final at once if the home has no manager on
 * record) or returns it to the visitor with a question.
 */
export async function decideReview(deps: ServiceDependencies, actor: Actor, reportId: string, input: unknown) {
  requireRecordId('report', reportId);
  const values = parseInput(reviewDecisionInput, input);
  requireWriter(actor, 'review visit reports');
  const report = await deps.db.visitReport.findFirst({
    where: { id: reportId, councilId: actor.councilId },
    include: { visit: { include: { establishment: true, council: true } } },
  });
  if (!report) throw new NotFoundError('report', reportId);
  const now = deps.clock();
  const { council, establishment } = report.visit;
  const decided =
    values.decision === 'return'
      ? { stage: 'RETURNED' as const, reviewQuestion: values.question!, reviewAnswer: null }
      : establishment.managerEmail
        ? {
            stage: 'WITH_MANAGER' as const,
            approvedAt: now,
            managerCommentDueOn: toDbDate(addWorkingDays(localDateOf(now, council.timeZone), council.factualAccuracyWorkingDays)),
          }
        : { stage: 'FINAL' as const, approvedAt: now, finalisedAt: now };
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.visitReport.updateMany({
      where: { id: report.id, stage: { in: [...UNDECIDED] } },
      data: { ...decided, reviewedByOfficerId: actor.officerId },
    });
    if (count === 0) throw new ConflictError('This report has already been approved.');
    await recordAudit(tx, actor, `visit-report.${values.decision === 'return' ? 'returned' : 'approved'}`, {
      type: 'VisitReport',
      id: report.id,
    });
  });
  await nudgeReportReview(deps, report.id);
  return { visitId: report.visitId, stage: decided.stage };
}

/** Where a visit's report stands in its review, as the officer's visit page shows it; null before a report is in. */
export async function reviewOfVisit(deps: ServiceDependencies, actor: Actor, visitId: string) {
  const report = await deps.db.visitReport.findFirst({
    where: { visitId, councilId: actor.councilId },
    include: { visit: { select: { establishment: { select: { managerEmail: true, managerName: true } } } } },
  });
  if (!report) return null;
  const reviewer = report.reviewedByOfficerId
    ? await deps.db.officer.findFirst({ where: { id: report.reviewedByOfficerId, councilId: actor.councilId }, select: { name: true } })
    : null;
  return {
    reportId: report.id,
    visitId,
    stage: report.stage,
    question: report.reviewQuestion,
    answer: report.reviewAnswer,
    reviewedBy: reviewer?.name ?? null,
    approvedAt: report.approvedAt,
    managerName: report.visit.establishment.managerName,
    hasManager: report.visit.establishment.managerEmail !== null,
    managerCommentDueOn: report.managerCommentDueOn && fromDbDate(report.managerCommentDueOn),
    managerComment: report.managerComment,
    managerCommentedAt: report.managerCommentedAt,
    finalisedAt: report.finalisedAt,
  };
}
export type ReportReview = NonNullable<Awaited<ReturnType<typeof reviewOfVisit>>>;

/** Reports waiting for an officer's review, oldest first, for "Needs attention". */
export async function reportsAwaitingReview(deps: ServiceDependencies, actor: Actor) {
  const reports = await deps.db.visitReport.findMany({
    where: { councilId: actor.councilId, stage: 'AWAITING_REVIEW' },
    orderBy: { submittedAt: 'asc' },
    include: { submittedByMember: true, visit: { select: { establishment: { select: { name: true } } } } },
  });
  return reports.map((report) => ({
    visitId: report.visitId,
    establishment: report.visit.establishment.name,
    visitedOn: fromDbDate(report.visitedOn),
    submittedAt: report.submittedAt,
    by: report.submittedByMember && memberDisplayName(report.submittedByMember),
    answered: report.reviewAnswer !== null,
  }));
}

/** The report of the visit a visitor's link is for, if they sent it (only its author answers questions on it). */
async function reportOfVisitor(deps: ServiceDependencies, claims: LinkClaims) {
  const assignment = await deps.db.visitAssignment.findFirst({
    where: { id: claims.subjectId, memberId: claims.memberId, councilId: claims.councilId },
    select: { visit: { select: { report: true } } },
  });
  const report = assignment?.visit.report;
  return report && report.submittedByMemberId === claims.memberId ? report : null;
}

/** The officer's question and the visitor's answer, as the visitor's page shows them; null when there is none. */
export async function questionForVisitor(deps: ServiceDependencies, claims: LinkClaims) {
  const report = await reportOfVisitor(deps, claims);
  if (!report?.reviewQuestion) return null;
  return { question: report.reviewQuestion, answer: report.reviewAnswer, open: report.stage === 'RETURNED' };
}

/** The visitor answers the officer's question: the report goes back for review. Only the open question can be answered, once. */
export async function answerReviewQuestion(deps: ServiceDependencies, claims: LinkClaims, input: unknown) {
  const { answer } = parseInput(reviewAnswerInput, input);
  const report = await reportOfVisitor(deps, claims);
  if (!report)
    throw new LinkProblem('forged', 'This link does not match a report of yours. Please use the button in your most recent email.');
  const { count } = await deps.db.visitReport.updateMany({
    where: { id: report.id, stage: 'RETURNED' },
    data: { stage: 'AWAITING_REVIEW', reviewAnswer: answer },
  });
  if (count === 0) throw new ConflictError('This question has already been answered. Thank you.');
  await nudgeReportReview(deps, report.id);
}
