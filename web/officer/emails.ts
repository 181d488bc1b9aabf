import type { FastifyInstance } from 'fastify';

import { formatDateTime } from '../../domain/calendar';
import { html } from '../../render/html';
import { resolveFailedEmail, undeliveredEmails } from '../../services/attention';
import type { ServiceDependencies } from '../../services/context';
import { csrfField, officerPage, officerView, sendOfficerPage } from './page';

/** Emails the mail server refused: fix the address on the member's page, then mark each one dealt with. */
export async function emailRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/emails', async (request, reply) => {
    const view = officerView(request, reply);
    const failedEmails = await undeliveredEmails(deps, view.officer.actor);
    return sendOfficerPage(
      reply,
      officerPage(
        view,
        'Undelivered emails',
        html`<h1>Undelivered emails</h1>
          <p class="lead">
            The mail server refused these. Correct the address on the member’s page; the next reminder goes to the new address.
          </p>
          ${
            failedEmails.length
              ? failedEmails.map(
                  (email) =>
                    html`<section id="email-${email.id}" class="panel">
                      <h2>${email.subject}</h2>
                      <dl class="facts">
                        <dt>To</dt>
                        <dd>${email.toName ? `${email.toName} <${email.toAddress}>` : email.toAddress}</dd>
                        <dt>Written</dt>
                        <dd>${formatDateTime(email.createdAt)}</dd>
                        <dt>Why it failed</dt>
                        <dd>${email.lastError ?? 'Refused by the mail server.'}</dd>
                      </dl>
                      ${
                        email.memberReference
                          ? html`<p>
                              <a href="/members/${email.memberReference}">Check ${email.toName ?? 'the member'}’s email address</a>
                            </p>`
                          : ''
                      }
                      <form method="post" action="/emails/${email.id}/resolved">
                        ${csrfField(view)}
                        <button type="submit" class="button secondary">Mark as dealt with</button>
                      </form>
                    </section>`,
                )
              : html`<p>Every email was delivered.</p>`
          }`,
      ),
    );
  });

  app.post<{ Params: { id: string } }>('/emails/:id/resolved', async (request, reply) => {
    await resolveFailedEmail(deps, officerView(request, reply).officer.actor, request.params.id);
    return reply.redirect('/emails', 303);
  });
}
