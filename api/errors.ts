import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { ConflictError, ForbiddenError, InputError, NotFoundError, serviceErrorOf } from '../services/errors';

/** Maps service errors to HTTP. Unexpected errors are logged and answered without internals. */
export function replyWithError(thrown: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const error = serviceErrorOf(thrown);
  if (error instanceof InputError) {
    return reply.status(400).send({ error: { message: error.message.split('\n')[0], problems: error.problems } });
  }
  if (error instanceof NotFoundError) return reply.status(404).send({ error: { message: error.message } });
  if (error instanceof ConflictError) return reply.status(409).send({ error: { message: error.message, ...error.details } });
  if (error instanceof ForbiddenError) return reply.status(403).send({ error: { message: error.message } });
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return reply.status(status).send({ error: { message: error.message } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .status(500)
    .send({ error: { message: 'Something went wrong on our side. It has been logged; try again, and tell support if it persists.' } });
}
