import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { MeetingStatus, PanelKind } from '../prisma/generated/client';
import type { ServiceDependencies } from '../services/context';
import {
  addDistributionRecipient,
  addRecipientInput,
  importDistribution,
  importDistributionInput,
  removeDistributionRecipient,
  removeRecipientInput,
  type AddRecipientInput,
} from '../services/panel-distribution';
import {
  addPanelSeat,
  createPanel,
  createPanelInput,
  editPanel,
  editPanelInput,
  electionInput,
  endPanelSeat,
  endSeatInput,
  listPanels,
  panelDetail,
  panelInput,
  recordElection,
  seatInput,
  type CreatePanelInput,
  type EditPanelInput,
} from '../services/panels';
import { actorOf } from './auth';
import { acceptCsvFiles, csvFileOf } from './csv';
import { day, memberRef, text, withStartsAtText } from './openapi/answers';
import { createRoute, listRoute, route } from './openapi/operation';
import { meetingTime } from './reports/meetings';

interface PanelParams {
  panelKey: string;
}

const tag = 'Panels';

const recipient = z.object({
  id: z.uuid(),
  name: text("the recipient's name"),
  email: text('their email address'),
  role: text('their role, e.g. "Designated nurse"').nullable(),
});

const seat = z.object({
  id: z.uuid(),
  from: day.describe('the first day of the seat'),
  to: day.nullable().describe('the last day; null while it lasts'),
});

const panelDetailAnswer = z.object({
  key: text("the panel's key"),
  name: text("the panel's name"),
  kind: z.enum(PanelKind).describe('what kind of panel'),
  chair: memberRef.nullable().describe('its chair'),
  leadMember: memberRef.nullable().describe("the lead member for children's services"),
  clerk: z.object({ name: text("the clerk's name").nullable(), email: text("the clerk's email").nullable() }),
  requiredCourses: z.array(z.object({ key: text("the course's key"), title: text("the course's title") })),
  distribution: z.array(recipient).describe('who receives its invitations and reports'),
  seats: z.array(seat.extend({ member: memberRef })).describe('its seats, latest first'),
  meetings: z
    .array(
      z.object({
        id: z.uuid(),
        ...meetingTime,
        location: text('where it meets'),
        status: z.enum(MeetingStatus).describe('whether the meeting goes ahead'),
        invited: z.boolean().describe('whether the invitations have been sent'),
      }),
    )
    .describe('its meetings, soonest first'),
});

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
export async function panelRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A spreadsheet's CSV export of a distribution list can be sent as it is.
  acceptCsvFiles(app);

  listRoute(
    app,
    {
      url: '/panels',
      tag,
      summary: "The council's panels with their chair, seats today and distribution list size.",
      key: 'panels',
      item: z.object({
        key: text("the panel's key"),
        name: text("the panel's name"),
        kind: z.enum(PanelKind).describe('what kind of panel'),
        chair: text("the chair's name").nullable(),
        seatsNow: z.number().int().describe('members with a seat today'),
        recipients: z.number().int().describe('people on its distribution list'),
      }),
    },
    (actor) => listPanels(deps, actor),
  );

  createRoute<CreatePanelInput>(
    app,
    {
      url: '/panels',
      tag,
      summary: 'Create a panel.',
      input: createPanelInput,
      response: z.object({ panel: z.object({ key: text("the panel's key"), name: text("the panel's name") }) }),
    },
    async (actor, body) => ({ panel: await createPanel(deps, actor, { ...body }) }),
  );

  route<{ Params: PanelParams }>(
    app,
    {
      method: 'GET',
      url: '/panels/:panelKey',
      tag,
      summary: 'One panel: its people, distribution list, seats (latest first), meetings (soonest first) and required courses.',
      access: 'any officer',
      input: panelInput,
      response: panelDetailAnswer,
    },
    async (request) => {
      const panel = await panelDetail(deps, actorOf(request), request.params);
      return { ...panel, meetings: panel.meetings.map(withStartsAtText) };
    },
  );

  route<{ Params: PanelParams; Body: Omit<EditPanelInput, 'panelKey'> }>(
    app,
    {
      method: 'PATCH',
      url: '/panels/:panelKey',
      tag,
      summary: "Change a panel's name, chair, clerk or lead member.",
      access: 'officers and admins',
      input: editPanelInput,
      response: z.object({ key: text("the panel's key") }),
    },
    async (request) => editPanel(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey }),
  );
  distributionRoutes(app, deps);
  seatRoutes(app, deps);
}

/** A panel's distribution list: who receives its papers. */
function distributionRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  route<{ Params: PanelParams; Body: Omit<AddRecipientInput, 'panelKey'> }>(
    app,
    {
      method: 'POST',
      url: '/panels/:panelKey/distribution',
      tag,
      summary: "Add someone to a panel's distribution list.",
      access: 'officers and admins',
      input: addRecipientInput,
      status: 201,
      response: recipient,
    },
    async (request) => addDistributionRecipient(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey }),
  );

  route<{ Params: PanelParams; Body: { csv: string } }>(
    app,
    {
      method: 'POST',
      url: '/panels/:panelKey/distribution/import',
      tag,
      summary: 'Add people to the distribution list from a CSV file (name,email,role): every row, or none when any row has a problem.',
      access: 'officers and admins',
      input: importDistributionInput,
      csv: 'the list as a spreadsheet saves it: columns name,email,role',
      response: z.object({ added: z.number().int().describe('people added'), panelName: text("the panel's name") }),
    },
    async (request) => {
      const { panelKey } = request.params;
      const csv = csvFileOf(request);
      return importDistribution(deps, actorOf(request), csv === undefined ? { ...request.body, panelKey } : { panelKey, csv });
    },
  );

  route<{ Params: PanelParams & { recipientId: string } }>(
    app,
    {
      method: 'DELETE',
      url: '/panels/:panelKey/distribution/:recipientId',
      tag,
      summary: "Remove someone from a panel's distribution list.",
      access: 'officers and admins',
      input: removeRecipientInput,
      response: z.object({ name: text('who was removed'), email: text('their email address') }),
    },
    async (request) => removeDistributionRecipient(deps, actorOf(request), request.params),
  );
}

/** Seats on panels, and the elections that end them. */
function seatRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  route<{ Params: PanelParams; Body: { memberReference: string; from: string; to?: string; confirmMissingTraining?: boolean } }>(
    app,
    {
      method: 'POST',
      url: '/panels/:panelKey/seats',
      tag,
      summary: 'Seat a member on a panel; the courses the panel requires become due.',
      description:
        'Answers 409 with `missingCourses` when the member lacks a course the panel requires, unless `confirmMissingTraining` is true.',
      access: 'officers and admins',
      input: seatInput,
      status: 201,
      response: seat,
    },
    async (request) => {
      const added = await addPanelSeat(deps, actorOf(request), { ...request.body, panelKey: request.params.panelKey });
      return { ...added, from: added.fromDate, to: added.toDate };
    },
  );

  route<{ Params: PanelParams & { memberReference: string }; Body: { on: string } }>(
    app,
    {
      method: 'POST',
      url: '/panels/:panelKey/seats/:memberReference/end',
      tag,
      summary: "End a member's seat on a panel on its last day.",
      access: 'officers and admins',
      input: endSeatInput,
      response: z.object({ ended: z.literal(true) }),
    },
    async (request) => {
      await endPanelSeat(deps, actorOf(request), { ...request.params, on: request.body?.on });
      return { ended: true };
    },
  );

  route<{ Body: { on: string; memberReferences: string[] } }>(
    app,
    {
      method: 'POST',
      url: '/elections',
      tag,
      summary: 'Record an election: courses renewed after elections become due again for the members elected.',
      access: 'officers and admins',
      input: electionInput,
      response: z.object({ members: z.number().int().describe('members whose election was recorded') }),
    },
    async (request) => recordElection(deps, actorOf(request), request.body),
  );
}
