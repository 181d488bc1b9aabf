import type { FastifyReply, FastifyRequest } from 'fastify';

import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { OfficerSession } from '../../services/officer-auth';
import { formToken } from './session';

/** What every officer page needs: who is signed in, and a form token for its forms. */
export interface OfficerView {
  officer: OfficerSession;
  csrfToken: string;
  /** The path of this page, for the navigation's current item. */
  path: string;
}

export function officerView(request: FastifyRequest, reply: FastifyReply): OfficerView {
  if (!request.officerSession) throw new Error('Officer page reached without a session');
  return { officer: request.officerSession, csrfToken: formToken(request, reply), path: request.url.split('?')[0]! };
}

export const SECTIONS = [
  { href: '/', label: 'Needs attention' },
  { href: '/members', label: 'Members' },
  { href: '/panels', label: 'Panels' },
  { href: '/pools', label: 'Pools' },
  { href: '/establishments', label: 'Homes and offices' },
  { href: '/findings/actions', label: 'Actions' },
  { href: '/training', label: 'Training' },
  { href: '/pledge', label: 'Pledge' },
  { href: '/reports', label: 'Reports' },
  { href: '/audit', label: 'Audit log' },
] as const;

/** Sections only admins see in the navigation. */
export const ADMIN_SECTIONS = [
  { href: '/council', label: 'Council settings' },
  { href: '/officers', label: 'Officers' },
] as const;

const sectionsFor = (role: string) => (role === 'ADMIN' ? [...SECTIONS, ...ADMIN_SECTIONS] : [...SECTIONS]);

export const ROLE_LABELS = { ADMIN: 'admin', OFFICER: 'officer', READ_ONLY: 'read-only' } as const;

const currentSection = (path: string) =>
  [...SECTIONS, ...ADMIN_SECTIONS]
    .reverse()
    .find((section) => (section.href === '/' ? path === '/' : path === section.href || path.startsWith(`${section.href}/`)));

/** The hidden field every officer form carries; the server refuses a change without it. */
export const csrfField = (view: OfficerView): SafeHtml => html`<input type="hidden" name="_csrf" value="${view.csrfToken}" />`;

/** An officer page: the council and officer, sign-out, and the sections, above the page's own content. */
export function officerPage(view: OfficerView, title: string, body: SafeHtml): SafeHtml {
  const current = currentSection(view.path);
  const { officer } = view;
  return page(
    `${title} – ${officer.councilName}`,
    body,
    html`<div class="site">
        <a href="/">${officer.councilName}: corporate parenting</a>
        <span class="who">
          ${officer.officerName} (${ROLE_LABELS[officer.actor.role]})
          <form method="post" action="/sign-out">${csrfField(view)}<button type="submit">Sign out</button></form>
        </span>
      </div>
      <nav class="sections" aria-label="Sections">
        <ul>
          ${sectionsFor(officer.actor.role).map(
            (section) =>
              html`<li><a href="${section.href}" ${section === current ? html`aria-current="page"` : ''}>${section.label}</a></li>`,
          )}
        </ul>
      </nav>`,
  );
}

/** Officer pages show personal data: never cached by the browser or a proxy. */
export function sendOfficerPage(reply: FastifyReply, body: SafeHtml, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body.value);
}
