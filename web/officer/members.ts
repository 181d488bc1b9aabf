import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';

export async function membersRoutes(_app: FastifyInstance, _deps: ServiceDependencies): Promise<void> {}
