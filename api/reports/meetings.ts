import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { MeetingStatus } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import {
  addMeeting,
  addMeetingInput,
  cancelMeeting,
  importMeetings,
  importMeetingsInput,
  listMeetings,
  meetingAgenda,
  meetingIdInput,
  moveMeeting,
  moveMeetingInput,
  sendMeetingInvitations,
  type MoveMeetingInput,
} from '../../services/reports/meetings';
import { actorOf } from '../auth';
import { acceptCsvFiles, csvFileOf } from '../csv';
import { day, dayText, instant, instantText, text, withStartsAtText } from '../openapi/answers';
import { createRoute, listRoute, route } from '../openapi/operation';

const tag = 'Meetings';
const meetingStatus = z.enum(MeetingStatus).describe('whether the meeting goes ahead');

export const meetingTime = { startsAt: instant.describe('when the meeting starts'), startsAtText: instantText };

const meetingSummary = z.object({
  id: z.uuid(),
  panel: text("the panel's name"),
  ...meetingTime,
  location: text('where it meets'),
  status: meetingStatus,
  invitees: z.number().int().describe("how many are on the panel's distribution list"),
});

const agenda = z.object({
  panel: text("the panel's name"),
  panelKey: text("the panel's key"),
  ...meetingTime,
  location: text('where it meets'),
  status: meetingStatus,
  invited: z.boolean().describe('whether the invitations have been sent'),
  reports: z.array(
    z.object({
      reportId: z.uuid(),
      duty: text("the report duty's key"),
      title: text("the duty's title"),
      owner: text("the report's owner, for an authored report").nullable(),
      dueOn: day.nullable().describe('the last day to submit it'),
      dueOnText: dayText.nullable(),
      status: z.string().describe("the report's status, e.g. DUE, CIRCULATED"),
      late: z.boolean().describe('due, and its due day has passed'),
    }),
  ),
});

const csvFile = 'the calendar as a spreadsheet saves it: columns panel_key,date,start_time,location';

export async function meetingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A spreadsheet's CSV export of a year's calendar can be sent as it is.
  acceptCsvFiles(app);

  listRoute(
    app,
    { url: '/meetings', tag, summary: "The council's panel meetings, soonest first.", key: 'meetings', item: meetingSummary },
    async (actor) => (await listMeetings(deps, actor)).map(withStartsAtText),
  );

  createRoute<z.input<typeof addMeetingInput>>(
    app,
    {
      url: '/meetings',
      tag,
      summary: 'Add a panel meeting to the calendar; reports whose period has ended by then attach to it.',
      input: addMeetingInput,
      response: z.object({ meetingId: z.uuid(), ...meetingTime }),
    },
    async (actor, body) => withStartsAtText(await addMeeting(deps, actor, body)),
  );

  route<{ Params: { meetingId: string } }>(
    app,
    {
      method: 'GET',
      url: '/meetings/:meetingId/agenda',
      tag,
      summary: 'The reports due for a meeting, and whether each is in.',
      access: 'any officer',
      input: meetingIdInput,
      response: agenda,
    },
    async (request) => {
      const { reports, ...meeting } = await meetingAgenda(deps, actorOf(request), request.params);
      return { ...withStartsAtText(meeting), reports };
    },
  );

  route<{ Body: { csv: string } }>(
    app,
    {
      method: 'POST',
      url: '/meetings/import',
      tag,
      summary: 'Add a year of meetings from a CSV file: every row, or none when any row has a problem.',
      access: 'officers and admins',
      input: importMeetingsInput,
      csv: csvFile,
      response: z.object({ added: z.number().int().describe('meetings added') }),
    },
    async (request) => {
      const csv = csvFileOf(request);
      return importMeetings(deps, actorOf(request), csv === undefined ? { ...request.body } : { csv });
    },
  );
  meetingChangeRoutes(app, deps);
}

/** Moving, cancelling and inviting to a meeting. */
function meetingChangeRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  route<{ Params: { meetingId: string }; Body: Omit<MoveMeetingInput, 'meetingId'> }>(
    app,
    {
      method: 'POST',
      url: '/meetings/:meetingId/move',
      tag,
      summary: 'Move a meeting to another time (and place); once invited, everyone gets the updated invitation.',
      access: 'officers and admins',
      input: moveMeetingInput,
      response: z.object({
        meetingId: z.uuid(),
        ...meetingTime,
        location: text('where it meets now'),
        invitationsUpdated: z.boolean().describe('whether updated invitations are going out'),
      }),
    },
    async (request) =>
      withStartsAtText(await moveMeeting(deps, actorOf(request), { ...request.body, meetingId: request.params.meetingId })),
  );

  route<{ Params: { meetingId: string } }>(
    app,
    {
      method: 'POST',
      url: '/meetings/:meetingId/cancel',
      tag,
      summary: 'Cancel a meeting; once invited, everyone gets a cancellation that removes it from their calendars.',
      access: 'officers and admins',
      input: meetingIdInput,
      response: z.object({
        cancelled: z.literal(true),
        meetingId: z.uuid(),
        invitationsCancelled: z.boolean().describe('whether cancellations are going out'),
      }),
    },
    async (request) => ({ cancelled: true, ...(await cancelMeeting(deps, actorOf(request), request.params)) }),
  );

  route<{ Params: { meetingId: string } }>(
    app,
    {
      method: 'POST',
      url: '/meetings/:meetingId/invitations',
      tag,
      summary: "Send the meeting's calendar invitations to the panel's distribution list (asking twice sends them once).",
      access: 'officers and admins',
      input: meetingIdInput,
      status: 202,
      response: z.object({
        workflowId: text('the Temporal workflow sending them'),
        runId: text('its run'),
      }),
    },
    async (request) => sendMeetingInvitations(deps, actorOf(request), { meetingId: request.params.meetingId }),
  );
}
