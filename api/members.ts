import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { MemberRole } from '../prisma/generated/client';
import type { ServiceDependencies } from '../services/context';
import { parseInput } from '../services/errors';
import {
  importMembers,
  importMembersInput,
  listMembers,
  memberLeftInput,
  recordMemberLeft,
  registerMember,
  registerMemberInput,
  updateMember,
  updateMemberInput,
  type ImportMembersInput,
  type MemberLeftInput,
  type RegisterMemberInput,
  type UpdateMemberInput,
} from '../services/members';
import { actorOf } from './auth';
import { acceptCsvFiles, csvFileOf } from './csv';
import { day, text } from './openapi/answers';
import { createRoute, route } from './openapi/operation';

/** The list's query arrives as text; `includeLeft` is read as a yes or no, and the service checks the date. */
const listQuery = z.object({
  on: z.string().optional().describe('the day to list those serving on (YYYY-MM-DD); today when left out'),
  includeLeft: z
    .stringbool({ error: 'must be true or false, e.g. ?includeLeft=true' })
    .optional()
    .describe('true to list those who have left too'),
});

interface MemberParams {
  reference: string;
}

const tag = 'Members';

/** A member as the API gives one. */
export const memberEntry = z.object({
  reference: text("the council's reference for the member"),
  name: text('how the member is addressed, e.g. "Councillor Sam Jones"'),
  givenName: text('given name'),
  familyName: text('family name'),
  email: text('email address'),
  ward: text('ward').nullable(),
  party: text('party or group').nullable(),
  roles: z.array(z.enum(MemberRole)).describe('their roles'),
  joinedOn: day.describe('the day they joined'),
  electedOn: day.nullable().describe('the day they were last elected'),
  leftOn: day.nullable().describe('the day they left, from which they no longer serve; null while they serve'),
});

const csvFile = 'the member list as a spreadsheet or committee system saves it, UTF-8 or Windows-1252';

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
/** The council's members: who serves, registering and changing them, leavers, and imports from a committee system. */
export async function memberRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A committee system's CSV export can be sent as it is.
  acceptCsvFiles(app);

  route(
    app,
    {
      method: 'GET',
      url: '/members',
      tag,
      summary: 'Members serving on a day (today unless ?on= is given), or everyone with ?includeLeft=true.',
      access: 'any officer',
      query: listQuery,
      response: z.object({
        on: day.describe('the day listed'),
        members: z.array(memberEntry.extend({ serving: z.boolean().describe('whether they serve on the day listed') })),
      }),
    },
    async (request) => listMembers(deps, actorOf(request), parseInput(listQuery, request.query)),
  );

  createRoute<RegisterMemberInput>(
    app,
    {
      url: '/members',
      tag,
      summary: 'Register a member; their training and the live pledge campaign pick them up.',
      input: registerMemberInput,
      response: z.object({ member: memberEntry }),
    },
    async (actor, body) => ({ member: await registerMember(deps, actor, { ...body }) }),
  );

  route<{ Body: ImportMembersInput }>(
    app,
    {
      method: 'POST',
      url: '/members/import',
      tag,
      summary: 'Add and update members from a CSV file: every row, or none when any row has a problem.',
      access: 'officers and admins',
      input: importMembersInput,
      csv: csvFile,
      response: z.object({ added: z.number().int().describe('members added'), updated: z.number().int().describe('members updated') }),
    },
    async (request) => {
      const csv = csvFileOf(request);
      return importMembers(deps, actorOf(request), csv === undefined ? request.body : { csv });
    },
  );

  route<{ Params: MemberParams; Body: Omit<UpdateMemberInput, 'reference'> }>(
    app,
    {
      method: 'PATCH',
      url: '/members/:reference',
      tag,
      summary: "Change a member's details: only the fields given change; null clears a ward, party or election date.",
      access: 'officers and admins',
      input: updateMemberInput,
      response: z.object({ member: memberEntry, changed: z.array(z.string()).describe('the fields whose values changed') }),
    },
    async (request) => updateMember(deps, actorOf(request), { ...request.body, reference: request.params.reference }),
  );

  route<{ Params: MemberParams; Body: Pick<MemberLeftInput, 'leftOn'> }>(
    app,
    {
      method: 'POST',
      url: '/members/:reference/left',
      tag,
      summary: 'Record that a member leaves: their pool spells and panel seats end that day.',
      access: 'officers and admins',
      input: memberLeftInput,
      response: z.object({
        member: memberEntry,
        poolSpellsEnded: z.number().int().describe('pool spells ended or removed'),
        seatsEnded: z.number().int().describe('panel seats ended or removed'),
      }),
    },
    async (request) => recordMemberLeft(deps, actorOf(request), { ...request.body, reference: request.params.reference }),
  );
}
