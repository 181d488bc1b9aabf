import { addDays, formatDate, instantAt, localDateOf, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import type { TrainingPosition, TrainingState } from '../../domain/training/position';
import { describeReasons, PANEL_NAMES } from '../../domain/training/requirements';
import type { Db } from '../../db/client';
import { positionOnCourse, trainingMemberInclude } from '../../db/training/positions';
import { renderEmail } from '../../email/layout';
import { trainingLapsedNotice, trainingReminder, type TrainingEmailContext } from '../../email/templates/training';
import { signLink } from '../../links/signed-links';
import type { AlertOfficers } from '../alerts';
import type { Outbox } from '../../email/outbox';

export interface TrainingActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  publicBaseUrl: string;
  linkSecret: string;
}

/** A member has this long after the due date to confirm they completed it through the emailed link. */
const CONFIRM_GRACE_DAYS = 60;

interface TrainingTarget {
  memberId: string;
  courseId: string;
  dueBy: IsoDate;
  /** Workflow time: what "today" is for this step. */
  asOf: string;
}

export function createTrainingActivities({ db, outbox, alertOfficers, publicBaseUrl, linkSecret }: TrainingActivityDependencies) {
  async function load(memberId: string, courseId: string) {
    const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, include: { ...trainingMemberInclude, council: true } });
    const course = await db.course.findUniqueOrThrow({ where: { id: courseId } });
    const records = await db.trainingRecord.findMany({ where: { memberId, courseId } });
    return { member, course, records };
  }

  async function context(target: TrainingTarget) {
    const { member, course, records } = await load(target.memberId, target.courseId);
    const today = localDateOf(new Date(target.asOf), member.council.timeZone);
    const { requirement } = positionOnCourse(member, course, records, today);
    const linkExpiresOn = addDays(target.dueBy > today ? target.dueBy : today, CONFIRM_GRACE_DAYS);
    const token = signLink(linkSecret, {
      purpose: 'training',
      councilId: member.councilId,
      subjectId: course.id,
      memberId: member.id,
      expiresAt: instantAt(addDays(linkExpiresOn, 1), '00:00', member.council.timeZone),
    });
    const ctx: TrainingEmailContext = {
      councilName: member.council.name,
      memberName: memberDisplayName(member),
      courseTitle: course.title,
      dueBy: target.dueBy,
      because: describeReasons(requirement?.because ?? [], 'you'),
      confirmLink: `${publicBaseUrl}/t/${token}`,
      linkExpiresOn,
    };
    return { member, course, ctx, requirement, today };
  }

  const key = (target: TrainingTarget, step: string) => `training:${target.memberId}:${target.courseId}:${target.dueBy}:${step}`;
  const sender = (councilName: string) => ({ signOff: `Democratic Services, ${councilName}` });

  return {
    /** Where a member stands on a course now: the workflow plans its timers from this. */
    async reviewTraining(input: {
      memberId: string;
      courseId: string;
      asOf: string;
    }): Promise<{ position: TrainingPosition; reminderDays: number[]; zone: string }> {
      const { member, course, records } = await load(input.memberId, input.courseId);
      const on = localDateOf(new Date(input.asOf), member.council.timeZone);
      return {
        position: positionOnCourse(member, course, records, on).position,
        reminderDays: course.reminderDays,
        zone: member.council.timeZone,
      };
    },

    async remindMemberAboutTraining(input: TrainingTarget & { daysBefore: number; step: string }) {
      const { member, course, ctx } = await context(input);
      const firstTime = !(await db.trainingRecord.count({ where: { memberId: member.id, courseId: course.id } }));
      return outbox.send({
        councilId: member.councilId,
        idempotencyKey: key(input, `remind:${input.step}`),
        kind: 'training.reminder',
        to: { address: member.email, name: ctx.memberName },
        email: renderEmail(trainingReminder(ctx, firstTime ? 'FIRST_TIME' : 'RENEWAL', input.daysBefore), sender(ctx.councilName)),
      });
    },

    /** The member has been reminded to no avail: a renewal is days away, or an induction deadline passed. */
    async alertOfficersAboutTraining(input: TrainingTarget & { state: TrainingState }) {
      const { member, ctx, requirement } = await context(input);
      const missedInduction = input.state === 'NEVER_DONE';
      await alertOfficers({
        councilId: member.councilId,
        key: key(input, 'officers'),
        alert: {
          subject: missedInduction
            ? `${ctx.memberName} missed the deadline for ${ctx.courseTitle}`
            : `${ctx.memberName}: ${ctx.courseTitle} expires on ${formatDate(input.dueBy)}`,
          preview: missedInduction ? `It was due by ${formatDate(input.dueBy)}.` : 'Reminders have gone unanswered.',
          paragraphs: [
            missedInduction
              ? `${ctx.memberName} has not completed ${ctx.courseTitle}, which was due by ${formatDate(input.dueBy)}, despite reminders.`
              : `${ctx.memberName} has not renewed ${ctx.courseTitle}, which expires on ${formatDate(input.dueBy)}, despite reminders.`,
            'Please contact them to book a session, or record it if they have done it.',
          ],
          facts: [['Needed because', `${ctx.memberName} ${describeReasons(requirement?.because ?? [], 'they')}`]],
        },
      });
    },

    /**
     * The course has lapsed: the member and the officers are told, and the
     * officers see the panel seats and pools that require it. The visit rota
     * stops allocating from the same records without being told.
     */
    async noteTrainingLapsed(input: TrainingTarget) {
      const { member, course, ctx, today } = await context(input);
      await outbox.send({
        councilId: member.councilId,
        idempotencyKey: key(input, 'lapsed'),
        kind: 'training.lapsed',
        to: { address: member.email, name: ctx.memberName },
        email: renderEmail(trainingLapsedNotice(ctx), sender(ctx.councilName)),
      });
      const current = (spell: { fromDate: Date; toDate: Date | null }) =>
        spell.fromDate.toISOString().slice(0, 10) <= today && (!spell.toDate || spell.toDate.toISOString().slice(0, 10) >= today);
      const seats = member.panelSeats.filter((seat) => current(seat) && course.requiredForPanels.includes(seat.panel.kind));
      const pools = member.poolMemberships.filter(
        (membership) => current(membership) && course.requiredForPools.includes(membership.pool.purpose),
      );
      await alertOfficers({
        councilId: member.councilId,
        key: key(input, 'lapsed-officers'),
        alert: {
          subject: `${ctx.courseTitle} lapsed: ${ctx.memberName}`,
          preview: `Valid until ${formatDate(input.dueBy)}; ${seats.length} panel seat(s) need review.`,
          paragraphs: [
            `${ctx.memberName}'s ${ctx.courseTitle} was valid until ${formatDate(input.dueBy)} and has lapsed.`,
            seats.length
              ? 'They hold panel seats that require it: please review them with the panel chair until it is renewed.'
              : 'They hold no panel seat that requires it.',
            pools.length ? 'They will not be allocated visits from the pools below until it is renewed.' : '',
          ].filter(Boolean),
          facts: [
            ...seats.map((seat): [string, string] => ['Seat', `${seat.panel.name} (${PANEL_NAMES[seat.panel.kind]})`]),
            ...pools.map((membership): [string, string] => ['Pool', membership.pool.name]),
          ],
        },
      });
    },
  };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
