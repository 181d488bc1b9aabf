import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import {
  addMeeting,
  cancelMeeting,
  importMeetings,
  listMeetings,
  meetingAgenda,
  moveMeeting,
  sendMeetingInvitations,
  type MoveMeetingInput,
} from '../../services/reports/meetings';
import { actorOf } from '../auth';
import { acceptCsvFiles, csvFileOf } from '../csv';

export async function meetingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A spreadsheet's CSV export of a year's calendar can be sent as it is.
  acceptCsvFiles(app);

  app.get('/meetings', async (request) => ({ meetings: await listMeetings(deps, actorOf(request)) }));

  app.post<{ Body: { panelKey: string; date: string; time: string; location: string } }>('/meetings', async (request, reply) =>
    reply.status(201).send(await addMeeting(deps, actorOf(request), request.body)),
  );

  app.get<{ Params: { meetingId: string } }>('/meetings/:meetingId/agenda', async (request) =>
    meetingAgenda(deps, actorOf(request), request.params),
  );

  app.post<{ Body: { csv: string } }>('/meetings/import', async (request) => {
    const csv = csvFileOf(request);
    return importMeetings(deps, actorOf(request), csv === undefined ? { ...request.body } : { csv });
  });

  app.post<{ Params: { meetingId: string }; Body: Omit<MoveMeetingInput, 'meetingId'> }>('/meetings/:meetingId/move', async (request) =>
    moveMeeting(deps, actorOf(request), { ...request.body, meetingId: request.params.meetingId }),
  );

  app.post<{ Params: { meetingId: string } }>('/meetings/:meetingId/cancel', async (request) => ({
    cancelled: true,
    ...(await cancelMeeting(deps, actorOf(request), request.params)),
  }));

  app.post<{ Params: { meetingId: string } }>('/meetings/:meetingId/invitations', async (request, reply) => {
    const result = await sendMeetingInvitations(deps, actorOf(request), { meetingId: request.params.meetingId });
    return reply.status(202).send(result);
  });
}
