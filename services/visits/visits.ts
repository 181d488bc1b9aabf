import { z } from 'zod';

import { formatDate, fromDbDate, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import { RECORD_LABELS, RECORDS_INSPECTED } from '../../domain/findings/records';
import { memberDisplayName } from '../../domain/people';
import { CATEGORY_LABELS, ISSUE_CATEGORIES, ISSUE_SEVERITIES } from '../../domain/reports/visit-summary';
import { VISIT_DUTY } from '../../domain/visits/duty';
import type { LinkClaims } from '../../links/signed-links';
import { Prisma, type AssignmentStatus, type MemberRole, type VisitReport, type VisitStatus } from '../../prisma/generated/client';
import { assignmentAnswered, visitReported } from '../../workflows/visit-programme';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import { closeAction } from '../findings/actions';
import { urgentConcernOf } from '../findings/urgent';
import type { Actor, ServiceDependencies } from '../context';
import { ConflictError, InputError, NotFoundError, parseInput, requireRecordId, type FieldProblem } from '../errors';
import { nudgeProgramme, startReportReview } from '../duty-signals';
import { claimsOfLink, LinkProblem } from '../member-links';

/** Yes/no from a form ("yes"/"no") or JSON (true/false). */
const yesNo = (question: string) =>
  z.union([z.boolean(), z.enum(['yes', 'no']).transform((answer) => answer === 'yes')], { error: `answer yes or no: ${question}` });

export const visitReportInput = z.object({
  visitedOn: isoDateSchema,
  spokeWithChildren: yesNo('did you speak with children or young people?'),
  spokeWithStaff: yesNo('did you speak with staff?'),
  summary: z.string().trim().max(5000, 'keep the summary under 5,000 characters').optional(),
  quotable: yesNo('may officers quote your summary in panel reports?').default(false),
  // The regulation 44 questions (Children's Homes Regulations 2015, reg 44(4) and (5)).
  childrenSafeguarded: yesNo('in your opinion, are children effectively safeguarded?'),
  wellbeingPromoted: yesNo('in your opinion, does the conduct of the home promote children’s well-being?'),
  spokeWithChildrenInPrivate: yesNo('did you speak with children in private, with their consent?'),
  recordsInspected: z
    .array(
      z.enum(RECORDS_INSPECTED, { error: `choose from: ${RECORDS_INSPECTED.map((key) => `${key} (${RECORD_LABELS[key]})`).join(', ')}` }),
    )
    .transform((keys) => RECORDS_INSPECTED.filter((key) => keys.includes(key)))
    .default([]),
  noConflictDeclared: z.union([z.literal(true), z.literal('yes').transform(() => true as const)], {
    error:
      'declare that you have no conflict of interest with this home (no relative, friend or business link there); if you have one, do not send the report: tell democratic services',
  }),
  issues: z
    .array(
      z.object({
        category: z.enum(ISSUE_CATEGORIES, { error: `choose one of: ${ISSUE_CATEGORIES.map((c) => CATEGORY_LABELS[c]).join(', ')}` }),
        severity: z.enum(ISSUE_SEVERITIES, { error: 'choose low, medium or high' }),
        description: z.string({ error: 'describe the issue in a few words' }).trim().min(3, 'describe the issue in a few words').max(2000),
      }),
    )
    .max(20, 'at most 20 issues; attach a longer list to an email to the officer')
    .default([]),
  recommendations: z
    .array(
      z.object({
        text: z.string({ error: 'write the recommendation' }).trim().min(3, 'write the recommendation').max(1000),
        dueBy: isoDateSchema.optional(),
      }),
    )
    .max(20)
    .default([]),
});
export type VisitReportInput = z.input<typeof visitReportInput>;

export const visitAnswerInput = z.object({
  answer: z.enum(['accept', 'decline'], { error: 'answer accept or decline' }),
  reason: z.string().trim().max(500, 'must be 500 characters or fewer').optional(),
});

/** The visit an officer names, and the member they name as its visitor (checked against the council's members later). */
const officerReportTarget = z.object({
  visitId: z.uuid({ error: 'must be a visit id (a UUID) from the list of visits' }),
  memberReference: z.string(),
});

/** Who submits a report: the member through their link, or an officer on a member's behalf. */
export type ReportAuthor = { kind: 'member'; claims: LinkClaims } | { kind: 'officer'; actor: Actor; memberReference: string };

/** Checks a visit link and returns its claims, or explains why it cannot be used. */
export function claimsOfVisitLink(deps: ServiceDependencies, token: string): LinkClaims {
  return claimsOfLink(deps, token, 'visit', {
    expired: 'Visit links work until two weeks after the visit period ends; ask democratic services to record your report.',
    invalid: 'Please use the button in your most recent email, or ask democratic services for a new one.',
  });
}

type Reg44Report = Pick<
  VisitReport,
  'childrenSafeguarded' | 'wellbeingPromoted' | 'spokeWithChildrenInPrivate' | 'recordsInspected' | 'noConflictDeclared'
>;

/** The regulation 44 answers as the pages show them; null where the report was made before the form asked. */
const reg44Answers = (report: Reg44Report) => ({
  childrenSafeguarded: report.childrenSafeguarded,
  wellbeingPromoted: report.wellbeingPromoted,
  spokeWithChildrenInPrivate: report.spokeWithChildrenInPrivate,
  recordsInspected: report.recordsInspected,
  noConflictDeclared: report.noConflictDeclared,
});

const visitInclude = {
  establishment: true,
  council: true,
  programme: { include: { pool: { select: { purpose: true } } } },
  report: { include: { issues: true, recommendations: true } },
} satisfies Prisma.VisitInclude;

async function assignmentFor(deps: ServiceDependencies, claims: LinkClaims) {
  const assignment = await deps.db.visitAssignment.findFirst({
    where: { id: claims.subjectId, memberId: claims.memberId, councilId: claims.councilId },
    include: { member: true, visit: { include: visitInclude } },
  });
  if (!assignment) throw new LinkProblem('forged', 'This link does not match a visit. Please use the button in your most recent email.');
  return assignment;
}

/** Everything the member's page shows: the visit, their part in it, and any report already sent. */
export async function visitPageForMember(deps: ServiceDependencies, claims: LinkClaims) {
  const assignment = await assignmentFor(deps, claims);
  const { visit } = assignment;
  const duty = VISIT_DUTY[visit.programme.pool.purpose];
  return {
    memberName: memberDisplayName(assignment.member),
    councilName: visit.council.name,
    dutyName: duty.name,
    place: duty.place,
    establishmentName: visit.establishment.name,
    establishmentAddress: visit.establishment.address,
    periodStart: fromDbDate(visit.periodStart),
    periodEnd: fromDbDate(visit.periodEnd),
    today: localDateOf(deps.clock(), visit.council.timeZone),
    assignmentStatus: assignment.status,
    visitStatus: visit.status,
    report: visit.report && {
      visitedOn: fromDbDate(visit.report.visitedOn),
      submittedAt: visit.report.submittedAt,
      byThisMember: visit.report.submittedByMemberId === assignment.memberId,
      spokeWithChildren: visit.report.spokeWithChildren,
      spokeWithStaff: visit.report.spokeWithStaff,
      summary: visit.report.summary,
      quotable: visit.report.quotable,
      ...reg44Answers(visit.report),
      issues: visit.report.issues.map((issue) => ({
        category: CATEGORY_LABELS[issue.category],
        severity: issue.severity,
        description: issue.description,
      })),
      recommendations: visit.report.recommendations.map((rec) => ({ text: rec.text, dueBy: rec.dueBy ? fromDbDate(rec.dueBy) : null })),
    },
  };
}

/**
 * A member accepts or declines. Answering again with the same answer changes
 * nothing; a member who accepted may still decline while the visit is open,
 * and the programme then offers it to someone else.
 */
export async function answerVisit(deps: ServiceDependencies, claims: LinkClaims, input: z.input<typeof visitAnswerInput>) {
  const { answer, reason } = parseInput(visitAnswerInput, input);
  const assignment = await assignmentFor(deps, claims);
  const wanted = answer === 'accept' ? 'ACCEPTED' : 'DECLINED';
  if (assignment.status === wanted) return { status: wanted, changed: false };
  const open = assignment.visit.status === 'ALLOCATED' || assignment.visit.status === 'UNALLOCATED';
  if (!open || (assignment.status !== 'INVITED' && !(assignment.status === 'ACCEPTED' && wanted === 'DECLINED'))) {
    throw new LinkProblem('withdrawn', answerRefusal(assignment.status, assignment.visit.status));
  }
  await deps.db.visitAssignment.update({
    where: { id: assignment.id },
    data: { status: wanted, respondedAt: deps.clock(), note: wanted === 'DECLINED' ? (reason ?? null) : null },
  });
  await nudgeProgramme(deps, assignment.visit.establishmentId, assignmentAnswered, { assignmentId: assignment.id });
  return { status: wanted, changed: true };
}

function answerRefusal(assignmentStatus: string, visitStatus: string): string {
  if (visitStatus === 'REPORTED') return 'This visit has already been reported. Thank you.';
  if (visitStatus === 'CANCELLED') return 'This visit was cancelled, so there is nothing to answer.';
  if (visitStatus === 'MISSED') return 'The period for this visit has ended. If you did visit, please send your report below.';
  if (assignmentStatus === 'LAPSED')
    return 'We did not hear from you in time, so this visit was offered to another member. Thank you all the same.';
  if (assignmentStatus === 'DECLINED') return 'You have declined this visit, and it has been offered to another member.';
  return 'This visit has been withdrawn from you, so there is nothing to answer.';
}

/**
 * Records a visit report: from the visiting member's link, or an officer on a
 * member's behalf. `input` comes straight from a form, API body or file and is
 * validated here against visitReportInput. A second submission for the same visit records nothing and
 * returns the first, so a double tap or a second visitor sees what was sent.
 */
export async function submitVisitReport(
  deps: ServiceDependencies,
  author: ReportAuthor,
  visitRef: { visitId: string } | { claims: LinkClaims },
  input: unknown,
) {
  const { visit, memberId } = await reportTarget(deps, author, visitRef);
  if (visit.report) {
    // Starts the review if the first submission could not reach Temporal.
    await startReportReview(deps, visit.report.id);
    return { created: false, reportId: visit.report.id };
  }
  if (visit.status === 'CANCELLED') throw new ConflictError('This visit was cancelled, so a report cannot be recorded against it.');
  const checked = checkReport(input, fromDbDate(visit.periodStart), localDateOf(deps.clock(), visit.council.timeZone));
  // An officer hears about the visitor and the report together, so both are put right in one go.
  const problems = [...(memberId === null ? [unknownVisitor(author)] : []), ...checked.problems];
  if (memberId === null || !checked.values || problems.length) throw new InputError(problems);
  const values = checked.values;

  let reportId: string;
  try {
    reportId = await deps.db.$transaction(async (tx) => {
      const report = await tx.visitReport.create({
        data: {
          councilId: visit.councilId,
          visitId: visit.id,
          submittedByMemberId: memberId,
          recordedByOfficerId: author.kind === 'officer' ? author.actor.officerId : null,
          visitedOn: toDbDate(values.visitedOn),
          spokeWithChildren: values.spokeWithChildren,
          spokeWithStaff: values.spokeWithStaff,
          summary: values.summary || null,
          quotable: values.quotable,
          childrenSafeguarded: values.childrenSafeguarded,
          wellbeingPromoted: values.wellbeingPromoted,
          spokeWithChildrenInPrivate: values.spokeWithChildrenInPrivate,
          recordsInspected: values.recordsInspected,
          noConflictDeclared: values.noConflictDeclared,
          submittedAt: deps.clock(),
          issues: {
            create: values.issues.map((issue) => ({ councilId: visit.councilId, establishmentId: visit.establishmentId, ...issue })),
          },
          recommendations: {
            create: values.recommendations.map((rec) => ({
              councilId: visit.councilId,
              text: rec.text,
              dueBy: rec.dueBy ? toDbDate(rec.dueBy) : null,
            })),
          },
        },
      });
      await tx.visit.update({ where: { id: visit.id }, data: { status: 'REPORTED' } });
      // Reporting is the clearest acceptance there is.
      await tx.visitAssignment.updateMany({
        where: { visitId: visit.id, memberId, status: 'INVITED' },
        data: { status: 'ACCEPTED', respondedAt: deps.clock() },
      });
      if (author.kind === 'officer') {
        await recordAudit(tx, author.actor, 'visit.report-recorded', { type: 'Visit', id: visit.id }, { onBehalfOf: memberId });
      }
      return report.id;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const first = await deps.db.visitReport.findUniqueOrThrow({ where: { visitId: visit.id }, select: { id: true } });
      return { created: false, reportId: first.id };
    }
    throw error;
  }
  await nudgeProgramme(deps, visit.establishmentId, visitReported, { visitId: visit.id });
  await startReportReview(deps, reportId);
  return { created: true, reportId };
}

async function reportTarget(deps: ServiceDependencies, author: ReportAuthor, visitRef: { visitId: string } | { claims: LinkClaims }) {
  if (author.kind === 'member' && 'claims' in visitRef) {
    const assignment = await assignmentFor(deps, visitRef.claims);
    if (assignment.status === 'DECLINED' || assignment.status === 'LAPSED' || assignment.status === 'WITHDRAWN') {
      if (!assignment.visit.report) throw new LinkProblem('withdrawn', answerRefusal(assignment.status, assignment.visit.status));
    }
    return { visit: assignment.visit, memberId: assignment.memberId };
  }
  if (author.kind !== 'officer' || !('visitId' in visitRef))
    throw new Error('A member reports through their link; an officer names the visit.');
  requireWriter(author.actor, 'record visit reports');
  parseInput(officerReportTarget, { visitId: visitRef.visitId, memberReference: author.memberReference });
  const visit = await deps.db.visit.findFirst({
    where: { id: visitRef.visitId, councilId: author.actor.councilId },
    include: visitInclude,
  });
  if (!visit) throw new NotFoundError('visit', visitRef.visitId);
  const reference = author.memberReference.trim();
  const member = reference
    ? await deps.db.member.findUnique({
        where: { councilId_reference: { councilId: author.actor.councilId, reference } },
        select: { id: true },
      })
    : null;
  return { visit, memberId: member?.id ?? null };
}

/** The problem with the member an officer named as the visitor. */
function unknownVisitor(author: ReportAuthor): FieldProblem {
  const reference = author.kind === 'officer' ? author.memberReference.trim() : '';
  return {
    field: 'memberReference',
    message: reference
      ? `no member of this council has the reference "${reference}"; choose the member who made the visit`
      : 'choose the member who made the visit',
  };
}

/** Validates a report, adding the visit date's bounds to the schema's problems so the member sees them all at once. */
function checkReport(input: unknown, periodStart: IsoDate, today: IsoDate) {
  const parsed = visitReportInput.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }));
  if (parsed.success && parsed.data.spokeWithChildrenInPrivate && !parsed.data.spokeWithChildren)
    problems.push({
      field: 'spokeWithChildrenInPrivate',
      message: 'is yes, but you did not speak with children or young people; answer no here, or yes to speaking with them',
    });
  const visitedOn = (input as { visitedOn?: unknown } | null)?.visitedOn;
  if (typeof visitedOn === 'string' && isoDateSchema.safeParse(visitedOn).success) {
    if (visitedOn > today)
      problems.push({ field: 'visitedOn', message: `is in the future; give the day you visited (today is ${formatDate(today)})` });
    if (visitedOn < periodStart)
      problems.push({
        field: 'visitedOn',
        message: `is before this visit period began on ${formatDate(periodStart)}; give the day you visited`,
      });
  }
  return { values: parsed.success ? parsed.data : null, problems };
}

export const resolveIssueInput = z.object({ issueId: z.uuid({ error: 'must be an issue id from the visit' }), resolvedOn: isoDateSchema });

/** An officer records that an issue a visitor raised has been put right. */
export async function resolveIssue(deps: ServiceDependencies, actor: Actor, input: z.input<typeof resolveIssueInput>) {
  const values = parseInput(resolveIssueInput, input);
  requireWriter(actor, 'resolve issues');
  const issue = await deps.db.visitIssue.findFirst({ where: { id: values.issueId, councilId: actor.councilId } });
  if (!issue) throw new NotFoundError('issue', values.issueId);
  // Its action is closed with it, so nobody is chased for what is already put right.
  const action = await deps.db.findingAction.findUnique({ where: { issueId: issue.id }, select: { id: true, status: true } });
  if (action?.status === 'OPEN')
    await closeAction(deps, actor, action.id, { note: `The issue was marked resolved on ${formatDate(values.resolvedOn)}.` });
  await deps.db.visitIssue.update({ where: { id: issue.id }, data: { resolvedOn: toDbDate(values.resolvedOn) } });
  await recordAudit(deps.db, actor, 'issue.resolved', { type: 'VisitIssue', id: issue.id }, { resolvedOn: values.resolvedOn });
}

type OutlinedVisit = {
  id: string;
  periodStart: Date;
  periodEnd: Date;
  status: VisitStatus;
  assignments: Array<{
    status: AssignmentStatus;
    member: { reference: string; givenName: string; familyName: string; roles: MemberRole[] };
  }>;
};

/** A visit as lists show it: its period (as dates and in words), its status and who was asked to make it. */
export function visitOutline(visit: OutlinedVisit) {
  const periodStart = fromDbDate(visit.periodStart);
  const periodEnd = fromDbDate(visit.periodEnd);
  return {
    id: visit.id,
    period: `${formatDate(periodStart)} to ${formatDate(periodEnd)}`,
    periodStart,
    periodEnd,
    status: visit.status,
    visitors: visit.assignments.map((assignment) => ({
      reference: assignment.member.reference,
      name: memberDisplayName(assignment.member),
      status: assignment.status,
    })),
  };
}

/** Visits of the council, newest period first, with visitors and whether a report is in. */
export async function listVisits(deps: ServiceDependencies, actor: Actor, filter: { establishmentKey?: string } = {}) {
  const visits = await deps.db.visit.findMany({
    where: { councilId: actor.councilId, ...(filter.establishmentKey ? { establishment: { key: filter.establishmentKey } } : {}) },
    orderBy: [{ periodStart: 'desc' }, { establishment: { name: 'asc' } }],
    take: 200,
    include: {
      establishment: { select: { key: true, name: true } },
      assignments: { include: { member: true } },
      report: { include: { issues: true } },
    },
  });
  return visits.map((visit) => ({
    ...visitOutline(visit),
    establishment: visit.establishment.name,
    establishmentKey: visit.establishment.key,
    report: visit.report && {
      visitedOn: fromDbDate(visit.report.visitedOn),
      visitedOnText: formatDate(fromDbDate(visit.report.visitedOn)),
      issues: visit.report.issues.map((issue) => ({
        id: issue.id,
        category: CATEGORY_LABELS[issue.category],
        severity: issue.severity,
        description: issue.description,
        resolvedOn: issue.resolvedOn ? fromDbDate(issue.resolvedOn) : null,
      })),
    },
  }));
}

/**
 * One visit as an officer sees it: where and when, who was asked and what
 * they answered, and the report with its issues once it is in.
 */
export async function visitForOfficer(deps: ServiceDependencies, actor: Actor, visitId: string) {
  requireRecordId('visit', visitId);
  const visit = await deps.db.visit.findFirst({
    where: { id: visitId, councilId: actor.councilId },
    include: {
      ...visitInclude,
      report: { include: { issues: true, recommendations: true, submittedByMember: true } },
      assignments: { include: { member: true }, orderBy: { invitedAt: 'asc' } },
    },
  });
  if (!visit) throw new NotFoundError('visit', visitId);
  const { report } = visit;
  const recordedBy = report?.recordedByOfficerId
    ? await deps.db.officer.findFirst({ where: { id: report.recordedByOfficerId, councilId: actor.councilId }, select: { name: true } })
    : null;
  const duty = VISIT_DUTY[visit.programme.pool.purpose];
  return {
    id: visit.id,
    dutyName: duty.name,
    place: duty.place,
    establishment: {
      key: visit.establishment.key,
      name: visit.establishment.name,
      address: visit.establishment.address,
    },
    periodStart: fromDbDate(visit.periodStart),
    periodEnd: fromDbDate(visit.periodEnd),
    status: visit.status,
    closedAt: visit.closedAt,
    timeZone: visit.council.timeZone,
    today: localDateOf(deps.clock(), visit.council.timeZone),
    visitors: visit.assignments.map((assignment) => ({
      reference: assignment.member.reference,
      name: memberDisplayName(assignment.member),
      status: assignment.status,
      invitedAt: assignment.invitedAt,
      respondedAt: assignment.respondedAt,
      note: assignment.note,
    })),
    report: report && {
      id: report.id,
      visitedOn: fromDbDate(report.visitedOn),
      submittedAt: report.submittedAt,
      submittedBy: report.submittedByMember && memberDisplayName(report.submittedByMember),
      recordedBy: recordedBy?.name ?? null,
      spokeWithChildren: report.spokeWithChildren,
      spokeWithStaff: report.spokeWithStaff,
      summary: report.summary,
      quotable: report.quotable,
      ...reg44Answers(report),
      urgentConcern: await urgentConcernOf(deps, actor, report),
      issues: report.issues.map((issue) => ({
        id: issue.id,
        category: CATEGORY_LABELS[issue.category],
        severity: issue.severity,
        description: issue.description,
        resolvedOn: issue.resolvedOn ? fromDbDate(issue.resolvedOn) : null,
      })),
      recommendations: report.recommendations.map((rec) => ({ text: rec.text, dueBy: rec.dueBy ? fromDbDate(rec.dueBy) : null })),
    },
  };
}
export type OfficerVisit = Awaited<ReturnType<typeof visitForOfficer>>;
