import { proxyActivities } from '@temporalio/workflow';

import type { createPanelActivities } from '../activities/reports/meetings';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

type PanelActivities = ReturnType<typeof createPanelActivities>;

const { listMeetingInvitees } = proxyActivities<PanelActivities>(dataActivityOptions);
const { sendMeetingInvite } = proxyActivities<PanelActivities>(emailActivityOptions);

export interface PanelMeetingInvitesInput {
  meetingId: string;
}

export interface PanelMeetingInvitesResult {
  sent: number;
  alreadySent: number;
  failed: number;
}

/** One workflow per SEQUENCE of the meeting's invitation: the first, then one for each move and the cancellation. */
export const panelMeetingInvitesWorkflowId = (meetingId: string, sequence = 0) =>
  sequence === 0 ? `panel-meeting-invites:${meetingId}` : `panel-meeting-invites:${meetingId}:sequence-${sequence}`;

/**
 * Sends the calendar invitation for one panel meeting, as the meeting stands
 * (its time and place, or its cancellation), to everyone on the panel's
 * distribution list.
 */
export async function panelMeetingInvites({ meetingId }: PanelMeetingInvitesInput): Promise<PanelMeetingInvitesResult> {
  const invitees = await listMeetingInvitees(meetingId);
  const results = await Promise.all(invitees.map((distributionId) => sendMeetingInvite({ meetingId, distributionId })));
  return {
    sent: results.filter((result) => result.status === 'SENT').length,
    alreadySent: results.filter((result) => result.status === 'ALREADY_SENT').length,
    failed: results.filter((result) => result.status === 'FAILED').length,
  };
}
