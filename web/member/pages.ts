import type { FastifyInstance, FastifyReply } from 'fastify';

import type { SafeHtml } from '../../render/html';
import { LinkProblem } from '../../services/member-links';
import { linkProblemPage } from '../pages/layout';

/** Member pages carry a personal token in the address: never cached, never sent on as a referrer. */
export function sendMemberPage(reply: FastifyReply, status: number, body: SafeHtml): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .send(body.value);
}

/** A forged link gets 400 and an expired or withdrawn one 410, each with a page saying what to do. */
export function answerLinkProblems(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof LinkProblem) {
      return sendMemberPage(reply, error.reason === 'forged' || error.reason === 'malformed' ? 400 : 410, linkProblemPage(error.message));
    }
    throw error;
  });
}
