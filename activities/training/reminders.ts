import { formatDate, localDateOf } from '../../domain/calendar';
import type { TrainingPosition, TrainingState } from '../../domain/training/position';
import { describeReasons } from '../../domain/training/requirements';
import { positionOnCourse } from '../../db/training/positions';
import { renderEmail } from '../../email/layout';
import { trainingReminder } from '../../email/templates/training';
import { trainingContext, type TrainingTarget } from './context';
import type { DutyActivityDependencies } from '../dependencies';

/** Where a member stands on a course, the reminders before it is due, and the officers' alert when they go unanswered. */
export function createTrainingReminderActivities(deps: DutyActivityDependencies) {
  const { outbox, alertOfficers } = deps;
  const { load, context, key, sender } = trainingContext(deps);
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
      const { member, records, ctx } = await context(input);
      const firstTime = records.length === 0;
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
  };
}
