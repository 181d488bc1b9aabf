import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../../services/context';
import { InputError, parseInput } from '../../services/errors';
import {
  importSessionRegister,
  pendingVerifications,
  previewSessionRegister,
  recordTraining,
  trainingHistory,
  verifyTraining,
  type ImportSessionRegisterInput,
  type RecordTrainingInput,
} from '../../services/training/records';
import { actorOf } from '../auth';
import { acceptCsvFiles, csvFileOf } from '../csv';

/** A register sent as text/csv names its session in the query; the service then checks the values. */
const registerQuery = z.object({
  course: z.string({ error: 'give the course key in the query, e.g. ?course=safeguarding-seminar&completedOn=2026-11-23' }),
  completedOn: z.string({ error: 'give the day of the session in the query, e.g. ?course=safeguarding-seminar&completedOn=2026-11-23' }),
});

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
/** Members' training records: single completions, session registers, verification and history. */
export async function trainingRecordRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A register exported from a spreadsheet can be sent as it is.
  acceptCsvFiles(app);

  app.post<{ Body: RecordTrainingInput }>('/training/records', async (request, reply) =>
    reply.status(201).send({ record: await recordTraining(deps, actorOf(request), { ...request.body }) }),
  );

  app.post<{ Body: ImportSessionRegisterInput }>('/training/registers', async (request, reply) =>
    reply.status(201).send(await importSessionRegister(deps, actorOf(request), registerOf(request))),
  );

  /** What the register would record, checked as the import checks it; nothing is written. */
  app.post<{ Body: ImportSessionRegisterInput }>('/training/registers/preview', async (request) =>
    previewSessionRegister(deps, actorOf(request), registerOf(request)),
  );

  app.post<{ Params: { recordId: string } }>('/training/records/:recordId/verify', async (request) =>
    verifyTraining(deps, actorOf(request), { recordId: request.params.recordId }),
  );

  app.get('/training/pending', async (request) => ({ pending: await pendingVerifications(deps, actorOf(request)) }));

  // The address calls the member `reference`, as every /members/:reference route does, and so do its problems.
  app.get<{ Params: { reference: string } }>('/members/:reference/training', async (request) =>
    trainingHistory(deps, actorOf(request), { memberReference: request.params.reference }).catch((error: unknown) => {
      throw error instanceof InputError ? new InputError(error.problems.map((problem) => ({ ...problem, field: 'reference' }))) : error;
    }),
  );
}

/** The register sent: a JSON body, or a CSV file with its session in the query. */
function registerOf(request: FastifyRequest<{ Body: ImportSessionRegisterInput }>): ImportSessionRegisterInput {
  const csv = csvFileOf(request);
  return csv === undefined ? request.body : { ...sessionOf(request.query), csv };
}

function sessionOf(query: unknown): Pick<ImportSessionRegisterInput, 'courseKey' | 'completedOn'> {
  const { course, completedOn } = parseInput(registerQuery, query);
  return { courseKey: course, completedOn };
}
