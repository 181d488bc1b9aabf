import { addDays, addMonths, formatDate, fromDbDate, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { VISIT_DUTY } from '../../domain/visits/duty';
import { visitPeriodContaining, type VisitPeriod } from '../../domain/visits/periods';
import { ACTIVE_ASSIGNMENTS } from '../../db/visits/rota';
import type { AssignmentStatus, ProgrammeStatus, VisitStatus } from '../../prisma/generated/client';
import type { DutyActivityDependencies } from '../dependencies';
import { visitorEmails } from './visitors';

/** What the workflow needs to run one period: IDs, dates and settings, nothing personal. */
export type VisitPeriodPlan =
  | {
      state: 'OPEN';
      visitId: string;
      period: VisitPeriod;
      zone: string;
      reminderDays: number[];
      responseDays: number;
      cadenceMonths: number;
    }
  | { state: 'PAUSED'; period: VisitPeriod; zone: string; cadenceMonths: number }
  | { state: 'STOPPED' };

export interface VisitSnapshot {
  visitStatus: VisitStatus;
  programmeStatus: ProgrammeStatus;
  assignments: Array<{ id: string; status: AssignmentStatus; invitedAt: string }>;
}

/** A programme's periods: opening one, looking at it, cancelling it on a pause. */
export function createVisitPeriodActivities(deps: DutyActivityDependencies) {
  const { db, clock } = deps;
  const { loadAssignment, sendCancellation } = visitorEmails(deps);
  return {
    /** Opens (or finds) the visit for a programme's period; a paused or stopped programme opens none. */
    async openVisitPeriod(input: { programmeId: string; asOf: string; periodStart?: IsoDate }): Promise<VisitPeriodPlan> {
      const programme = await db.visitProgramme.findUniqueOrThrow({
        where: { id: input.programmeId },
        include: { council: true, establishment: true },
      });
      if (programme.status === 'STOPPED' || !programme.establishment.active) return { state: 'STOPPED' };
      const zone = programme.council.timeZone;
      const cadenceMonths = programme.cadenceMonths;
      const period = input.periodStart
        ? { start: input.periodStart, end: addDays(addMonths(input.periodStart, cadenceMonths), -1) }
        : visitPeriodContaining(localDateOf(new Date(input.asOf), zone), cadenceMonths, programme.council.municipalYearStartMonth);
      if (programme.status === 'PAUSED') return { state: 'PAUSED', period, zone, cadenceMonths };
      const visit = await db.visit.upsert({
        where: { programmeId_periodStart: { programmeId: programme.id, periodStart: toDbDate(period.start) } },
        create: {
          councilId: programme.councilId,
          programmeId: programme.id,
          establishmentId: programme.establishmentId,
          periodStart: toDbDate(period.start),
          periodEnd: toDbDate(period.end),
          status: 'UNALLOCATED',
        },
        update: {},
      });
      // A visit cancelled by a pause is opened again when the programme resumes within its period.
      if (visit.status === 'CANCELLED') await db.visit.update({ where: { id: visit.id }, data: { status: 'UNALLOCATED', closedAt: null } });
      return {
        state: 'OPEN',
        visitId: visit.id,
        period,
        zone,
        reminderDays: programme.reminderDays,
        responseDays: programme.responseDays,
        cadenceMonths,
      };
    },

    async reviewVisit(visitId: string): Promise<VisitSnapshot> {
      const visit = await db.visit.findUniqueOrThrow({
        where: { id: visitId },
        include: { programme: { select: { status: true } }, assignments: { orderBy: { invitedAt: 'asc' } } },
      });
      return {
        visitStatus: visit.status,
        programmeStatus: visit.programme.status,
        assignments: visit.assignments.map((assignment) => ({
          id: assignment.id,
          status: assignment.status,
          invitedAt: assignment.invitedAt.toISOString(),
        })),
      };
    },

    /** The programme was paused: the open visit is cancelled and its visitors' calendars cleared. */
    async cancelOpenVisit(visitId: string): Promise<void> {
      const visit = await db.visit.findUniqueOrThrow({ where: { id: visitId }, include: { assignments: true } });
      if (visit.status === 'REPORTED' || visit.status === 'CANCELLED') return;
      await db.$transaction([
        db.visit.update({ where: { id: visitId }, data: { status: 'CANCELLED', closedAt: clock() } }),
        db.visitAssignment.updateMany({ where: { visitId, status: { in: ACTIVE_ASSIGNMENTS } }, data: { status: 'WITHDRAWN' } }),
      ]);
      for (const withdrawn of visit.assignments.filter((assignment) => ACTIVE_ASSIGNMENTS.includes(assignment.status))) {
        await sendCancellation(await loadAssignment(withdrawn.id), 'WITHDRAWN');
      }
    },
  };
}

/** The end of a period: a visit without a report is missed, and the officers (and, after repeats, the panel) are told. */
export function createMissedVisitActivities({ db, alertOfficers, clock }: DutyActivityDependencies) {
  /** Visits in a period nobody could be allocated to, or that ended without a report, in a row up to this one. */
  async function consecutiveMisses(establishmentId: string, upTo: Date): Promise<number> {
    const recent = await db.visit.findMany({
      where: { establishmentId, periodStart: { lte: upTo }, status: { not: 'CANCELLED' } },
      orderBy: { periodStart: 'desc' },
      take: 12,
      select: { status: true },
    });
    const firstKept = recent.findIndex((visit) => visit.status !== 'MISSED' && visit.status !== 'UNALLOCATED');
    return firstKept === -1 ? recent.length : firstKept;
  }

  /** The clerk always; after two or more misses in a row, the panel chair (while serving) and the lead members for children. */
  async function escalationRecipients(councilId: string, misses: number) {
    const panel = await db.panel.findFirst({ where: { councilId, kind: 'CYP_SCRUTINY' }, include: { chair: true } });
    const alsoTo: Array<{ address: string; name?: string | null }> = [];
    if (panel?.clerkEmail) alsoTo.push({ address: panel.clerkEmail, name: panel.clerkName });
    if (misses >= 2) {
      // A chair who has left the council is no longer told.
      if (panel?.chair && !panel.chair.leftOn) alsoTo.push({ address: panel.chair.email, name: memberDisplayName(panel.chair) });
      const leads = await db.member.findMany({
        where: { councilId, roles: { has: 'LEAD_MEMBER_CHILDREN' }, leftOn: null },
      });
      leads.forEach((lead) => alsoTo.push({ address: lead.email, name: memberDisplayName(lead) }));
    }
    return alsoTo;
  }

  return {
    /**
     * The period has ended. Without a report the visit is missed: officers and
     * the panel clerk are told; after two or more in a row, the panel chair and
     * the lead member for children too.
     */
    async closeVisitPeriod(visitId: string): Promise<{ outcome: VisitStatus; consecutiveMisses: number }> {
      await db.visit.updateMany({ where: { id: visitId, status: 'ALLOCATED' }, data: { status: 'MISSED' } });
      const visit = await db.visit.update({
        where: { id: visitId },
        data: { closedAt: clock() },
        include: { establishment: true, programme: { include: { pool: true } }, council: true },
      });
      if (visit.status !== 'MISSED' && visit.status !== 'UNALLOCATED') return { outcome: visit.status, consecutiveMisses: 0 };
      const misses = await consecutiveMisses(visit.establishmentId, visit.periodStart);
      const alsoTo = await escalationRecipients(visit.councilId, misses);
      const duty = VISIT_DUTY[visit.programme.pool.purpose];
      const period = `${formatDate(fromDbDate(visit.periodStart))} to ${formatDate(fromDbDate(visit.periodEnd))}`;
      await alertOfficers({
        councilId: visit.councilId,
        key: `visit:${visit.id}:missed`,
        alsoTo,
        alert: {
          subject: `${misses >= 2 ? `${misses} visits missed in a row` : 'Visit missed'}: ${visit.establishment.name}`,
          preview: `No ${duty.name} report was received for ${period}.`,
          paragraphs: [
            `No ${duty.name} report was received for ${visit.establishment.name} for ${period}${visit.status === 'UNALLOCATED' ? ', and nobody could be allocated to visit' : ''}.`,
            misses >= 2
              ? `This is the ${misses === 2 ? 'second' : `${misses}th`} period in a row without a visit. Please arrange a visit this month and consider whether the pool needs more members.`
              : 'If the visit took place, record the report on the visitor’s behalf; otherwise please arrange an early visit next period.',
          ],
          facts: [['Period', period]],
        },
      });
      return { outcome: visit.status, consecutiveMisses: misses };
    },
  };
}
