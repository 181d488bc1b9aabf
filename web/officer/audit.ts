import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';

export async function auditRoutes(_app: FastifyInstance, _deps: ServiceDependencies): Promise<void> {}
