import type { FastifyInstance, FastifyReply } from 'fastify';

import { formatDate } from '../../domain/calendar';
import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { InputError, NotFoundError, type FieldProblem } from '../../services/errors';
import { actionForOwner, recordOwnerUpdate, type OwnerAction } from '../../services/findings/actions';
import { formFields } from '../officer/forms';
import { errorSummary } from '../pages/layout';
import { answerLinkProblems, sendMemberPage } from './pages';

const FIELD_LABELS: Record<string, string> = { note: 'What has been done', done: 'Is it done?' };

const STATUS_WORDS = { OPEN: 'Open', DONE: 'Done', CLOSED: 'Closed by democratic services' } as const;

function updateForm(action: string, values: { note?: string; done?: string }, problems: FieldProblem[]): SafeHtml {
  const noteProblem = problems.find((problem) => problem.field === 'note');
  const done = values.done === 'yes';
  return html`<form method="post" action="${action}" novalidate>
    <label for="note">What has been done</label>
    <p class="hint" id="note-hint">Say what was done, by whom and when; or, if it is not done yet, what is happening.</p>
    ${noteProblem ? html`<p class="error-message" id="note-error"><span class="visually-hidden">Error:</span> ${noteProblem.message}</p>` : ''}
    <textarea id="note" name="note" rows="5" aria-describedby="note-hint${noteProblem ? ' note-error' : ''}">${values.note ?? ''}</textarea>
    <fieldset>
      <legend>Is it done?</legend>
      <label class="choice"
        ><input type="radio" id="done" name="done" value="no" ${done ? '' : html`checked`} /> Not yet: this is an update</label
      >
      <label class="choice"
        ><input type="radio" id="done-yes" name="done" value="yes" ${done ? html`checked` : ''} /> Yes, it is done</label
      >
    </fieldset>
    <button type="submit" class="button">Send</button>
  </form>`;
}

function ownerPage(
  action: OwnerAction,
  options: { path: string; notice?: string; values?: { note?: string; done?: string }; problems?: FieldProblem[] },
): SafeHtml {
  const body = options.notice
    ? ''
    : action.status !== 'OPEN'
      ? html`<div class="panel"><p>This action is ${STATUS_WORDS[action.status].toLowerCase()}: nothing more is needed.</p></div>`
      : action.used
        ? html`<div class="panel"><p>This link has been used. The next reminder brings a new one.</p></div>`
        : updateForm(options.path, options.values ?? {}, options.problems ?? []);
  return page(
    `Action for ${action.establishment}`,
    html`<h1>Action for ${action.establishment}</h1>
      <p class="lead">From a visit on behalf of ${action.councilName}. Owned by ${action.owner.name}.</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      ${errorSummary(options.problems ?? [], { id: (field) => field, label: (field) => FIELD_LABELS[field] ?? field })}
      <dl class="facts">
        <dt>Action</dt>
        <dd>${action.description}</dd>
        <dt>Due</dt>
        <dd>${formatDate(action.dueOn)}</dd>
        <dt>Status</dt>
        <dd>${STATUS_WORDS[action.status]}</dd>
      </dl>
      ${body}`,
  );
}

/** Another council's action, or one given to someone else since, is simply not there for this link. */
async function orNotFound(reply: FastifyReply, answer: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await answer();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const body = page(
      'Not found',
      html`<h1>Not found</h1>
        <p>There is no such action for this link. Please use the button in your most recent reminder.</p>`,
    );
    return sendMemberPage(reply, 404, body);
  }
}

/**
 * The page behind the link in an action owner's reminders (the home's
 * manager, an officer or a member): they add an update, or mark the action
 * done with a note. Each link records one answer.
 */
export async function actionOwnerRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  answerLinkProblems(app);

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/a/:token', (request, reply) =>
    orNotFound(reply, async () => {
      const action = await actionForOwner(deps, request.params.token);
      const notice = request.query.done
        ? action.status === 'DONE'
          ? 'Thank you: the action is marked done. Democratic services can see your note.'
          : 'Thank you: your update is recorded. The next reminder brings a new link.'
        : undefined;
      return sendMemberPage(reply, 200, ownerPage(action, { path: `/a/${request.params.token}`, notice }));
    }),
  );

  app.post<{ Params: { token: string } }>('/a/:token', (request, reply) =>
    orNotFound(reply, async () => {
      const values = formFields(request.body);
      try {
        await recordOwnerUpdate(deps, request.params.token, { note: values.note ?? '', done: values.done === 'yes' });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const action = await actionForOwner(deps, request.params.token);
        return sendMemberPage(reply, 400, ownerPage(action, { path: `/a/${request.params.token}`, values, problems: error.problems }));
      }
      return reply.redirect(`/a/${request.params.token}?done=1`, 303);
    }),
  );
}
