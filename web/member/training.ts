import type { FastifyInstance } from 'fastify';

import { formatDate } from '../../domain/calendar';
import type { TrainingPosition } from '../../domain/training/position';
import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { InputError, type FieldProblem } from '../../services/errors';
import {
  claimsOfTrainingLink,
  confirmTrainingByMember,
  trainingPageForMember,
  type MemberConfirmationInput,
  type MemberTrainingPage,
} from '../../services/training/records';
import { answerLinkProblems, sendMemberPage } from './pages';
import { errorSummary } from '../pages/layout';

const NOTICES: Record<string, string> = {
  recorded: 'Thank you: your completion is recorded.',
  awaiting: 'Thank you: democratic services will check your evidence and verify your completion. It counts once they have.',
};

const FIELD_LABELS: Record<string, string> = { completedOn: 'Date completed', evidenceRef: 'Evidence reference' };

interface ConfirmationForm {
  completedOn?: string;
  evidenceRef?: string;
}

/**
 * The page behind the link in a member's training reminder: no sign-in, one
 * member and one course. GET only shows (mail scanners follow links); the
 * confirmation is a POST, followed by a redirect so a refresh cannot repeat it.
 */
export async function memberTrainingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  answerLinkProblems(app);

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/t/:token', async (request, reply) => {
    const claims = claimsOfTrainingLink(deps, request.params.token);
    const training = await trainingPageForMember(deps, claims);
    const notice = NOTICES[request.query.done ?? ''];
    return sendMemberPage(reply, 200, memberTrainingPage(training, { action: `/t/${request.params.token}`, notice }));
  });

  app.post<{ Params: { token: string }; Body: ConfirmationForm | undefined }>('/t/:token', async (request, reply) => {
    const claims = claimsOfTrainingLink(deps, request.params.token);
    const form = request.body ?? {};
    // A missing date is '' so the schema names the field; a blank evidence reference is simply not given.
    const input: MemberConfirmationInput = { completedOn: form.completedOn ?? '', evidenceRef: form.evidenceRef || undefined };
    let awaitingVerification: boolean;
    try {
      ({ awaitingVerification } = await confirmTrainingByMember(deps, claims, input));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const training = await trainingPageForMember(deps, claims);
      return sendMemberPage(
        reply,
        400,
        memberTrainingPage(training, { action: `/t/${request.params.token}`, values: form, problems: error.problems }),
      );
    }
    return reply.redirect(`/t/${request.params.token}?done=${awaitingVerification ? 'awaiting' : 'recorded'}`, 303);
  });
}

/** Where the member stands, in a sentence. */
function standing(position: TrainingPosition): string {
  const { state, validUntil, dueBy, lastCompletedOn } = position;
  if (state === 'VALID' || state === 'DUE_SOON') {
    if (validUntil === null) return `Completed on ${formatDate(lastCompletedOn!)}. It does not need renewing.`;
    return state === 'DUE_SOON'
      ? `Valid until ${formatDate(validUntil)}. Please renew it by then.`
      : `Valid until ${formatDate(validUntil)}.`;
  }
  if (state === 'LAPSED') return `Lapsed: it was valid until ${formatDate(validUntil!)}. Please complete it again.`;
  if (dueBy === null) return 'Not completed yet.';
  return position.overdue ? `Not completed yet: it was due by ${formatDate(dueBy)}.` : `Not completed yet: due by ${formatDate(dueBy)}.`;
}

function confirmationForm(training: MemberTrainingPage, action: string, values: ConfirmationForm): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
    <h2>I have completed it</h2>
    <p>
      <label for="completedOn">I completed it on</label><br />
      <input type="date" id="completedOn" name="completedOn" required max="${training.today}" value="${values.completedOn ?? ''}" />
    </p>
    <p>
      <label for="evidenceRef">Evidence reference (optional)</label><br />
      <span class="hint">For example the certificate number, or the sign-in sheet of the session.</span><br />
      <input type="text" id="evidenceRef" name="evidenceRef" maxlength="200" value="${values.evidenceRef ?? ''}" />
    </p>
    <button type="submit" class="button">Confirm</button>
  </form>`;
}

/** The one page behind a training link: the course, where the member stands, and the confirmation form. */
function memberTrainingPage(
  training: MemberTrainingPage,
  options: { action: string; notice?: string; values?: ConfirmationForm; problems?: FieldProblem[] },
): SafeHtml {
  return page(
    training.courseTitle,
    html`<h1>${training.courseTitle}</h1>
      <p class="lead">${training.memberName}, ${training.councilName}</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      ${errorSummary(options.problems ?? [], { id: (field) => field, label: (field) => FIELD_LABELS[field] ?? field })}
      <p>${standing(training.position)}</p>
      ${
        training.awaitingVerificationOf
          ? html`<p>
              You told us you completed it on ${formatDate(training.awaitingVerificationOf)}. This is awaiting verification by democratic
              services, and counts once they have verified it.
            </p>`
          : ''
      }
      ${confirmationForm(training, options.action, options.values ?? {})}`,
  );
}
