import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';

export async function reportsRoutes(_app: FastifyInstance, _deps: ServiceDependencies): Promise<void> {}
