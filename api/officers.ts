import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { OfficerRole } from '../prisma/generated/client';
import type { ServiceDependencies } from '../services/context';
import {
  changeOfficerRole,
  changeOfficerRoleInput,
  deactivateOfficer,
  inviteOfficer,
  inviteOfficerInput,
  listOfficers,
  officerAccount,
  reactivateOfficer,
  sendPasswordLink,
  type ChangeOfficerRoleInput,
  type InviteOfficerInput,
} from '../services/officer-accounts';
import type { IssuedPasswordLink, OfficerMail } from '../services/password-links';
import { actorOf } from './auth';
import { instant, text, uuid } from './openapi/answers';
import { route } from './openapi/operation';

const tag = 'Officers';
const officerId = z.object({ id: uuid.describe("the officer's id, from GET /api/v1/officers") });
const role = z.enum(OfficerRole).describe('ADMIN, OFFICER or READ_ONLY');

/** Whether the set-password link was emailed, and until when it works; the link itself goes only to the officer. */
const linkSent = (link: IssuedPasswordLink) => ({ emailed: link.emailed, expiresAt: link.expiresAt, emailProblem: link.emailProblem });
const passwordLink = z.object({
  emailed: z.boolean().describe('whether the link was emailed'),
  expiresAt: instant.describe('until when the link works'),
  emailProblem: text('why it could not be emailed').optional(),
});

export const apiTokenLine = z.object({
  id: z.uuid(),
  label: text('where the token is used'),
  createdAt: instant.describe('when it was created'),
  lastUsedAt: instant.nullable().describe('when it was last used'),
});

const account = z.object({
  id: z.uuid(),
  name: text("the officer's name"),
  email: text('their work email'),
  role,
  active: z.boolean().describe('false once deactivated'),
  createdAt: instant.describe('when the account was created'),
  apiTokens: z.array(apiTokenLine).describe('their API tokens in force'),
  passwordSet: z.boolean().describe('false while an invited officer has not chosen a password'),
  lastSignedInAt: instant.nullable().describe('when they last signed in'),
});
const accountState = z.object({ id: z.uuid(), name: text("the officer's name"), active: z.boolean().describe('false once deactivated') });

/** Officer accounts, for admins (the services refuse anyone else). */
export async function officerRoutes(app: FastifyInstance, deps: ServiceDependencies & { officerMail: OfficerMail }): Promise<void> {
  route(
    app,
    { method: 'GET', url: '/officers', tag, summary: "The council's officer accounts.", access: 'admins', response: z.array(account) },
    async (request) => listOfficers(deps, actorOf(request)),
  );
  route<{ Body: InviteOfficerInput }>(
    app,
    {
      method: 'POST',
      url: '/officers',
      tag,
      summary: 'Invite an officer: they are emailed a link to choose their password.',
      access: 'admins',
      input: inviteOfficerInput,
      status: 201,
      response: z.object({
        officer: z.object({ id: z.uuid(), name: text("the officer's name"), email: text('their work email'), role }),
        passwordLink,
      }),
    },
    async (request) => {
      const { officer, link } = await inviteOfficer(deps, actorOf(request), request.body);
      return { officer, passwordLink: linkSent(link) };
    },
  );
  route<{ Params: { id: string } }>(
    app,
    { method: 'GET', url: '/officers/:id', tag, summary: 'One officer account.', access: 'admins', params: officerId, response: account },
    async (request) => officerAccount(deps, actorOf(request), request.params.id),
  );
  route<{ Params: { id: string }; Body: ChangeOfficerRoleInput }>(
    app,
    {
      method: 'PATCH',
      url: '/officers/:id',
      tag,
      summary: "Change an officer's role.",
      access: 'admins',
      params: officerId,
      input: changeOfficerRoleInput,
      response: z.object({ id: z.uuid(), name: text("the officer's name"), email: text('their work email'), role }),
    },
    async (request) => changeOfficerRole(deps, actorOf(request), request.params.id, request.body),
  );
  for (const [action, change, summary] of [
    ['deactivate', deactivateOfficer, "End an officer's access: their sessions end at once and their tokens stop working."],
    ['reactivate', reactivateOfficer, "Restore a deactivated officer's access."],
  ] as const) {
    route<{ Params: { id: string } }>(
      app,
      { method: 'POST', url: `/officers/:id/${action}`, tag, summary, access: 'admins', params: officerId, response: accountState },
      async (request) => change(deps, actorOf(request), request.params.id),
    );
  }
  route<{ Params: { id: string } }>(
    app,
    {
      method: 'POST',
      url: '/officers/:id/password-link',
      tag,
      summary: 'Email an officer a new link to set their password.',
      access: 'admins',
      params: officerId,
      response: passwordLink,
    },
    async (request) => linkSent(await sendPasswordLink(deps, actorOf(request), request.params.id)),
  );
}
