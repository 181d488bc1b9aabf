import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { PledgeStatus } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import {
  commitmentRenewedInput,
  confirmPledge,
  confirmPledgeInput,
  eventSignaturesInput,
  pledgeOverview,
  pledgeOverviewInput,
  recordCommitmentRenewed,
  recordSignaturesAtEvent,
  type ConfirmPledgeInput,
} from '../../services/pledge/pledge';
import { actorOf } from '../auth';
import { day, dayText, instant, instantText, text } from '../openapi/answers';
import { createRoute, route } from '../openapi/operation';

const tag = 'Pledge';
const eventStartsAt = instant.describe('when the signing event starts');

/** The year's Corporate Parenting Pledge: confirm and date it, record signatures at the event, record the renewal of commitment. */
export async function pledgeRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  route<{ Querystring: { year?: string } }>(
    app,
    {
      method: 'GET',
      url: '/pledge',
      tag,
      summary: "The year's pledge campaign: its event, who has signed and who has not.",
      access: 'any officer',
      query: pledgeOverviewInput,
      response: z.object({
        version: text('the pledge\'s version, e.g. "2026/27 v1"'),
        status: z.enum(PledgeStatus).describe('DRAFT until confirmed, OPEN while members sign, CLOSED'),
        eventStartsAt: eventStartsAt.nullable(),
        eventStartsAtText: instantText.nullable(),
        eventLocation: text('where the signing event is').nullable(),
        commitmentRenewedOn: day.nullable().describe('the day Council renewed its commitment'),
        commitmentRenewedOnText: dayText.nullable(),
        signed: z.number().int().describe('serving members who have signed'),
        serving: z.number().int().describe('members serving today'),
        notSigned: z.array(z.string()).describe('the names of serving members who have not signed'),
      }),
    },
    async (request) => pledgeOverview(deps, actorOf(request), { year: request.query.year }),
  );
  route<{ Body: ConfirmPledgeInput }>(
    app,
    {
      method: 'POST',
      url: '/pledge/confirm',
      tag,
      summary: "Confirm the year's pledge and date its signing event; invitations go to every serving member.",
      access: 'officers and admins',
      input: confirmPledgeInput,
      response: z.object({ pledgeId: z.uuid(), eventStartsAt, eventStartsAtText: instantText }),
    },
    async (request) => {
      const { event, ...confirmed } = await confirmPledge(deps, actorOf(request), request.body);
      return { ...confirmed, eventStartsAtText: event };
    },
  );
  createRoute<{ memberReferences: string[]; signedAt?: string }>(
    app,
    {
      url: '/pledge/signatures',
      tag,
      summary: 'Record signatures collected at the event.',
      input: eventSignaturesInput,
      response: z.object({
        recorded: z.number().int().describe('signatures recorded'),
        alreadySigned: z.number().int().describe('members who had signed already'),
      }),
    },
    async (actor, body) => recordSignaturesAtEvent(deps, actor, body),
  );
  route<{ Body: { on: string } }>(
    app,
    {
      method: 'POST',
      url: '/pledge/commitment',
      tag,
      summary: 'Record the day Council renewed its commitment to the pledge.',
      access: 'officers and admins',
      input: commitmentRenewedInput,
      response: z.object({ recorded: z.literal(true) }),
    },
    async (request) => {
      await recordCommitmentRenewed(deps, actorOf(request), { on: request.body?.on });
      return { recorded: true };
    },
  );
}
