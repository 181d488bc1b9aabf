import { fromDbDate } from '../../domain/calendar';
import type { CampaignSettings } from '../../domain/pledge/campaign';
import { addWorkingDays } from '../../domain/working-days';
import { pledgeChase, pledgeEventReminder, pledgeInvitation } from '../../email/templates/pledge';
import type { Pledge } from '../../prisma/generated/client';
import { pledgeContext } from './context';
import type { DutyActivityDependencies } from '../dependencies';

/** The officers are reminded this many working days before the first ordinary Council meeting. */
export const COMMITMENT_NOTICE_WORKING_DAYS = 10;

/** The signing campaign: its settings, invitations, event reminders and chasing. */
export function createPledgeCampaignActivities(deps: DutyActivityDependencies) {
  const { db } = deps;
  const { loadPledge, yearOf, emailMember, nonSigners, today } = pledgeContext(deps);
  return {
    async loadPledgeCampaign(
      pledgeId: string,
    ): Promise<{ status: Pledge['status']; settings: Omit<CampaignSettings, 'eventStartsAt'> & { eventStartsAt: string } }> {
      const pledge = await loadPledge(pledgeId);
      const meeting = pledge.firstCouncilMeetingOn ? fromDbDate(pledge.firstCouncilMeetingOn) : null;
      return {
        status: pledge.status === 'OPEN' && !pledge.eventStartsAt ? 'DRAFT' : pledge.status,
        settings: {
          eventStartsAt: (pledge.eventStartsAt ?? new Date(0)).toISOString(),
          eventReminderDays: pledge.eventReminderDays,
          chaseEveryDays: pledge.chaseEveryDays,
          chaseRounds: pledge.chaseRounds,
          firstCouncilMeetingOn: meeting,
          commitmentReminderOn: meeting && addWorkingDays(meeting, -COMMITMENT_NOTICE_WORKING_DAYS),
          yearEnd: yearOf(pledge).end,
          zone: pledge.council.timeZone,
        },
      };
    },

    /** Invites every serving member not yet invited and not yet signed: at the start, and whenever someone joins. */
    async invitePledgeMembers(input: { pledgeId: string; asOf: string }): Promise<number> {
      const pledge = await loadPledge(input.pledgeId);
      const day = today(pledge, input.asOf);
      // A PENDING invitation was never confirmed sent (a retry after an outage or a crash): it is sent again, and the outbox keeps it to once.
      const invited = await db.notification.findMany({
        where: {
          councilId: pledge.councilId,
          idempotencyKey: { startsWith: `pledge:${pledge.id}:invite:` },
          status: { not: 'PENDING' },
        },
        select: { idempotencyKey: true },
      });
      const already = new Set(invited.map((row) => row.idempotencyKey.split(':').at(-1)));
      const members = await nonSigners(pledge, day);
      const eventAhead = pledge.eventStartsAt !== null && pledge.eventStartsAt.getTime() > new Date(input.asOf).getTime();
      let sent = 0;
      for (const member of members.filter((candidate) => !already.has(candidate.id))) {
        await emailMember(pledge, member, 'invite', 'pledge.invite', (ctx) => pledgeInvitation(ctx, eventAhead), eventAhead);
        sent += 1;
      }
      return sent;
    },

    /** Reminds members who have neither signed nor said they cannot come. */
    async remindPledgeEvent(input: { pledgeId: string; daysBefore: number; asOf: string }): Promise<number> {
      const pledge = await loadPledge(input.pledgeId);
      const members = await nonSigners(pledge, today(pledge, input.asOf));
      const declined = new Set(
        (await db.pledgeRsvp.findMany({ where: { pledgeId: pledge.id, attending: false } })).map((rsvp) => rsvp.memberId),
      );
      const toRemind = members.filter((member) => !declined.has(member.id));
      for (const member of toRemind) {
        await emailMember(pledge, member, `event-${input.daysBefore}d`, 'pledge.event-reminder', (ctx) =>
          pledgeEventReminder(ctx, input.daysBefore),
        );
      }
      return toRemind.length;
    },

    async chasePledgeSigners(input: { pledgeId: string; round: number; asOf: string }): Promise<number> {
      const pledge = await loadPledge(input.pledgeId);
      const members = await nonSigners(pledge, today(pledge, input.asOf));
      for (const member of members)
        await emailMember(pledge, member, `chase-${input.round}`, 'pledge.chase', (ctx) => pledgeChase(ctx, input.round));
      return members.length;
    },
  };
}
