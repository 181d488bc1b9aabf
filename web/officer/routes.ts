import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import type { OfficerMail } from '../../services/password-links';
import { refuseUnstorableText } from '../../services/errors';
import { attentionRoutes } from './attention';
import { auditRoutes } from './audit';
import { councilRoutes } from './council';
import { emailRoutes } from './emails';
import { findingActionRoutes } from './findings/actions';
import { establishmentsRoutes } from './visits/establishments';
import { replyWithErrorPage } from './errors';
import { membersRoutes } from './members';
import { officersRoutes } from './officers';
import { panelsRoutes } from './panels';
import { passwordLinkRoutes } from './password-links';
import { sendOfficerPage } from './page';
import { pledgeRoutes } from './pledge/pledge';
import { poolsRoutes } from './visits/pools';
import { dutyRoutes } from './reports/duties';
import { meetingsRoutes } from './reports/meetings';
import { reportsRoutes } from './reports/reports';
import { loadOfficerSession, protectForms } from './session';
import { signInRoutes, type SignInPageLinks } from './sign-in';
import { courseRoutes } from './training/courses';
import { registerRoutes } from './training/registers';
import { trainingRoutes } from './training/training';
import { visitsRoutes } from './visits/visits';
import { reviewRoutes } from './findings/review';
import { html } from '../../render/html';
import { page } from '../../render/page';

/**
 * The officer pages. Every page but sign-in needs a signed-in officer, acts
 * within that officer's council (services take the session's actor), and
 * every form that changes something carries a token bound to the session.
 */
export async function officerRoutes(
  app: FastifyInstance,
  deps: ServiceDependencies & { officerMail: OfficerMail },
  links: SignInPageLinks,
): Promise<void> {
  loadOfficerSession(app, deps);
  app.setErrorHandler(replyWithErrorPage);
  // Text Postgres cannot store is refused in addresses before any page looks it up; forms' fields are checked as their services parse them.
  app.addHook('preValidation', async (request) => refuseUnstorableText(request.params, request.query));
  await app.register((signIn) => signInRoutes(signIn, deps, links));
  await app.register((passwords) => passwordLinkRoutes(passwords, deps));

  await app.register(async (signedIn) => {
    signedIn.addHook('preHandler', async (request, reply) => {
      if (request.officerSession) return;
      if (request.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      return sendOfficerPage(
        reply,
        page(
          'Signed out',
          html`<h1>You have been signed out</h1>
            <p><a href="/sign-in">Sign in again</a>, then repeat what you were doing.</p>`,
        ),
        401,
      );
    });
    protectForms(signedIn);
    for (const routes of [
      attentionRoutes,
      membersRoutes,
      panelsRoutes,
      poolsRoutes,
      establishmentsRoutes,
      visitsRoutes,
      findingActionRoutes,
      reviewRoutes,
      trainingRoutes,
      courseRoutes,
      registerRoutes,
      pledgeRoutes,
      reportsRoutes,
      dutyRoutes,
      meetingsRoutes,
      auditRoutes,
      emailRoutes,
      councilRoutes,
      officersRoutes,
    ]) {
      await signedIn.register((section) => routes(section, deps));
    }
  });
}
