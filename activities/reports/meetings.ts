import { formatDateTime } from '../../domain/calendar';
import type { Db } from '../../db/client';
import { calendarInvite } from '../../email/calendar-invite';
import { renderEmail } from '../../email/layout';
import { senderIdentity } from '../../email/sender';
import type { DeliveryResult, Outbox } from '../../email/outbox';

const MEETING_LENGTH_MS = 2 * 60 * 60 * 1000;

export interface PanelActivityDependencies {
  db: Db;
  outbox: Outbox;
  mailFrom: string;
}

export function createPanelActivities({ db, outbox, mailFrom }: PanelActivityDependencies) {
  return {
    /** IDs of the distribution entries to invite: the workflow never sees their addresses. */
    async listMeetingInvitees(meetingId: string): Promise<string[]> {
      const meeting = await db.panelMeeting.findUniqueOrThrow({
        where: { id: meetingId },
        select: { panel: { select: { distribution: { select: { id: true }, orderBy: { email: 'asc' } } } } },
      });
      return meeting.panel.distribution.map((entry) => entry.id);
    },

    /**
     * One calendar message for a panel meeting to one person on the panel's
     * distribution list, as the meeting stands: the invitation, an updated
     * invitation after a move (same UID, higher SEQUENCE), or the
     * cancellation. The outbox key names the SEQUENCE, so each version goes
     * once, however many workflows ask for it.
     */
    async sendMeetingInvite(input: { meetingId: string; distributionId: string }): Promise<DeliveryResult> {
      const meeting = await db.panelMeeting.findUniqueOrThrow({
        where: { id: input.meetingId },
        include: { panel: { include: { council: true } } },
      });
      const recipient = await db.panelDistribution.findFirstOrThrow({ where: { id: input.distributionId, panelId: meeting.panelId } });
      const { panel } = meeting;
      const zone = panel.council.timeZone;
      const when = formatDateTime(meeting.startsAt, zone);
      const cancelled = meeting.status === 'CANCELLED';
      // The first invitation keeps the key it has always had, so invitations sent before moves existed are not sent again.
      const version = cancelled ? 'cancel' : meeting.sequence > 0 ? `invite-${meeting.sequence}` : 'invite';
      const idempotencyKey = `panel-meeting:${meeting.id}:${version}:${recipient.id}`;
      // "Moved" only to someone who was sent an earlier version; someone added to the list since gets a plain invitation.
      const sentBefore = await db.notification.count({
        where: {
          councilId: panel.councilId,
          idempotencyKey: { startsWith: `panel-meeting:${meeting.id}:`, endsWith: `:${recipient.id}`, not: idempotencyKey },
          status: 'SENT',
        },
      });
      const moved = !cancelled && sentBefore > 0;
      const email = renderEmail(
        {
          subject: `${cancelled ? 'Cancelled: ' : moved ? 'Moved: ' : ''}${panel.name}: ${when}`,
          preview: cancelled
            ? `The ${panel.name} meeting on ${when} is cancelled.`
            : `${panel.name} meets on ${when} at ${meeting.location}.`,
          greeting: `Dear ${recipient.name},`,
          paragraphs: cancelled
            ? [
                `The meeting of the ${panel.name} on ${when} is cancelled. The calendar message attached to this email takes it out of your diary.`,
              ]
            : [
                moved
                  ? `The meeting of the ${panel.name} has moved; it is now on ${when} at ${meeting.location}. The calendar invitation attached to this email updates your diary.`
                  : `You are invited to the meeting of the ${panel.name}. The calendar invitation attached to this email adds it to your diary.`,
                'Papers are published five working days before the meeting.',
              ],
          facts: [
            ['When', when],
            ['Where', meeting.location],
          ],
          footnote: `You receive this because you are on the ${panel.name} distribution list.`,
        },
        { signOff: `Democratic Services, ${panel.council.name}` },
      );
      return outbox.send({
        councilId: panel.councilId,
        idempotencyKey,
        kind: cancelled ? 'panel.meeting-cancelled' : 'panel.meeting-invite',
        to: { address: recipient.email, name: recipient.name },
        email,
        calendar: calendarInvite({
          uid: `panel-meeting-${meeting.id}@corporate-parenting-engine`,
          sequence: meeting.sequence,
          method: cancelled ? 'CANCEL' : 'REQUEST',
          summary: panel.name,
          description: `Meeting of the ${panel.name}, ${panel.council.name}.`,
          location: meeting.location,
          when: { allDay: false, start: meeting.startsAt, end: new Date(meeting.startsAt.getTime() + MEETING_LENGTH_MS) },
          organizer: senderIdentity(mailFrom),
          attendee: { name: recipient.name, email: recipient.email },
        }),
      });
    },
  };
}
