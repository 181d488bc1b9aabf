import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { PoolPurpose } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import {
  endPoolMembership,
  endPoolMembershipInput,
  importPoolMembers,
  importPoolMembersInput,
  listPools,
  poolMembers,
  poolMembersInput,
  registerPool,
  registerPoolInput,
  type EndPoolMembershipInput,
  type RegisterPoolInput,
} from '../../services/visits/pools';
import { actorOf } from '../auth';
import { acceptCsvFiles, csvFileOf } from '../csv';
import { day, text } from '../openapi/answers';
import { createRoute, listRoute, route } from '../openapi/operation';

interface PoolParams {
  poolKey: string;
}

const tag = 'Pools';

const pool = z.object({
  key: text("the pool's key"),
  name: text("the pool's name"),
  purpose: z.enum(PoolPurpose).describe("REG33_HOMES: visits to children's homes; REC41_OFFICES: visits to social work offices"),
  approvedBy: text('the body that agreed the pool, e.g. "Cabinet"'),
  approvedOn: day.describe('the day it was agreed'),
});
const poolSummary = pool.extend({ membersNow: z.number().int().describe('members in the pool today') });
const spell = z.object({
  from: day.describe('their first day in the pool'),
  to: day.nullable().describe('their last day; null while open'),
});

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
export async function poolRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A spreadsheet's CSV export can be sent as it is.
  acceptCsvFiles(app);

  listRoute(
    app,
    { url: '/pools', tag, summary: "The council's visiting pools, with how many members each has today.", key: 'pools', item: poolSummary },
    (actor) => listPools(deps, actor),
  );

  createRoute<RegisterPoolInput>(
    app,
    {
      url: '/pools',
      tag,
      summary: 'Register a pool agreed by Cabinet (or another body); members are added by import.',
      input: registerPoolInput,
      response: z.object({ pool: poolSummary }),
    },
    async (actor, body) => ({ pool: await registerPool(deps, actor, { ...body }) }),
  );

  route<{ Params: PoolParams; Querystring: { on?: string } }>(
    app,
    {
      method: 'GET',
      url: '/pools/:poolKey/members',
      tag,
      summary: "A pool's members and their spells, and who is in it on a day (today unless ?on= is given).",
      access: 'any officer',
      query: poolMembersInput,
      response: z.object({
        pool,
        on: day.describe('the day asked about'),
        members: z.array(
          z.object({
            reference: text("the member's reference"),
            name: text("the member's name as shown"),
            email: text('email address'),
            inPool: z.boolean().describe('whether a spell covers the day asked about'),
            spells: z.array(spell),
          }),
        ),
      }),
    },
    async (request) => poolMembers(deps, actorOf(request), { poolKey: request.params.poolKey, on: request.query.on }),
  );

  route<{ Params: PoolParams; Body: { csv: string } }>(
    app,
    {
      method: 'POST',
      url: '/pools/:poolKey/members/import',
      tag,
      summary: 'Add members to a pool from a CSV file (member_reference,email,from,to): every row, or none when any row has a problem.',
      access: 'officers and admins',
      input: importPoolMembersInput,
      csv: 'the file as a spreadsheet saves it: columns member_reference,email,from,to',
      response: z.object({ added: z.number().int().describe('spells added'), poolName: text("the pool's name") }),
    },
    async (request) => {
      const { poolKey } = request.params;
      const csv = csvFileOf(request);
      return importPoolMembers(deps, actorOf(request), csv === undefined ? { ...request.body, poolKey } : { poolKey, csv });
    },
  );

  route<{ Params: PoolParams & { memberReference: string }; Body: Pick<EndPoolMembershipInput, 'on'> }>(
    app,
    {
      method: 'POST',
      url: '/pools/:poolKey/members/:memberReference/end',
      tag,
      summary: "End a member's open spell in a pool on their last day.",
      access: 'officers and admins',
      input: endPoolMembershipInput,
      response: spell.extend({
        member: text("the member's name as shown"),
        reference: text("the member's reference"),
        pool: text("the pool's name"),
      }),
    },
    async (request) => endPoolMembership(deps, actorOf(request), { ...request.body, ...request.params }),
  );
}
