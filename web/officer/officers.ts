import type { FastifyInstance } from 'fastify';

import { formatDateTime } from '../../domain/calendar';
import { html, type SafeHtml } from '../../render/html';
import type { ServiceDependencies } from '../../services/context';
import {
  changeOfficerRole,
  deactivateOfficer,
  inviteOfficer,
  listOfficers,
  officerAccount,
  reactivateOfficer,
  revokeApiToken,
  sendPasswordLink,
} from '../../services/officer-accounts';
import type { IssuedPasswordLink, OfficerMail } from '../../services/password-links';
import { scrollingTable } from '../pages/table';
import { formRoute, formState, postForm, selectInput, textInput, type FormState } from './forms';
import { csrfField, officerPage, officerView, ROLE_LABELS, sendOfficerPage, type OfficerView } from './page';

const LABELS = { name: 'Name', email: 'Work email address', role: 'Role' };
const ROLE_CHOICES = [
  { value: 'OFFICER', label: 'Officer: records and changes everything but accounts' },
  { value: 'READ_ONLY', label: 'Read-only: sees everything, changes nothing' },
  { value: 'ADMIN', label: 'Admin: also manages officer accounts and the council’s settings' },
];

type Officers = Awaited<ReturnType<typeof listOfficers>>;

const officerPath = (id: string) => `/officers/${id}`;

/** A one-button form that changes something about an officer or a token. */
const actionButton = (view: OfficerView, action: string, label: string, secondary = true) =>
  html`<form method="post" action="${action}" class="inline">
    ${csrfField(view)}<button type="submit" class="button${secondary ? ' secondary' : ''}">${label}</button>
  </form>`;

function linkNotice(name: string, link: IssuedPasswordLink): string {
  return link.emailed
    ? `${name} has been emailed a link to choose a password. It works once, until ${formatDateTime(link.expiresAt)}.`
    : `The email to ${name} could not be sent (${link.emailProblem}). Try “Send a set-password link” again later.`;
}

function status(officer: Officers[number]): SafeHtml {
  if (!officer.active) return html`<span class="tag muted">Deactivated</span>`;
  if (!officer.passwordSet) return html`<span class="tag warning">Invited; no password yet</span>`;
  return html`<span class="tag ok">Active</span>`;
}

function officersPage(view: OfficerView, officers: Officers, forms: { invite?: FormState; notice?: string; problem?: string } = {}) {
  const invite = forms.invite ?? formState({ role: 'OFFICER' });
  return officerPage(
    view,
    'Officers',
    html`${forms.notice ? html`<div class="panel" role="status">${forms.notice}</div>` : ''}
      <h1>Officers</h1>
      <p class="lead">Everyone who can sign in to the council’s corporate parenting pages, and their API tokens.</p>
      ${scrollingTable({
        caption: 'The council’s officers',
        captionHidden: true,
        headings: ['Officer', 'Role', 'Account', 'Last signed in', 'API tokens'],
        rows: officers.map(
          (officer) =>
            html`<tr>
              <th scope="row"><a href="${officerPath(officer.id)}">${officer.name}</a><br />${officer.email}</th>
              <td>${ROLE_LABELS[officer.role]}</td>
              <td>${status(officer)}</td>
              <td>${officer.lastSignedInAt ? formatDateTime(officer.lastSignedInAt) : 'Never'}</td>
              <td>${officer.apiTokens.length}</td>
            </tr>`,
        ),
      })}
      <section aria-labelledby="invite">
        <h2 id="invite">Invite an officer</h2>
        <p>They are emailed a link to choose their password. It works once, for 72 hours.</p>
        ${postForm(
          view,
          { action: '/officers', state: invite, labels: LABELS },
          html`${textInput(invite, { name: 'name', label: LABELS.name })}
            ${textInput(invite, { name: 'email', label: LABELS.email, type: 'email', inputmode: 'email' })}
            ${selectInput(invite, { name: 'role', label: LABELS.role, choices: ROLE_CHOICES })}
            <button type="submit" class="button">Send the invitation</button>`,
        )}
      </section>`,
  );
}

function officerDetailPage(view: OfficerView, officer: Officers[number], forms: { role?: FormState; notice?: string } = {}) {
  const role = forms.role ?? formState({ role: officer.role });
  return officerPage(
    view,
    officer.name,
    html`<p><a href="/officers">All officers</a></p>
      ${forms.notice ? html`<div class="panel" role="status">${forms.notice}</div>` : ''}
      <h1>${officer.name}</h1>
      <dl class="facts">
        <dt>Email</dt>
        <dd>${officer.email}</dd>
        <dt>Account</dt>
        <dd>${status(officer)}</dd>
        <dt>Last signed in</dt>
        <dd>${officer.lastSignedInAt ? formatDateTime(officer.lastSignedInAt) : 'Never'}</dd>
        <dt>Added</dt>
        <dd>${formatDateTime(officer.createdAt)}</dd>
      </dl>
      <h2>Role</h2>
      ${postForm(
        view,
        { action: `${officerPath(officer.id)}/role`, state: role, labels: LABELS },
        html`${selectInput(role, { name: 'role', label: LABELS.role, choices: ROLE_CHOICES })}
          <button type="submit" class="button">Change the role</button>`,
      )}
      <h2>Account</h2>
      ${
        officer.active
          ? html`<p>Deactivating ends all their sessions at once; they cannot sign in or use their API tokens until reactivated.</p>
              ${actionButton(view, `${officerPath(officer.id)}/password-link`, 'Send a set-password link')}
              ${actionButton(view, `${officerPath(officer.id)}/deactivate`, 'Deactivate the account')}`
          : actionButton(view, `${officerPath(officer.id)}/reactivate`, 'Reactivate the account')
      }
      <h2>API tokens</h2>
      ${scrollingTable({
        caption: `${officer.name}’s API tokens`,
        captionHidden: true,
        headings: ['Label', 'Created', 'Last used', html`<span class="visually-hidden">Action</span>`],
        empty: 'No API tokens in force.',
        rows: officer.apiTokens.map(
          (token) =>
            html`<tr>
              <th scope="row">${token.label}</th>
              <td>${formatDateTime(token.createdAt)}</td>
              <td>${token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</td>
              <td>${actionButton(view, `/api-tokens/${token.id}/revoke`, 'Revoke')}</td>
            </tr>`,
        ),
      })}`,
  );
}

const NOTICES: Record<string, string> = {
  role: 'The role is changed.',
  deactivated: 'The account is deactivated and its sessions have ended.',
  reactivated: 'The account is active again.',
  revoked: 'The token is revoked: the API refuses it from now on.',
};

/** Officer accounts (admins only): invite, change role, deactivate and reactivate, send set-password links, revoke API tokens. */
export async function officersRoutes(app: FastifyInstance, deps: ServiceDependencies & { officerMail: OfficerMail }): Promise<void> {
  const officerOf = (view: OfficerView, id: string) => officerAccount(deps, view.officer.actor, id);

  app.get<{ Querystring: { done?: string } }>('/officers', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(
      reply,
      officersPage(view, await listOfficers(deps, view.officer.actor), { notice: NOTICES[request.query.done ?? ''] }),
    );
  });

  formRoute(app, '/officers', {
    change: async (view, fields, _request, reply) => {
      const { officer, link } = await inviteOfficer(deps, view.officer.actor, {
        name: fields.name,
        email: fields.email,
        role: fields.role as 'OFFICER' /* the schema checks it */,
      });
      const officers = await listOfficers(deps, view.officer.actor);
      return sendOfficerPage(reply, officersPage(view, officers, { notice: linkNotice(officer.name, link) }));
    },
    refused: async (view, fields, _request, problems) =>
      officersPage(view, await listOfficers(deps, view.officer.actor), { invite: formState(fields, problems) }),
    conflictField: 'email',
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/officers/:id', async (request, reply) => {
    const view = officerView(request, reply);
    const officer = await officerOf(view, request.params.id);
    return sendOfficerPage(reply, officerDetailPage(view, officer, { notice: NOTICES[request.query.done ?? ''] }));
  });

  formRoute<{ id: string }>(app, '/officers/:id/role', {
    change: async (view, fields, request, reply) => {
      await changeOfficerRole(deps, view.officer.actor, request.params.id, { role: fields.role as 'OFFICER' });
      return reply.redirect(`${officerPath(request.params.id)}?done=role`, 303);
    },
    refused: async (view, fields, request, problems) =>
      officerDetailPage(view, await officerOf(view, request.params.id), { role: formState(fields, problems) }),
    conflictField: 'role',
  });

  app.post<{ Params: { id: string } }>('/officers/:id/deactivate', async (request, reply) => {
    await deactivateOfficer(deps, officerView(request, reply).officer.actor, request.params.id);
    return reply.redirect(`${officerPath(request.params.id)}?done=deactivated`, 303);
  });

  app.post<{ Params: { id: string } }>('/officers/:id/reactivate', async (request, reply) => {
    await reactivateOfficer(deps, officerView(request, reply).officer.actor, request.params.id);
    return reply.redirect(`${officerPath(request.params.id)}?done=reactivated`, 303);
  });

  app.post<{ Params: { id: string } }>('/officers/:id/password-link', async (request, reply) => {
    const view = officerView(request, reply);
    const link = await sendPasswordLink(deps, view.officer.actor, request.params.id);
    const officer = await officerOf(view, request.params.id);
    return sendOfficerPage(reply, officerDetailPage(view, officer, { notice: linkNotice(officer.name, link) }));
  });

  app.post<{ Params: { id: string } }>('/api-tokens/:id/revoke', async (request, reply) => {
    const view = officerView(request, reply);
    const token = await revokeApiToken(deps, view.officer.actor, request.params.id);
    return reply.redirect(view.officer.actor.role === 'ADMIN' ? `${officerPath(token.officerId)}?done=revoked` : '/', 303);
  });
}
