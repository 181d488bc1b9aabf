import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { InputError } from '../../services/errors';
import {
  PASSWORD_LINK_HOURS,
  passwordLinkState,
  PasswordLinkRefusedError,
  requestPasswordReset,
  setPasswordWithLink,
  type OfficerMail,
} from '../../services/password-links';
import { formErrors, formFields, formState, textInput, type FormState } from './forms';
import { sendOfficerPage } from './page';
import { chosenCouncil, councilAndEmailInputs, councilChoices, type CouncilChoice } from './sign-in';
import { formToken, protectForms } from './session';

const LABELS = { council: 'Council', email: 'Email address', password: 'New password', confirmPassword: 'New password again' };
const PASSWORD_RULES = 'At least 12 characters. A few unrelated words make a good one, e.g. “kettle orbit meadow lantern”.';

/** Why a set-password link cannot be used, and what to do instead. */
function refusedLinkPage(state: 'expired' | 'used' | 'unknown'): SafeHtml {
  const what = {
    expired: `This link has expired: links to set a password work for ${PASSWORD_LINK_HOURS} hours.`,
    used: 'This link has already been used: each link sets a password once.',
    unknown: 'This link is not valid. It may have been copied only in part, or the account is no longer active.',
  }[state];
  return page(
    'Link cannot be used',
    html`<h1>This link cannot be used</h1>
      <p>${what}</p>
      <p>
        If you have signed in before, use <a href="/forgot-password">Forgot your password?</a> to be emailed a new link. If your account is
        new, ask an admin in your council to send you a new invitation.
      </p>
      <p><a href="/sign-in">Go to sign-in</a></p>`,
  );
}

function setPasswordPage(token: string, csrfToken: string, who: { officerName: string; councilName: string }, state: FormState) {
  return page(
    'Choose your password',
    html`<h1>Choose your password</h1>
      <p class="lead">${who.officerName}, ${who.councilName}</p>
      ${formErrors(state, LABELS)}
      <form method="post" action="/set-password" novalidate>
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        <input type="hidden" name="token" value="${token}" />
        ${textInput(state, { name: 'password', label: LABELS.password, type: 'password', autocomplete: 'new-password', hint: PASSWORD_RULES })}
        ${textInput(state, { name: 'confirmPassword', label: LABELS.confirmPassword, type: 'password', autocomplete: 'new-password' })}
        <button type="submit" class="button">Set my password</button>
      </form>`,
  );
}

function forgotPasswordPage(councils: CouncilChoice[], csrfToken: string, state: FormState) {
  return page(
    'Forgot your password?',
    html`<h1>Forgot your password?</h1>
      <p class="lead">We will email you a link to choose a new one. It works once, for ${PASSWORD_LINK_HOURS} hours.</p>
      ${formErrors(state, LABELS)}
      <form method="post" action="/forgot-password" novalidate>
        <input type="hidden" name="_csrf" value="${csrfToken}" />
        ${councilAndEmailInputs(state, councils)}
        <button type="submit" class="button">Email me a link</button>
      </form>
      <p><a href="/sign-in">Back to sign-in</a></p>`,
  );
}

const tokenOf = (request: FastifyRequest<{ Querystring: { token?: string } }>) =>
  typeof request.query.token === 'string' ? request.query.token : '';

/**
 * The pages behind "Forgot your password?" and the emailed set-password
 * links. They need no session: the link's token is the officer's proof.
 */
export async function passwordLinkRoutes(app: FastifyInstance, deps: ServiceDependencies & { officerMail: OfficerMail }): Promise<void> {
  protectForms(app);
  const councils = () => councilChoices(deps.db);

  const showSetPassword = async (reply: FastifyReply, request: FastifyRequest, token: string, state: FormState, status = 200) => {
    const link = await passwordLinkState(deps.db, token, deps.clock());
    if (link.state !== 'usable') return sendOfficerPage(reply, refusedLinkPage(link.state), 410);
    return sendOfficerPage(reply, setPasswordPage(token, formToken(request, reply), link, state), status);
  };

  app.get<{ Querystring: { token?: string } }>('/set-password', async (request, reply) =>
    showSetPassword(reply, request, tokenOf(request), formState()),
  );

  app.post('/set-password', async (request, reply) => {
    const fields = formFields(request.body);
    const token = fields.token ?? '';
    try {
      await setPasswordWithLink(deps.db, { token, password: fields.password, confirmPassword: fields.confirmPassword }, deps.clock());
    } catch (error) {
      if (error instanceof PasswordLinkRefusedError) return sendOfficerPage(reply, refusedLinkPage(error.state), 410);
      if (error instanceof InputError) return showSetPassword(reply, request, token, formState({}, error.problems), 400);
      throw error;
    }
    return sendOfficerPage(
      reply,
      page(
        'Password set',
        html`<h1>Your password is set</h1>
          <p>Sign in with your email address and the password you have just chosen.</p>
          <p><a class="button" href="/sign-in">Sign in</a></p>`,
      ),
    );
  });

  app.get('/forgot-password', async (request, reply) =>
    sendOfficerPage(reply, forgotPasswordPage(await councils(), formToken(request, reply), formState())),
  );

  app.post('/forgot-password', async (request, reply) => {
    const fields = formFields(request.body);
    const choices = await councils();
    const council = chosenCouncil(choices, fields);
    try {
      const { sending } = await requestPasswordReset(deps, { council, email: fields.email });
      sending.catch((error: unknown) => request.log.error({ err: error }, 'password reset email failed'));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const state = formState({ council, email: fields.email }, error.problems);
      return sendOfficerPage(reply, forgotPasswordPage(choices, formToken(request, reply), state), 400);
    }
    return sendOfficerPage(
      reply,
      page(
        'Check your email',
        html`<h1>Check your email</h1>
          <p>
            If that address has an account, we have emailed a link to choose a new password. It works once, for ${PASSWORD_LINK_HOURS}
            hours.
          </p>
          <p>Nothing after a few minutes? Check your junk mail folder, or ask an admin in your council.</p>
          <p><a href="/sign-in">Back to sign-in</a></p>`,
      ),
    );
  });
}
