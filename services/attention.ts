import { z } from 'zod';

import { addDays, fromDbDate, instantAt, toDbDate, type IsoDate } from '../domain/calendar';
import { memberDisplayName } from '../domain/people';
import { reportsAwaitingReview } from './findings/review';
import { complianceMatrix } from './training/training';
import { urgentConcernsToAcknowledge } from './findings/urgent';
import { councilToday, type Actor, type ServiceDependencies } from './context';
import { listActions } from './findings/actions';
import { pledgeOverview } from './pledge/pledge';
import { recordAudit } from './audit';
import { requireWriter } from './access';
import { NotFoundError, parseInput } from './errors';

/** Missed visits stay on the list this long after their period ends, for the officer to follow up. */
const MISSED_VISIT_DAYS = 90;
/** New visit reports are listed for two weeks, so issues raised are read and acted on. */
const RECENT_REPORT_DAYS = 14;

export interface VisitNeedingAttention {
  visitId: string;
  establishment: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  /** Who was asked, and their answer so far. */
  visitors: Array<{ name: string; status: string }>;
}

/**
 * Everything in the council that an officer should act on today, each with
 * what identifies the thing to act on. Lists are short by nature (a council
 * has tens of homes and members), so each is complete.
 */
export async function needsAttention(deps: ServiceDependencies, actor: Actor) {
  const today = await councilToday(deps, actor.councilId);
  const visitsOf = async (where: object) => {
    const visits = await deps.db.visit.findMany({
      where: { councilId: actor.councilId, ...where },
      orderBy: [{ periodEnd: 'asc' }, { establishment: { name: 'asc' } }],
      include: { establishment: { select: { name: true } }, assignments: { include: { member: true } } },
    });
    return visits.map((visit): VisitNeedingAttention => ({
      visitId: visit.id,
      establishment: visit.establishment.name,
      periodStart: fromDbDate(visit.periodStart),
      periodEnd: fromDbDate(visit.periodEnd),
      visitors: visit.assignments
        .filter((assignment) => assignment.status !== 'WITHDRAWN')
        .map((assignment) => ({ name: memberDisplayName(assignment.member), status: assignment.status })),
    }));
  };
  const current = { periodStart: { lte: toDbDate(today) }, periodEnd: { gte: toDbDate(today) } };
  const [unallocated, unanswered, overdue, missed] = await Promise.all([
    visitsOf({ ...current, status: 'UNALLOCATED' }),
    visitsOf({ ...current, status: 'ALLOCATED', assignments: { none: { status: 'ACCEPTED' } } }),
    // The period is over and the visit is neither reported nor yet closed as missed.
    visitsOf({ status: 'ALLOCATED', periodEnd: { lt: toDbDate(today) } }),
    visitsOf({ status: 'MISSED', periodEnd: { gte: toDbDate(addDays(today, -MISSED_VISIT_DAYS)) } }),
  ]);

  const recentReports = await deps.db.visitReport.findMany({
    where: { councilId: actor.councilId, submittedAt: { gte: instantAt(addDays(today, -RECENT_REPORT_DAYS), '00:00') } },
    orderBy: { submittedAt: 'desc' },
    include: {
      visit: { select: { establishment: { select: { name: true } } } },
      submittedByMember: true,
      issues: { select: { severity: true, resolvedOn: true } },
    },
  });

  const matrix = await complianceMatrix(deps, actor, { on: today });
  const courseTitles = new Map(matrix.courses.map((course) => [course.key, course.title]));
  const training = matrix.rows.flatMap((row) =>
    row.cells
      .filter((cell) => cell.state === 'LAPSED' || cell.state === 'DUE_SOON' || (cell.state === 'NEVER_DONE' && cell.overdue))
      .map((cell) => ({
        memberName: row.memberName,
        reference: row.reference,
        courseKey: cell.courseKey,
        courseTitle: courseTitles.get(cell.courseKey) ?? cell.courseKey,
        state: cell.state,
        dueBy: cell.dueBy,
        awaitingVerification: cell.awaitingVerification,
      })),
  );

  const pledge = await pledgeOverview(deps, actor).catch((error: unknown) => {
    // A council that has not drafted this year's pledge has nobody to chase yet.
    if (error instanceof NotFoundError) return null;
    throw error;
  });

  const lateReports = await deps.db.report.findMany({
    where: { councilId: actor.councilId, status: 'DUE', dueOn: { lt: toDbDate(today) } },
    orderBy: { dueOn: 'asc' },
    include: { duty: { select: { title: true, ownerName: true, panel: { select: { name: true } } } } },
  });

  return {
    today,
    urgentConcerns: await urgentConcernsToAcknowledge(deps, actor),
    visits: { unallocated, unanswered, overdue, missed },
    recentReports: recentReports.map((report) => ({
      visitId: report.visitId,
      establishment: report.visit.establishment.name,
      visitedOn: fromDbDate(report.visitedOn),
      by: report.submittedByMember ? memberDisplayName(report.submittedByMember) : null,
      recordedByOfficer: report.recordedByOfficerId !== null,
      openIssues: report.issues.filter((issue) => !issue.resolvedOn).length,
      highSeverity: report.issues.filter((issue) => issue.severity === 'HIGH' && !issue.resolvedOn).length,
    })),
    training,
    pledge: pledge && pledge.notSigned.length ? { version: pledge.version, notSigned: pledge.notSigned, serving: pledge.serving } : null,
    lateReports: lateReports.map((report) => ({
      reportId: report.id,
      title: report.duty.title,
      panel: report.duty.panel.name,
      owner: report.duty.ownerName,
      dueOn: fromDbDate(report.dueOn!),
    })),
    failedEmails: await undeliveredEmails(deps, actor),
    overdueActions: (await listActions(deps, actor, { status: 'OVERDUE' })).actions,
    awaitingReview: await reportsAwaitingReview(deps, actor),
  };
}

/** Emails the mail server refused that no officer has dealt with yet, with the member each was for. */
export async function undeliveredEmails(deps: ServiceDependencies, actor: Actor) {
  const failedEmails = await deps.db.notification.findMany({
    where: { councilId: actor.councilId, status: 'FAILED', resolvedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, toAddress: true, toName: true, subject: true, lastError: true, createdAt: true },
  });
  const membersByEmail = new Map(
    (
      await deps.db.member.findMany({
        where: { councilId: actor.councilId, email: { in: failedEmails.map((email) => email.toAddress) } },
        select: { email: true, reference: true },
      })
    ).map((member) => [member.email, member.reference]),
  );

  return failedEmails.map((email) => ({ ...email, memberReference: membersByEmail.get(email.toAddress) ?? null }));
}

export type NeedsAttention = Awaited<ReturnType<typeof needsAttention>>;

/** An officer has dealt with an email that could not be delivered (e.g. corrected the address and resent by hand). */
export async function resolveFailedEmail(deps: ServiceDependencies, actor: Actor, notificationId: string): Promise<void> {
  requireWriter(actor, 'mark emails as dealt with');
  const { id } = parseInput(z.object({ id: z.uuid({ error: 'must be the id of an undelivered email' }) }), { id: notificationId });
  const updated = await deps.db.notification.updateMany({
    where: { id, councilId: actor.councilId, status: 'FAILED', resolvedAt: null },
    data: { resolvedAt: deps.clock() },
  });
  if (updated.count === 0) throw new NotFoundError('undelivered email', notificationId);
  await recordAudit(deps.db, actor, 'email.failure-resolved', { type: 'Notification', id });
}
