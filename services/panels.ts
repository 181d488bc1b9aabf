import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';

import { formatDateTime } from '../domain/calendar';
import { panelMeetingInvites, panelMeetingInvitesWorkflowId } from '../workflows/panel-meeting-invites';
import { recordAudit } from './audit';
import type { Actor, ServiceDependencies } from './context';
import { ForbiddenError, NotFoundError, parseInput } from './errors';

export const meetingIdInput = z.object({ meetingId: z.uuid({ error: 'must be a meeting id (a UUID) from `cpe meetings list`' }) });
export type MeetingIdInput = z.infer<typeof meetingIdInput>;

export interface MeetingSummary {
  id: string;
  panel: string;
  startsAt: Date;
  /** "Tuesday 19 January 2027 at 6:30pm" */
  when: string;
  location: string;
  status: string;
  invitees: number;
}

/** Upcoming and past meetings of the council's panels, soonest first. */
export async function listMeetings({ db }: ServiceDependencies, actor: Actor): Promise<MeetingSummary[]> {
  const council = await db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const meetings = await db.panelMeeting.findMany({
    where: { councilId: actor.councilId },
    orderBy: { startsAt: 'asc' },
    include: { panel: { select: { name: true, _count: { select: { distribution: true } } } } },
  });
  return meetings.map((meeting) => ({
    id: meeting.id,
    panel: meeting.panel.name,
    startsAt: meeting.startsAt,
    when: formatDateTime(meeting.startsAt, council.timeZone),
    location: meeting.location,
    status: meeting.status,
    invitees: meeting.panel._count.distribution,
  }));
}

/**
 * Sends the meeting's calendar invitation to the panel's distribution list.
 * Asking twice is harmless: the workflow ID is the meeting's, and the outbox
 * never sends the same invitation twice.
 */
export async function sendMeetingInvitations(deps: ServiceDependencies, actor: Actor, input: MeetingIdInput) {
  const { meetingId } = parseInput(meetingIdInput, input);
  if (actor.role === 'READ_ONLY') throw new ForbiddenError('Read-only officers cannot send invitations.');
  const meeting = await deps.db.panelMeeting.findFirst({ where: { id: meetingId, councilId: actor.councilId } });
  if (!meeting) throw new NotFoundError('panel meeting', meetingId);
  const workflowId = panelMeetingInvitesWorkflowId(meeting.id);
  const handle = await deps.temporal.workflow.start(panelMeetingInvites, {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [{ meetingId: meeting.id }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  await recordAudit(deps.db, actor, 'panel-meeting.invitations-sent', { type: 'PanelMeeting', id: meeting.id });
  return { workflowId, runId: handle.firstExecutionRunId };
}
