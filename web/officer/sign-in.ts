import type { FastifyInstance } from 'fastify';

import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { InputError } from '../../services/errors';
import { signIn, signOut } from '../../services/officer-auth';
import type { OfficerMail } from '../../services/password-links';
import { formErrors, formFields, formState, selectInput, textInput, type FormState } from './forms';
import { sendOfficerPage } from './page';
import { oidcSignInRoutes } from './oidc-sign-in';
import { endSessionCookie, formToken, protectForms, startSessionCookie } from './session';

const LABELS = { council: 'Council', email: 'Email address', password: 'Password' };

export interface CouncilChoice {
  slug: string;
  name: string;
  /** Whether its officers can sign in through the council's own identity provider. */
  identityProvider: boolean;
}

/** The councils an officer chooses from when signing in or asking for a password link. */
export const councilChoices = async (db: ServiceDependencies['db']): Promise<CouncilChoice[]> =>
  (await db.council.findMany({ orderBy: { name: 'asc' }, select: { slug: true, name: true, oidcIssuer: true } })).map(
    ({ oidcIssuer, ...council }) => ({ ...council, identityProvider: oidcIssuer !== null }),
  );

/** The council a sign-in form names: the only one there is, or the one chosen. */
export const chosenCouncil = (choices: CouncilChoice[], fields: { council?: string }): string | undefined =>
  choices.length === 1 ? choices[0]!.slug : fields.council;

/** Which council (a list only when there are several) and the officer's work email, as the sign-in forms ask. */
export function councilAndEmailInputs(state: FormState, councils: CouncilChoice[]): SafeHtml {
  return html`${
    councils.length === 1
      ? html`<input type="hidden" name="council" value="${councils[0]!.slug}" />
          <p>${councils[0]!.name}</p>`
      : selectInput(state, {
          name: 'council',
          label: LABELS.council,
          choices: councils.map((council) => ({ value: council.slug, label: council.name })),
          blank: 'Choose your council',
        })
  }
  ${textInput(state, { name: 'email', label: LABELS.email, type: 'email', autocomplete: 'username' })}`;
}

/**
 * Only a path on this site: "//evil.example" and absolute addresses are not
 * followed after sign-in, and neither is anything a Location header cannot
 * carry (addresses the site makes are percent-encoded ASCII).
 */
const safeNext = (next: string | undefined) => (next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/');

/**
 * A button per council whose officers can sign in through its identity
 * provider; the password form follows. Links, not forms: the pages' content
 * policy lets a form lead only to this site, and this one leads to the provider.
 */
function identityProviderButtons(councils: CouncilChoice[], next: string): SafeHtml {
  const providers = councils.filter((council) => council.identityProvider);
  if (!providers.length) return html``;
  return html`${providers.map(
      (council) =>
        html`<p>
          <a class="button" href="/sign-in/oidc/start?council=${encodeURIComponent(council.slug)}&next=${encodeURIComponent(next)}"
            >Sign in with ${council.name}’s account</a
          >
        </p>`,
    )}
    <h2>Or with a password</h2>`;
}

function signInPage(councils: CouncilChoice[], state: FormState, form: { csrfToken: string; next: string; links: SignInPageLinks }) {
  const { csrfToken, next, links } = form;
  return page(
    'Sign in',
    html`<h1>Sign in</h1>
      <p class="lead">For officers of the council's democratic services and children's services.</p>
      ${identityProviderButtons(councils, next)} ${formErrors(state, LABELS)}
      <form method="post" action="/sign-in" novalidate>
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        <input type="hidden" name="next" value="${next}" />
        ${councilAndEmailInputs(state, councils)}
        ${textInput(state, { name: 'password', label: LABELS.password, type: 'password', autocomplete: 'current-password' })}
        <button type="submit" class="button">Sign in</button>
      </form>
      <p><a href="/forgot-password">Forgot your password?</a></p>
      ${
        links.temporalUi || links.mailInbox
          ? html`<h2>On this local stack</h2>
              <ul>
                ${links.mailInbox ? html`<li><a href="${links.mailInbox}">Mail inbox</a>: every email the engine sends</li>` : ''}
                ${links.temporalUi ? html`<li><a href="${links.temporalUi}">Temporal UI</a>: every workflow and its history</li>` : ''}
                <li><a href="/healthz">Health check</a>; the officer API is at <code>/api/v1</code></li>
              </ul>`
          : ''
      }`,
  );
}

/** Links shown under the sign-in form on the local stack; absent in production. */
export interface SignInPageLinks {
  temporalUi?: string;
  mailInbox?: string;
}

export async function signInRoutes(
  app: FastifyInstance,
  deps: ServiceDependencies & { officerMail: OfficerMail },
  links: SignInPageLinks,
): Promise<void> {
  protectForms(app);
  await oidcSignInRoutes(app, deps, safeNext);
  const councils = () => councilChoices(deps.db);

  app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    if (request.officerSession) return reply.redirect(safeNext(request.query.next), 303);
    return sendOfficerPage(
      reply,
      signInPage(await councils(), formState(), { csrfToken: formToken(request, reply), next: safeNext(request.query.next), links }),
    );
  });

  app.post('/sign-in', async (request, reply) => {
    const fields = formFields(request.body);
    const choices = await councils();
    // With one council the page offers no choice (it is a hidden field), so the form cannot name a wrong one.
    const council = chosenCouncil(choices, fields);
    try {
      const { token } = await signIn(deps.db, { council, email: fields.email, password: fields.password }, deps.clock());
      startSessionCookie(reply, token);
      return reply.redirect(safeNext(fields.next), 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const state = formState({ council, email: fields.email }, error.problems);
      return sendOfficerPage(
        reply,
        signInPage(choices, state, { csrfToken: formToken(request, reply), next: safeNext(fields.next), links }),
        400,
      );
    }
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.officerSession) await signOut(deps.db, request.officerSession, deps.clock());
    endSessionCookie(reply);
    return reply.redirect('/sign-in', 303);
  });
}
