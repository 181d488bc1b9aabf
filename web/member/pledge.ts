import type { FastifyInstance } from 'fastify';

import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { ConflictError, InputError, type FieldProblem } from '../../services/errors';
import { answerPledgeInvitation, pledgePageForMember, signPledgeOnline } from '../../services/pledge/pledge';
import { answerLinkProblems, sendMemberPage } from './pages';
import { errorSummary } from '../pages/layout';

type PledgePage = Awaited<ReturnType<typeof pledgePageForMember>>;

const NOTICES: Record<string, string> = {
  yes: 'Thank you: we look forward to seeing you at the signing.',
  no: 'Thank you for letting us know. You can sign online below whenever you are ready.',
  signed: 'Thank you for signing the Corporate Parenting Pledge.',
};

function pledgePage(
  view: PledgePage,
  options: { action: string; notice?: string; problems?: FieldProblem[]; typedName?: string },
): SafeHtml {
  const rsvp =
    view.event?.ahead && view.open
      ? html`<h2>The signing event</h2>
          <p>${view.event.when}${view.event.where ? html`, ${view.event.where}` : ''}.</p>
          <p>${view.attending === null ? 'Will you come?' : view.attending ? 'You said you will come.' : 'You said you cannot come.'}</p>
          <form method="post" action="${options.action}/rsvp" class="inline">
            <input type="hidden" name="attending" value="yes" /><button type="submit" class="button">I will attend</button>
          </form>
          <form method="post" action="${options.action}/rsvp" class="inline">
            <input type="hidden" name="attending" value="no" /><button type="submit" class="button secondary">I cannot attend</button>
          </form>`
      : '';
  const signing = view.signed
    ? html`<div class="panel">
        <h2>You signed this pledge</h2>
        <p>${view.signed.on}${view.signed.method === 'AT_EVENT' ? ', at the signing event' : ', online'}.</p>
      </div>`
    : view.open
      ? html`<form method="post" action="${options.action}/sign" novalidate>
          <h2>Sign online</h2>
          <label for="typedName">Type your name to sign: ${view.memberName.replace(/^Councillor /, '')}</label>
          <input type="text" id="typedName" name="typedName" autocomplete="name" value="${options.typedName ?? ''}" required />
          <button type="submit" class="button">Sign the pledge</button>
        </form>`
      : html`<p>This pledge is no longer open for signing.</p>`;
  return page(
    'Corporate Parenting Pledge',
    html`<h1>Corporate Parenting Pledge ${view.yearLabel}</h1>
      <p class="lead">${view.memberName}, ${view.councilName}</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      ${errorSummary(options.problems ?? [], { id: (field) => field, label: () => 'Your name' })}
      <blockquote class="pledge">${view.text.split('\n').map((line) => html`${line}<br />`)}</blockquote>
      ${signing} ${rsvp}`,
  );
}

/**
 * The page behind a member's pledge links: read the pledge, reply to the
 * invitation, and sign online. GET only shows; replies and signatures are
 * POSTs followed by a redirect.
 */
export async function memberPledgeRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  answerLinkProblems(app);

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/p/:token', async (request, reply) => {
    const view = await pledgePageForMember(deps, request.params.token);
    return sendMemberPage(
      reply,
      200,
      pledgePage(view, { action: `/p/${request.params.token}`, notice: NOTICES[request.query.done ?? ''] }),
    );
  });

  app.post<{ Params: { token: string }; Body: { attending?: string } | undefined }>('/p/:token/rsvp', async (request, reply) => {
    const attending = request.body?.attending === 'yes';
    await answerPledgeInvitation(deps, request.params.token, attending);
    return reply.redirect(`/p/${request.params.token}?done=${attending ? 'yes' : 'no'}`, 303);
  });

  app.post<{ Params: { token: string }; Body: { typedName?: string } | undefined }>('/p/:token/sign', async (request, reply) => {
    const typedName = request.body?.typedName ?? '';
    try {
      await signPledgeOnline(deps, request.params.token, { typedName });
    } catch (error) {
      if (!(error instanceof InputError) && !(error instanceof ConflictError)) throw error;
      const view = await pledgePageForMember(deps, request.params.token);
      // A second signature is refused politely: the page shows the first, with a note.
      const problems = error instanceof InputError ? error.problems : [];
      const notice = error instanceof ConflictError ? error.message : undefined;
      return sendMemberPage(
        reply,
        error instanceof InputError ? 400 : 409,
        pledgePage(view, { action: `/p/${request.params.token}`, problems, notice, typedName }),
      );
    }
    return reply.redirect(`/p/${request.params.token}?done=signed`, 303);
  });
}
