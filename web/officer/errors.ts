import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { html } from '../../render/html';
import { page } from '../../render/page';
import { ConflictError, ForbiddenError, InputError, NotFoundError, serviceErrorOf } from '../../services/errors';
import { sendOfficerPage } from './page';

function errorPage(heading: string, message: string) {
  return page(
    heading,
    html`<h1>${heading}</h1>
      <p>${message}</p>
      <p>Use your browser's back button, or <a href="/">go to the list of things that need attention</a>.</p>`,
  );
}

/** Officer pages answer errors with a page saying what happened and what to do, never a stack trace. */
export function replyWithErrorPage(thrown: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = serviceErrorOf(thrown);
  const code = (error as FastifyError).code ?? '';
  if (code.startsWith('FST_CSRF_')) {
    return sendOfficerPage(
      reply,
      errorPage(
        'This form has expired',
        'The page was open too long, or you signed in again since. Go back, reload the page and try again.',
      ),
      403,
    );
  }
  if (error instanceof ForbiddenError) return sendOfficerPage(reply, errorPage('You cannot do that', error.message), 403);
  if (error instanceof NotFoundError) return sendOfficerPage(reply, errorPage('Not found', error.message), 404);
  if (error instanceof ConflictError) return sendOfficerPage(reply, errorPage('That clashes with what is recorded', error.message), 409);
  if (error instanceof InputError) {
    const problems = error.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    return sendOfficerPage(reply, errorPage('There is a problem', problems), 400);
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return sendOfficerPage(reply, errorPage('There is a problem', error.message), status);
  request.log.error({ err: error }, 'officer page failed');
  return sendOfficerPage(
    reply,
    errorPage('Sorry, something went wrong', 'It has been logged. Try again in a moment, and tell support if it keeps happening.'),
    500,
  );
}
