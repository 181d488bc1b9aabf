import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';

import { createActivities, type Activities } from '../activities';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/client';
import type { Mailer } from '../email/mailer';
import { heartbeatWhileRunning } from './activity-heartbeats';

export interface EngineWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Encryption of payloads (see payload-codec.ts); absent, Temporal's defaults. */
  dataConverter?: DataConverter;
  /** Workflow code bundled beforehand (the tests bundle once per run); absent, bundled here from workflows/. */
  workflowBundle?: { codePath: string };
  /** Tests and benchmarks tune the cache; the defaults suit production. */
  tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentActivityTaskExecutions'>;
}

/** The one way a worker is built, by the worker process, tests and benchmarks alike. */
export function createEngineWorker(options: EngineWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    activities: options.activities,
    interceptors: { activity: [heartbeatWhileRunning] },
    dataConverter: options.dataConverter,
    ...options.tuning,
  });
}

/** The engine's activities as the settings describe them, on the real clock: for the worker process and the fault tests' worker. */
export function activitiesFromConfig(config: AppConfig, db: Db, mailer: Mailer): Activities {
  return createActivities({
    db,
    mailer,
    mailFrom: config.MAIL_FROM,
    publicBaseUrl: config.publicBaseUrl,
    linkSecret: config.linkSigningSecret,
    clock: () => new Date(),
  });
}
