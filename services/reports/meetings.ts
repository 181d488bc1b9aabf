import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';

import { formatDate, formatDateTime, fromDbDate, instantAt, localDateOf } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import type { Prisma } from '../../prisma/generated/client';
import { panelMeetingInvites, panelMeetingInvitesWorkflowId } from '../../workflows/panel-meeting-invites';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { csvFileSchema, readCsvRows, rejectIfProblems, rowField, type CsvFile } from '../csv-import';
import { ConflictError, NotFoundError, parseInput } from '../errors';
import { panelOf } from '../panels';

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

/** The meeting by id within the actor's council: another council's meeting is simply not found. */
async function meetingOf(db: Prisma.TransactionClient, actor: Actor, meetingId: string) {
  const meeting = await db.panelMeeting.findFirst({
    where: { id: meetingId, councilId: actor.councilId },
    include: { panel: { select: { key: true, name: true, council: { select: { timeZone: true } } } } },
  });
  if (!meeting) throw new NotFoundError('panel meeting', meetingId);
  return meeting;
}

/**
 * Sends the invitation as the meeting now stands (its time, place and
 * SEQUENCE, or its cancellation) to the panel's distribution list. Each
 * SEQUENCE has its own workflow, and the outbox keys each message by it, so
 * asking twice is harmless.
 */
async function sendInvitationAsItStands(deps: ServiceDependencies, meeting: { id: string; sequence: number }) {
  const workflowId = panelMeetingInvitesWorkflowId(meeting.id, meeting.sequence);
  const handle = await deps.temporal.workflow.start(panelMeetingInvites, {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [{ meetingId: meeting.id }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

/** Sends the meeting's calendar invitation to the panel's distribution list; from then on a move or the cancellation is sent too. */
export async function sendMeetingInvitations(deps: ServiceDependencies, actor: Actor, input: MeetingIdInput) {
  const { meetingId } = parseInput(meetingIdInput, input);
  requireWriter(actor, 'send invitations');
  const meeting = await meetingOf(deps.db, actor, meetingId);
  if (meeting.status === 'CANCELLED')
    throw new ConflictError(`The ${meeting.panel.name} meeting is cancelled; there is nothing to invite people to.`);
  if (!meeting.invitedAt) await deps.db.panelMeeting.update({ where: { id: meeting.id }, data: { invitedAt: deps.clock() } });
  const started = await sendInvitationAsItStands(deps, meeting);
  await recordAudit(deps.db, actor, 'panel-meeting.invitations-sent', { type: 'PanelMeeting', id: meeting.id });
  return started;
}

const timeSchema = z
  .string({ error: 'give the time written HH:MM (24-hour), e.g. 18:30' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time written HH:MM (24-hour), e.g. 18:30' });
const locationSchema = z.string({ error: 'say where the meeting is' }).trim().min(3, 'say where the meeting is').max(200);

export const addMeetingInput = z.object({
  panelKey: z.string({ error: 'name the panel, e.g. cyp-scrutiny' }).trim().min(1, 'name the panel, e.g. cyp-scrutiny'),
  date: isoDateSchema,
  time: timeSchema,
  location: locationSchema,
});

/** Adds a panel meeting to the calendar; reports whose period has ended by then attach to it. */
export async function addMeeting(deps: ServiceDependencies, actor: Actor, input: z.input<typeof addMeetingInput>) {
  const values = parseInput(addMeetingInput, input);
  requireWriter(actor, 'change the meeting calendar');
  const panel = await panelOf(deps.db, actor, values.panelKey);
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
  return { meetingId: meeting.id, startsAt, when: formatDateTime(startsAt, council.timeZone) };
}

export const moveMeetingInput = z.object({
  meetingId: meetingIdInput.shape.meetingId,
  date: isoDateSchema,
  time: timeSchema,
  /** Left out, the meeting stays where it was. */
  location: locationSchema.optional(),
});
export type MoveMeetingInput = z.input<typeof moveMeetingInput>;

/** Refuses a change to a cancelled meeting, and a time at which the panel already meets. */
async function refuseClash(
  db: Prisma.TransactionClient,
  meeting: { id: string; panelId: string; status: string; panel: { name: string } },
  startsAt: Date,
  zone: string,
) {
  if (meeting.status === 'CANCELLED') throw new ConflictError(`The ${meeting.panel.name} meeting is cancelled; add a new meeting instead.`);
  const other = await db.panelMeeting.findUnique({ where: { panelId_startsAt: { panelId: meeting.panelId, startsAt } } });
  if (other && other.id !== meeting.id)
    throw new ConflictError(`The ${meeting.panel.name} already meets at ${formatDateTime(startsAt, zone)}.`);
}

/**
 * Moves a meeting to another time (and place). Once invitations have gone,
 * the invitees get the updated invitation: same UID, higher SEQUENCE.
 */
export async function moveMeeting(deps: ServiceDependencies, actor: Actor, input: MoveMeetingInput) {
  const values = parseInput(moveMeetingInput, input);
  requireWriter(actor, 'change the meeting calendar');
  const meeting = await meetingOf(deps.db, actor, values.meetingId);
  const zone = meeting.panel.council.timeZone;
  const startsAt = instantAt(values.date, values.time, zone);
  await refuseClash(deps.db, meeting, startsAt, zone);
  const moved = await deps.db.$transaction(async (tx) => {
    const updated = await tx.panelMeeting.update({
      where: { id: meeting.id },
      data: { startsAt, location: values.location ?? meeting.location, sequence: { increment: 1 } },
    });
    const details = {
      from: meeting.startsAt.toISOString(),
      to: startsAt.toISOString(),
      location: updated.location,
      sequence: updated.sequence,
    };
    await recordAudit(tx, actor, 'meeting.moved', { type: 'PanelMeeting', id: meeting.id }, details);
    return updated;
  });
  if (meeting.invitedAt) await sendInvitationAsItStands(deps, moved);
  return {
    meetingId: meeting.id,
    startsAt,
    when: formatDateTime(startsAt, zone),
    location: moved.location,
    invitationsUpdated: meeting.invitedAt !== null,
  };
}

/**
 * Cancels a meeting; reports attached to it move to the next meeting when
 * produced again. Once invitations have gone, the invitees get the
 * cancellation: same UID, higher SEQUENCE, METHOD:CANCEL.
 */
export async function cancelMeeting(deps: ServiceDependencies, actor: Actor, input: MeetingIdInput) {
  const { meetingId } = parseInput(meetingIdInput, input);
  requireWriter(actor, 'change the meeting calendar');
  const meeting = await meetingOf(deps.db, actor, meetingId);
  if (meeting.status === 'CANCELLED') throw new ConflictError(`The ${meeting.panel.name} meeting is already cancelled.`);
  const cancelled = await deps.db.$transaction(async (tx) => {
    const updated = await tx.panelMeeting.update({ where: { id: meeting.id }, data: { status: 'CANCELLED', sequence: { increment: 1 } } });
    await recordAudit(tx, actor, 'meeting.cancelled', { type: 'PanelMeeting', id: meeting.id }, { sequence: updated.sequence });
    return updated;
  });
  if (meeting.invitedAt) await sendInvitationAsItStands(deps, cancelled);
  return { meetingId: meeting.id, invitationsCancelled: meeting.invitedAt !== null };
}

// ───────────────────────────── a year's calendar from a file ─────────────────────────────

export const MEETING_COLUMNS = ['panel_key', 'date', 'start_time', 'location'] as const;

/** One row of a calendar file: one meeting. */
export const meetingRow = z.object({
  panel_key: addMeetingInput.shape.panelKey,
  date: isoDateSchema,
  start_time: timeSchema,
  location: locationSchema,
});

export const importMeetingsInput = z.object({
  csv: csvFileSchema(MEETING_COLUMNS),
});
export type ImportMeetingsInput = z.infer<typeof importMeetingsInput>;

interface NewMeeting {
  row: number;
  panel: { id: string; key: string; name: string };
  startsAt: Date;
  when: string;
  location: string;
}

/** The file's rows checked against the panels, each other and the calendar: the meetings to add, or every problem by row. */
async function meetingsToAdd(db: Prisma.TransactionClient, actor: Actor, csv: CsvFile): Promise<NewMeeting[]> {
  const { rows, problems } = readCsvRows(csv, meetingRow, MEETING_COLUMNS);
  const { timeZone } = await db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const panels = await db.panel.findMany({
    where: { councilId: actor.councilId, key: { in: rows.map(({ data }) => data.panel_key) } },
    select: { id: true, key: true, name: true, meetings: { select: { startsAt: true } } },
  });
  const byKey = new Map(panels.map((panel) => [panel.key, panel]));
  const taken = new Map(panels.flatMap((panel) => panel.meetings.map((meeting) => [`${panel.id}@${meeting.startsAt.toISOString()}`, 0])));
  const meetings: NewMeeting[] = [];
  for (const { row, data } of rows) {
    const panel = byKey.get(data.panel_key);
    if (!panel) {
      problems.push({
        field: rowField(row, 'panel_key'),
        message: `names no panel of this council; see the keys with \`cpe panels list\``,
      });
      continue;
    }
    const startsAt = instantAt(data.date, data.start_time, timeZone);
    const when = formatDateTime(startsAt, timeZone);
    const slot = `${panel.id}@${startsAt.toISOString()}`;
    const clash = taken.get(slot);
    if (clash !== undefined) {
      const where = clash === 0 ? 'is already in the calendar' : `is already row ${clash}`;
      problems.push({ field: rowField(row, 'date'), message: `the ${panel.name} meeting at ${when} ${where}; remove the row` });
      continue;
    }
    taken.set(slot, row);
    meetings.push({ row, panel: { id: panel.id, key: panel.key, name: panel.name }, startsAt, when, location: data.location });
  }
  rejectIfProblems(problems);
  return meetings;
}

/** What importing a calendar file would add; nothing is written. */
export async function previewMeetingsImport(deps: ServiceDependencies, actor: Actor, input: ImportMeetingsInput) {
  const { csv } = parseInput(importMeetingsInput, input);
  requireWriter(actor, 'change the meeting calendar');
  return (await meetingsToAdd(deps.db, actor, csv)).map(({ row, panel, when, location }) => ({ row, panel: panel.name, when, location }));
}

/** Adds every meeting in a calendar file (e.g. a municipal year's), or none when any row has a problem. */
export async function importMeetings(deps: ServiceDependencies, actor: Actor, input: ImportMeetingsInput) {
  const { csv } = parseInput(importMeetingsInput, input);
  requireWriter(actor, 'change the meeting calendar');
  const added = await deps.db.$transaction(async (tx) => {
    const meetings = await meetingsToAdd(tx, actor, csv);
    await tx.panelMeeting.createMany({
      data: meetings.map(({ panel, startsAt, location }) => ({ councilId: actor.councilId, panelId: panel.id, startsAt, location })),
    });
    await recordAudit(tx, actor, 'meetings.imported', { type: 'Council', id: actor.councilId }, { added: meetings.length });
    return meetings.length;
  });
  return { added };
}

/** What a meeting is waiting for: each report attached to it, its due date and whether it is in. */
export async function meetingAgenda(deps: ServiceDependencies, actor: Actor, input: MeetingIdInput) {
  const { meetingId } = parseInput(meetingIdInput, input);
  const meeting = await deps.db.panelMeeting.findFirst({
    where: { id: meetingId, councilId: actor.councilId },
    include: {
      panel: { select: { key: true, name: true } },
      reports: { include: { duty: { select: { key: true, title: true, ownerName: true } } }, orderBy: { dueOn: 'asc' } },
    },
  });
  if (!meeting) throw new NotFoundError('panel meeting', meetingId);
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId }, select: { timeZone: true } });
  const today = localDateOf(deps.clock(), council.timeZone);
  return {
    panel: meeting.panel.name,
    panelKey: meeting.panel.key,
    startsAt: meeting.startsAt,
    when: formatDateTime(meeting.startsAt, council.timeZone),
    location: meeting.location,
    status: meeting.status,
    invited: meeting.invitedAt !== null,
    reports: meeting.reports.map((report) => ({
      reportId: report.id,
      duty: report.duty.key,
      title: report.duty.title,
      owner: report.duty.ownerName,
      dueOn: report.dueOn && fromDbDate(report.dueOn),
      dueOnText: report.dueOn ? formatDate(fromDbDate(report.dueOn)) : null,
      status: report.status,
      late: report.status === 'DUE' && report.dueOn !== null && fromDbDate(report.dueOn) < today,
    })),
  };
}
