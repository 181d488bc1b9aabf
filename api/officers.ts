import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import {
  changeOfficerRole,
  deactivateOfficer,
  inviteOfficer,
  listOfficers,
  officerAccount,
  reactivateOfficer,
  sendPasswordLink,
  type ChangeOfficerRoleInput,
  type InviteOfficerInput,
} from '../services/officer-accounts';
import type { IssuedPasswordLink, OfficerMail } from '../services/password-links';
import { actorOf } from './auth';

/** Whether the set-password link was emailed, and until when it works; the link itself goes only to the officer. */
const linkSent = (link: IssuedPasswordLink) => ({ emailed: link.emailed, expiresAt: link.expiresAt, emailProblem: link.emailProblem });

/** Officer accounts, for admins (the services refuse anyone else). */
export async function officerRoutes(app: FastifyInstance, deps: ServiceDependencies & { officerMail: OfficerMail }): Promise<void> {
  app.get('/officers', async (request) => listOfficers(deps, actorOf(request)));
  app.post<{ Body: InviteOfficerInput }>('/officers', async (request, reply) => {
    const { officer, link } = await inviteOfficer(deps, actorOf(request), request.body);
    return reply.status(201).send({ officer, passwordLink: linkSent(link) });
  });
  app.get<{ Params: { id: string } }>('/officers/:id', async (request) => officerAccount(deps, actorOf(request), request.params.id));
  app.patch<{ Params: { id: string }; Body: ChangeOfficerRoleInput }>('/officers/:id', async (request) =>
    changeOfficerRole(deps, actorOf(request), request.params.id, request.body),
  );
  app.post<{ Params: { id: string } }>('/officers/:id/deactivate', async (request) =>
    deactivateOfficer(deps, actorOf(request), request.params.id),
  );
  app.post<{ Params: { id: string } }>('/officers/:id/reactivate', async (request) =>
    reactivateOfficer(deps, actorOf(request), request.params.id),
  );
  app.post<{ Params: { id: string } }>('/officers/:id/password-link', async (request) =>
    linkSent(await sendPasswordLink(deps, actorOf(request), request.params.id)),
  );
}
