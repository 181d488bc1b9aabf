import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ServiceDependencies } from '../services/context';
import { parseInput } from '../services/errors';
import {
  importMembers,
  listMembers,
  recordMemberLeft,
  registerMember,
  updateMember,
  type ImportMembersInput,
  type MemberLeftInput,
  type RegisterMemberInput,
  type UpdateMemberInput,
} from '../services/members';
import { actorOf } from './auth';
import { acceptCsvFiles, csvFileOf } from './csv';

/** The list's query arrives as text; `includeLeft` is read as a yes or no, and the service checks the date. */
const listQuery = z.object({
  on: z.string().optional(),
  includeLeft: z.stringbool({ error: 'must be true or false, e.g. ?includeLeft=true' }).optional(),
});

interface MemberParams {
  reference: string;
}

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
/** The council's members: who serves, registering and changing them, leavers, and imports from a committee system. */
export async function memberRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A committee system's CSV export can be sent as it is.
  acceptCsvFiles(app);

  app.get('/members', async (request) => listMembers(deps, actorOf(request), parseInput(listQuery, request.query)));

  app.post<{ Body: RegisterMemberInput }>('/members', async (request, reply) =>
    reply.status(201).send({ member: await registerMember(deps, actorOf(request), { ...request.body }) }),
  );

  app.post<{ Body: ImportMembersInput }>('/members/import', async (request) => {
    const csv = csvFileOf(request);
    return importMembers(deps, actorOf(request), csv === undefined ? request.body : { csv });
  });

  app.patch<{ Params: MemberParams; Body: Omit<UpdateMemberInput, 'reference'> }>('/members/:reference', async (request) =>
    updateMember(deps, actorOf(request), { ...request.body, reference: request.params.reference }),
  );

  app.post<{ Params: MemberParams; Body: Pick<MemberLeftInput, 'leftOn'> }>('/members/:reference/left', async (request) =>
    recordMemberLeft(deps, actorOf(request), { ...request.body, reference: request.params.reference }),
  );
}
