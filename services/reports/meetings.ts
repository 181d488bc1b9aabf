import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';

import { formatDate, formatDateTime, fromDbDate, instantAt, isoDateSchema, localDateOf } from '../../domain/calendar';
import { panelMeetingInvites, panelMeetingInvitesWorkflowId } from '../../workflows/panel-meeting-invites';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { ConflictError, NotFoundError, parseInput } from '../errors';

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
  requireWriter(actor, 'send invitations');
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

export const addMeetingInput = z.object({
  panelKey: z.string({ error: 'name the panel, e.g. cyp-scrutiny' }).trim().min(1, 'name the panel, e.g. cyp-scrutiny'),
  date: isoDateSchema,
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time written HH:MM (24-hour), e.g. 18:30' }),
  location: z.string({ error: 'say where the meeting is' }).trim().min(3, 'say where the meeting is').max(200),
});

/** Adds a panel meeting to the calendar; reports whose period has ended by then attach to it. */
export async function addMeeting(deps: ServiceDependencies, actor: Actor, input: z.input<typeof addMeetingInput>) {
  const values = parseInput(addMeetingInput, input);
  requireWriter(actor, 'change the meeting calendar');
  const panel = await deps.db.panel.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.panelKey } } });
  if (!panel) throw new NotFoundError('panel', values.panelKey);
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const startsAt = instantAt(values.date, values.time, council.timeZone);
  const existing = await deps.db.panelMeeting.findUnique({ where: { panelId_startsAt: { panelId: panel.id, startsAt } } });
  if (existing) throw new ConflictError(`The ${panel.name} already meets at ${formatDateTime(startsAt, council.timeZone)}.`);
  const meeting = await deps.db.panelMeeting.create({
    data: { councilId: actor.councilId, panelId: panel.id, startsAt, location: values.location },
  });
  await recordAudit(
    deps.db,
    actor,
    'meeting.added',
    { type: 'PanelMeeting', id: meeting.id },
    { panel: panel.key, startsAt: startsAt.toISOString() },
  );
  return { meetingId: meeting.id, when: formatDateTime(startsAt, council.timeZone) };
}

/** Cancels a meeting; reports attached to it move to the next meeting when produced again. */
export async function cancelMeeting(deps: ServiceDependencies, actor: Actor, input: MeetingIdInput) {
  const { meetingId } = parseInput(meetingIdInput, input);
  requireWriter(actor, 'change the meeting calendar');
  const meeting = await deps.db.panelMeeting.findFirst({ where: { id: meetingId, councilId: actor.councilId } });
  if (!meeting) throw new NotFoundError('panel meeting', meetingId);
  await deps.db.panelMeeting.update({ where: { id: meeting.id }, data: { status: 'CANCELLED' } });
  await recordAudit(deps.db, actor, 'meeting.cancelled', { type: 'PanelMeeting', id: meeting.id });
}

/** What a meeting is waiting for: each report attached to it, its due date and whether it is in. */
export async function meetingAgenda(deps: ServiceDependencies, actor: Actor, input: MeetingIdInput) {
  const { meetingId } = parseInput(meetingIdInput, input);
  const meeting = await deps.db.panelMeeting.findFirst({
    where: { id: meetingId, councilId: actor.councilId },
    include: {
      panel: { select: { name: true } },
      reports: { include: { duty: { select: { key: true, title: true, ownerName: true } } }, orderBy: { dueOn: 'asc' } },
    },
  });
  if (!meeting) throw new NotFoundError('panel meeting', meetingId);
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const today = localDateOf(deps.clock(), council.timeZone);
  return {
    panel: meeting.panel.name,
    when: formatDateTime(meeting.startsAt, council.timeZone),
    status: meeting.status,
    reports: meeting.reports.map((report) => ({
      reportId: report.id,
      duty: report.duty.key,
      title: report.duty.title,
      owner: report.duty.ownerName,
      dueOn: report.dueOn ? formatDate(fromDbDate(report.dueOn)) : null,
      status: report.status,
      late: report.status === 'DUE' && report.dueOn !== null && fromDbDate(report.dueOn) < today,
    })),
  };
}
