import { formatDate, fromDbDate, localDateOf } from '../../domain/calendar';
import { responseDeadline } from '../../domain/visits/timetable';
import { ACTIVE_ASSIGNMENTS } from '../../db/visits/rota';
import type { DeliveryResult } from '../../email/outbox';
import { visitInvitation, visitReminder } from '../../email/templates/visits';
import type { DutyActivityDependencies } from '../dependencies';
import { roundKey, visitorEmails } from './visitors';

/** What visitors are sent: the invitation, reminders, and the cancellation when they drop out. */
export function createInvitationActivities(deps: DutyActivityDependencies) {
  const { db, alertOfficers } = deps;
  const { loadAssignment, emailContext, emailVisitor, sendCancellation } = visitorEmails(deps);
  return {
    async sendVisitInvite(assignmentId: string): Promise<DeliveryResult> {
      const assignment = await loadAssignment(assignmentId);
      const answerBy = localDateOf(
        responseDeadline(assignment.invitedAt, assignment.visit.programme.responseDays, assignment.visit.council.timeZone),
      );
      const openActions = await db.findingAction.findMany({
        where: { establishmentId: assignment.visit.establishmentId, status: 'OPEN' },
        orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
      });
      const followUp = openActions.map((action) => ({ description: action.description, dueOn: fromDbDate(action.dueOn) }));
      return emailVisitor(assignment, {
        key: 'invite',
        kind: 'visit.invite',
        content: (ctx) => visitInvitation(ctx, answerBy, followUp),
        calendar: 'REQUEST',
      });
    },

    /** Reminds every visitor still on the visit: accepted ones to report, the rest to answer. */
    async sendVisitReminders(input: { visitId: string; slot: string; daysLeft: number }): Promise<number> {
      const assignments = await db.visitAssignment.findMany({
        where: { visitId: input.visitId, status: { in: ACTIVE_ASSIGNMENTS } },
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
  };
}
