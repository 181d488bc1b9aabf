import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../services/context';
import { listMeetings, sendMeetingInvitations } from '../services/panels';
import { actorOf } from './auth';

export async function meetingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/meetings', async (request) => ({ meetings: await listMeetings(deps, actorOf(request)) }));

  app.post<{ Params: { meetingId: string } }>('/meetings/:meetingId/invitations', async (request, reply) => {
    const result = await sendMeetingInvitations(deps, actorOf(request), { meetingId: request.params.meetingId });
    return reply.status(202).send(result);
  });
}
