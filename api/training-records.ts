import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../services/context';
import { parseInput } from '../services/errors';
import {
  importSessionRegister,
  pendingVerifications,
  recordTraining,
  trainingHistory,
  verifyTraining,
  type ImportSessionRegisterInput,
  type RecordTrainingInput,
} from '../services/training-records';
import { actorOf } from './auth';

/** A register sent as text/csv names its session in the query; the service then checks the values. */
const registerQuery = z.object({
  course: z.string({ error: 'give the course key in the query, e.g. ?course=safeguarding-seminar&completedOn=2026-11-23' }),
  completedOn: z.string({ error: 'give the day of the session in the query, e.g. ?course=safeguarding-seminar&completedOn=2026-11-23' }),
});

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
/** Members' training records: single completions, session registers, verification and history. */
export async function trainingRecordRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A register exported from a spreadsheet can be sent as it is: curl --data-binary @register.csv -H 'Content-Type: text/csv'.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Body: RecordTrainingInput }>('/training/records', async (request, reply) =>
    reply.status(201).send({ record: await recordTraining(deps, actorOf(request), { ...request.body }) }),
  );

  app.post<{ Body: string | ImportSessionRegisterInput }>('/training/registers', async (request, reply) => {
    const input = typeof request.body === 'string' ? { ...sessionOf(request.query), csv: request.body } : { ...request.body };
    return reply.status(201).send(await importSessionRegister(deps, actorOf(request), input));
  });

  app.post<{ Params: { recordId: string } }>('/training/records/:recordId/verify', async (request) =>
    verifyTraining(deps, actorOf(request), { recordId: request.params.recordId }),
  );

  app.get('/training/pending', async (request) => ({ pending: await pendingVerifications(deps, actorOf(request)) }));

  app.get<{ Params: { reference: string } }>('/members/:reference/training', async (request) =>
    trainingHistory(deps, actorOf(request), { memberReference: request.params.reference }),
  );
}

function sessionOf(query: unknown): Pick<ImportSessionRegisterInput, 'courseKey' | 'completedOn'> {
  const { course, completedOn } = parseInput(registerQuery, query);
  return { courseKey: course, completedOn };
}
