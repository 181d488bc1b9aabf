import { addDays, addMonths, formatDate, fromDbDate, instantAt, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { VISIT_DUTY } from '../../domain/visits/duty';
import { ineligibilityReasons } from '../../domain/visits/eligibility';
import { completionOf, positionRulesOf } from '../../db/training/positions';
import { visitPeriodContaining, type VisitPeriod } from '../../domain/visits/periods';
import { allocateVisitors, type RotaCandidate } from '../../domain/visits/rota';
import { responseDeadline } from '../../domain/visits/timetable';
import type { Db } from '../../db/client';
import { calendarInvite } from '../../email/calendar-invite';
import { renderEmail, type EmailContent } from '../../email/layout';
import { senderIdentity } from '../../email/sender';
import { visitCancellation, visitInvitation, visitReminder, type VisitEmailContext } from '../../email/templates/visits';
import { signLink } from '../../links/signed-links';
import type { AssignmentStatus, ProgrammeStatus, VisitStatus } from '../../prisma/generated/client';
import type { AlertOfficers } from '../alerts';
import type { DeliveryResult, Outbox } from '../../email/outbox';

export interface VisitActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  mailFrom: string;
  publicBaseUrl: string;
  linkSecret: string;
  clock: () => Date;
}

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

const ACTIVE: AssignmentStatus[] = ['INVITED', 'ACCEPTED'];
/** Members may answer and report until two weeks after the period ends. */
const LINK_GRACE_DAYS = 14;

export function createVisitActivities({
  db,
  outbox,
  alertOfficers,
  mailFrom,
  publicBaseUrl,
  linkSecret,
  clock,
}: VisitActivityDependencies) {
  const loadAssignment = (assignmentId: string) =>
    db.visitAssignment.findUniqueOrThrow({
      where: { id: assignmentId },
      include: {
        member: true,
        visit: { include: { establishment: true, council: true, programme: { include: { pool: { select: { purpose: true } } } } } },
      },
    });
  type LoadedAssignment = Awaited<ReturnType<typeof loadAssignment>>;

  function emailContext(assignment: LoadedAssignment): VisitEmailContext {
    const { visit, member } = assignment;
    const periodEnd = fromDbDate(visit.periodEnd);
    const linkExpiresOn = addDays(periodEnd, LINK_GRACE_DAYS);
    const token = signLink(linkSecret, {
      purpose: 'visit',
      councilId: visit.councilId,
      subjectId: assignment.id,
      memberId: member.id,
      expiresAt: instantAt(addDays(linkExpiresOn, 1), '00:00', visit.council.timeZone),
    });
    return {
      duty: visit.programme.pool.purpose,
      councilName: visit.council.name,
      establishmentName: visit.establishment.name,
      establishmentAddress: visit.establishment.address,
      periodStart: fromDbDate(visit.periodStart),
      periodEnd,
      memberName: memberDisplayName(member),
      link: `${publicBaseUrl}/m/${token}`,
      linkExpiresOn,
    };
  }

  function visitCalendar(assignment: LoadedAssignment, method: 'REQUEST' | 'CANCEL') {
    const { visit, member } = assignment;
    const duty = VISIT_DUTY[visit.programme.pool.purpose];
    return calendarInvite({
      uid: `visit-${visit.id}-${member.id}@corporate-parenting-engine`,
      sequence: method === 'REQUEST' ? 0 : 1,
      method,
      summary: `${duty.name}: ${visit.establishment.name}`,
      description: `${duty.name} to ${visit.establishment.name} (${duty.place}), ${visit.council.name}. Visit on any day in this window and send your report afterwards.`,
      location: visit.establishment.address ?? visit.establishment.name,
      when: { allDay: true, firstDay: fromDbDate(visit.periodStart), lastDay: fromDbDate(visit.periodEnd) },
      organizer: senderIdentity(mailFrom),
      attendee: { name: memberDisplayName(member), email: member.email },
    });
  }

  /** Emails about one invitation; a member invited again after a pause gets a new round. */
  const roundKey = (assignment: { id: string; invitedAt: Date }) => `visit-assignment:${assignment.id}:${assignment.invitedAt.getTime()}`;

  const sender = (assignment: LoadedAssignment) => ({ signOff: `Democratic Services, ${assignment.visit.council.name}` });

  /** Every email to a visitor goes through here, keyed by the invitation round, so each is sent once. */
  function emailVisitor(
    assignment: LoadedAssignment,
    message: { key: string; kind: string; content: (ctx: VisitEmailContext) => EmailContent; calendar?: 'REQUEST' | 'CANCEL' },
  ): Promise<DeliveryResult> {
    const ctx = emailContext(assignment);
    return outbox.send({
      councilId: assignment.councilId,
      idempotencyKey: `${roundKey(assignment)}:${message.key}`,
      kind: message.kind,
      to: { address: assignment.member.email, name: ctx.memberName },
      email: renderEmail(message.content(ctx), sender(assignment)),
      calendar: message.calendar && visitCalendar(assignment, message.calendar),
    });
  }

  /** Removes the visit from the visitor's calendar (METHOD:CANCEL, same UID, next SEQUENCE) and says why. */
  const sendCancellation = (assignment: LoadedAssignment, because: 'DECLINED' | 'NO_ANSWER' | 'WITHDRAWN') =>
    emailVisitor(assignment, {
      key: 'cancel',
      kind: 'visit.cancel',
      content: (ctx) => visitCancellation(ctx, because),
      calendar: 'CANCEL',
    });

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

    /**
     * Tops the visit up to the programme's number of visitors with the fair
     * rota. Allocations in one pool are serialised, so homes allocated at the
     * same moment see each other's choices. A shortfall alerts the officers.
     */
    async allocateVisit(input: { visitId: string; asOf: string }): Promise<{ invited: string[]; shortfall: number }> {
      const invitedAt = new Date(input.asOf);
      const { decision, visit, invited } = await db.$transaction(async (tx) => {
        const visit = await tx.visit.findUniqueOrThrow({
          where: { id: input.visitId },
          include: { programme: { include: { pool: true } }, assignments: true, establishment: true, council: true },
        });
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${visit.programme.poolId}))`;
        const on = localDateOf(invitedAt, visit.council.timeZone);
        const active = await tx.visitAssignment.count({ where: { visitId: visit.id, status: { in: ACTIVE } } });
        const needed = visit.programme.visitorsPerVisit - active;
        if (needed <= 0 || visit.status === 'REPORTED' || visit.status === 'CANCELLED') {
          return { decision: null, visit, invited: [] as string[] };
        }
        const memberships = await tx.poolMembership.findMany({
          where: { poolId: visit.programme.poolId },
          include: {
            member: {
              include: {
                conflicts: { where: { establishmentId: visit.establishmentId } },
                trainingRecords: {
                  where: { course: { requiredForPools: { has: visit.programme.pool.purpose } } },
                  orderBy: { completedOn: 'desc' },
                  select: { courseId: true, completedOn: true, expiresOn: true, verifiedAt: true },
                },
              },
            },
          },
        });
        const requiredCourses = await tx.course.findMany({
          where: { councilId: visit.councilId, requiredForPools: { has: visit.programme.pool.purpose } },
          select: {
            id: true,
            title: true,
            renewalWindowDays: true,
            inductionWeeks: true,
            requiresOfficerVerification: true,
            renewAfterElection: true,
          },
        });
        const yearAgo = toDbDate(addMonths(on, -12));
        const memberIds = [...new Set(memberships.map((membership) => membership.memberId))];
        const history = await tx.visitAssignment.findMany({
          where: { memberId: { in: memberIds }, status: { in: ACTIVE }, visit: { periodStart: { gt: yearAgo } } },
          select: { memberId: true, visit: { select: { periodStart: true } } },
        });
        const previous = await tx.visit.findFirst({
          where: { establishmentId: visit.establishmentId, periodStart: { lt: visit.periodStart }, status: { not: 'CANCELLED' } },
          orderBy: { periodStart: 'desc' },
          include: { assignments: { where: { status: { in: ACTIVE } }, select: { memberId: true } } },
        });
        const candidates: RotaCandidate[] = memberIds.map((memberId) => {
          const spells = memberships.filter((membership) => membership.memberId === memberId);
          const member = spells[0]!.member;
          const mine = history.filter((entry) => entry.memberId === memberId).map((entry) => fromDbDate(entry.visit.periodStart));
          return {
            memberId,
            reference: member.reference,
            membership: spells.map((spell) => ({ from: fromDbDate(spell.fromDate), to: spell.toDate ? fromDbDate(spell.toDate) : null })),
            ineligibleBecause: ineligibilityReasons(
              {
                leftOn: member.leftOn ? fromDbDate(member.leftOn) : null,
                electedOn: member.electedOn ? fromDbDate(member.electedOn) : null,
                conflicts: member.conflicts.map((conflict) => ({
                  from: fromDbDate(conflict.fromDate),
                  to: conflict.toDate ? fromDbDate(conflict.toDate) : null,
                  reason: conflict.reason,
                })),
                requiredTraining: requiredCourses.map((course) => ({
                  courseTitle: course.title,
                  rules: positionRulesOf(course),
                  completions: member.trainingRecords.filter((record) => record.courseId === course.id).map(completionOf),
                })),
              },
              on,
            ),
            visitsInLast12Months: mine.length,
            lastVisitOn: mine.sort().at(-1) ?? null,
          };
        });
        const decision = allocateVisitors({
          on,
          periodEnd: fromDbDate(visit.periodEnd),
          needed,
          candidates,
          previousVisitors: previous?.assignments.map((assignment) => assignment.memberId) ?? [],
          // Members withdrawn because the programme was paused may be asked again when it resumes.
          alreadyAsked: visit.assignments
            .filter((assignment) => assignment.status !== 'WITHDRAWN')
            .map((assignment) => assignment.memberId),
        });
        const invited: string[] = [];
        for (const memberId of decision.chosen) {
          const row = await tx.visitAssignment.upsert({
            where: { visitId_memberId: { visitId: visit.id, memberId } },
            create: { councilId: visit.councilId, visitId: visit.id, memberId, invitedAt },
            update: { status: 'INVITED', invitedAt, respondedAt: null, note: null },
          });
          invited.push(row.id);
        }
        await tx.visit.update({ where: { id: visit.id }, data: { status: active + invited.length > 0 ? 'ALLOCATED' : 'UNALLOCATED' } });
        return { decision, visit, invited };
      });

      if (decision && decision.shortfall > 0) {
        const names = await db.member.findMany({ where: { id: { in: decision.passedOver.map((entry) => entry.memberId) } } });
        const duty = VISIT_DUTY[visit.programme.pool.purpose];
        await alertOfficers({
          councilId: visit.councilId,
          key: `visit:${visit.id}:shortfall:${visit.assignments.length + invited.length}`,
          alert: {
            subject: `${visit.establishment.name}: ${decision.shortfall} visitor(s) still needed for ${formatDate(fromDbDate(visit.periodStart))} to ${formatDate(fromDbDate(visit.periodEnd))}`,
            preview: `Nobody else in the ${visit.programme.pool.name} can be asked for this ${duty.name}.`,
            paragraphs: [
              `The ${duty.name} to ${visit.establishment.name} needs ${decision.shortfall} more visitor(s), and nobody else in the ${visit.programme.pool.name} can be asked.`,
              'Add members to the pool, renew their training, or record the visit on their behalf once someone has gone. Why each member was not asked:',
            ],
            facts: decision.passedOver.map((entry) => {
              const member = names.find((candidate) => candidate.id === entry.memberId);
              return [member ? memberDisplayName(member) : entry.memberId, entry.reason];
            }),
          },
        });
      }
      return { invited, shortfall: decision?.shortfall ?? 0 };
    },

    async sendVisitInvite(assignmentId: string): Promise<DeliveryResult> {
      const assignment = await loadAssignment(assignmentId);
      const answerBy = localDateOf(
        responseDeadline(assignment.invitedAt, assignment.visit.programme.responseDays, assignment.visit.council.timeZone),
      );
      return emailVisitor(assignment, {
        key: 'invite',
        kind: 'visit.invite',
        content: (ctx) => visitInvitation(ctx, answerBy),
        calendar: 'REQUEST',
      });
    },

    /** Reminds every visitor still on the visit: accepted ones to report, the rest to answer. */
    async sendVisitReminders(input: { visitId: string; slot: string; daysLeft: number }): Promise<number> {
      const assignments = await db.visitAssignment.findMany({
        where: { visitId: input.visitId, status: { in: ACTIVE } },
        select: { id: true },
      });
      for (const { id } of assignments) {
        const assignment = await loadAssignment(id);
        await emailVisitor(assignment, {
          key: `reminder:${input.slot}`,
          kind: 'visit.reminder',
          content: (ctx) => visitReminder(ctx, assignment.status as 'INVITED' | 'ACCEPTED', input.daysLeft),
        });
      }
      return assignments.length;
    },

    /**
     * Takes a visitor off the visit after a decline or no answer: removes it
     * from their calendar (METHOD:CANCEL) and tells the officers. A visitor
     * who accepted at the last moment is left alone.
     */
    async withdrawInvitation(input: { assignmentId: string; because: 'DECLINED' | 'NO_ANSWER' }): Promise<{ withdrawn: boolean }> {
      if (input.because === 'NO_ANSWER') {
        await db.visitAssignment.updateMany({ where: { id: input.assignmentId, status: 'INVITED' }, data: { status: 'LAPSED' } });
      }
      const assignment = await loadAssignment(input.assignmentId);
      if (assignment.status !== 'DECLINED' && assignment.status !== 'LAPSED') return { withdrawn: false };
      const ctx = emailContext(assignment);
      const because = assignment.status === 'DECLINED' ? 'DECLINED' : 'NO_ANSWER';
      await sendCancellation(assignment, because);
      await alertOfficers({
        councilId: assignment.councilId,
        key: `${roundKey(assignment)}:withdrawn`,
        alert: {
          subject: `${ctx.memberName} ${because === 'DECLINED' ? 'declined' : 'did not answer'}: ${ctx.establishmentName}`,
          preview: 'The visit has been offered to the next eligible member of the pool.',
          paragraphs: [
            because === 'DECLINED'
              ? `${ctx.memberName} declined the visit to ${ctx.establishmentName}${assignment.note ? `, saying: "${assignment.note}"` : ''}.`
              : `${ctx.memberName} did not accept the visit to ${ctx.establishmentName} in time.`,
            'The visit has been offered to the next eligible member of the pool; you will be told if nobody is left.',
          ],
          facts: [['Visit between', `${formatDate(ctx.periodStart)} and ${formatDate(ctx.periodEnd)}`]],
        },
      });
      return { withdrawn: true };
    },

    /** The programme was paused: the open visit is cancelled and its visitors' calendars cleared. */
    async cancelOpenVisit(visitId: string): Promise<void> {
      const visit = await db.visit.findUniqueOrThrow({ where: { id: visitId }, include: { assignments: true } });
      if (visit.status === 'REPORTED' || visit.status === 'CANCELLED') return;
      await db.$transaction([
        db.visit.update({ where: { id: visitId }, data: { status: 'CANCELLED', closedAt: clock() } }),
        db.visitAssignment.updateMany({ where: { visitId, status: { in: ACTIVE } }, data: { status: 'WITHDRAWN' } }),
      ]);
      for (const withdrawn of visit.assignments.filter((assignment) => ACTIVE.includes(assignment.status))) {
        await sendCancellation(await loadAssignment(withdrawn.id), 'WITHDRAWN');
      }
    },

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
      const panel = await db.panel.findFirst({ where: { councilId: visit.councilId, kind: 'CYP_SCRUTINY' }, include: { chair: true } });
      const alsoTo: Array<{ address: string; name?: string | null }> = [];
      if (panel?.clerkEmail) alsoTo.push({ address: panel.clerkEmail, name: panel.clerkName });
      if (misses >= 2) {
        // A chair who has left the council is no longer told.
        if (panel?.chair && !panel.chair.leftOn) alsoTo.push({ address: panel.chair.email, name: memberDisplayName(panel.chair) });
        const leads = await db.member.findMany({
          where: { councilId: visit.councilId, roles: { has: 'LEAD_MEMBER_CHILDREN' }, leftOn: null },
        });
        leads.forEach((lead) => alsoTo.push({ address: lead.email, name: memberDisplayName(lead) }));
      }
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

export type VisitActivities = ReturnType<typeof createVisitActivities>;
