import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import {
  complianceMatrix,
  courseByKey,
  listCourses,
  registerCourse,
  updateCourse,
  type RegisterCourseInput,
  type UpdateCourseInput,
} from '../../services/training/training';
import { actorOf } from '../auth';

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
export async function trainingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/courses', async (request) => ({ courses: await listCourses(deps, actorOf(request)) }));
  app.post<{ Body: RegisterCourseInput }>('/courses', async (request, reply) =>
    reply.status(201).send(await registerCourse(deps, actorOf(request), request.body)),
  );
  app.get<{ Params: { key: string } }>('/courses/:key', async (request) => courseByKey(deps, actorOf(request), request.params.key));
  app.patch<{ Params: { key: string }; Body: Omit<UpdateCourseInput, 'key'> }>('/courses/:key', async (request) =>
    updateCourse(deps, actorOf(request), { ...request.body, key: request.params.key }),
  );

  app.get<{ Querystring: { on?: string } }>('/training/matrix', async (request) =>
    complianceMatrix(deps, actorOf(request), { on: request.query.on }),
  );
}
