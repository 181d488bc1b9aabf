import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import { addMeeting, cancelMeeting, listMeetings, meetingAgenda, sendMeetingInvitations } from '../../services/reports/meetings';
import { actorOf } from '../auth';

export async function meetingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/meetings', async (request) => ({ meetings: await listMeetings(deps, actorOf(request)) }));

  app.post<{ Body: { panelKey: string; date: string; time: string; location: string } }>('/meetings', async (request, reply) =>
    reply.status(201).send(await addMeeting(deps, actorOf(request), request.body)),
  );

  app.get<{ Params: { meetingId: string } }>('/meetings/:meetingId/agenda', async (request) =>
    meetingAgenda(deps, actorOf(request), request.params),
  );

  app.post<{ Params: { meetingId: string } }>('/meetings/:meetingId/cancel', async (request) => {
    await cancelMeeting(deps, actorOf(request), request.params);
    return { cancelled: true };
  });

  app.post<{ Params: { meetingId: string } }>('/meetings/:meetingId/invitations', async (request, reply) => {
    const result = await sendMeetingInvitations(deps, actorOf(request), { meetingId: request.params.meetingId });
    return reply.status(202).send(result);
  });
}
