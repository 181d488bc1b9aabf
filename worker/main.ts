import { Client, Connection } from '@temporalio/client';
import { createServer } from 'node:http';

import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';

import { loadConfig } from '../config/env';
import { createDb } from '../db/client';
import { createSmtpMailer } from '../email/mailer';
import { createLogger } from '../config/logger';
import { reconcileDuties } from '../services/reconcile';
import { payloadCodecFor, temporalDataConverter } from './payload-codec';
import { activitiesFromConfig, createEngineWorker } from './worker';

/** The worker process: runs every workflow and activity until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'worker');
  if (config.WORKER_METRICS_PORT) {
    // Before any connection: the runtime's telemetry is fixed when it is created.
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.WORKER_METRICS_PORT}` } } } });
  }
  const db = createDb(config.databaseUrl);
  const mailer = createSmtpMailer(config.smtpUrl, config.smtp);
  const connection = await NativeConnection.connect(config.temporalConnection);
  const dataConverter = temporalDataConverter(payloadCodecFor(config.payloadKeys));
  try {
    const worker = await createEngineWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter,
      activities: activitiesFromConfig(config, db, mailer),
      workflowBundle: config.WORKFLOW_BUNDLE_FILE ? { codePath: config.WORKFLOW_BUNDLE_FILE } : undefined,
      // A cached duty workflow held about 2.7 MB, and the SDK's default cache ran out of heap at about 1,400 duties; with
      // the lean bundle it holds about 165 KB (bench/worker-memory.ts). The cap stays until 20,000 duties have been
      // measured in one worker. Beyond it, workflows are evicted and replayed when they next wake.
      tuning: { maxCachedWorkflows: 1000 },
    });
    const clientConnection = await Connection.connect(config.temporalConnection);
    const reconciled = await reconcileDuties({
      db,
      temporal: new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      clock: () => new Date(),
      linkSecret: config.linkSigningSecret,
    });
    await clientConnection.close();
    log.info(
      {
        ...reconciled,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        temporal: config.temporalAddress,
        temporalTls: Boolean(config.temporalConnection.tls),
        payloadsEncrypted: Boolean(dataConverter),
      },
      'worker running',
    );
    const health = config.WORKER_HEALTH_PORT ? await serveHealth(worker, config.WORKER_HEALTH_PORT) : undefined;
    try {
      await worker.run();
    } finally {
      health?.close();
    }
  } finally {
    await connection.close();
    mailer.close();
    await db.$disconnect();
  }
}

/** GET /healthz: 200 while the worker polls, 503 once it is stopping or has failed, for an orchestrator's liveness probe. */
async function serveHealth(worker: Worker, port: number): Promise<ReturnType<typeof createServer>> {
  const server = createServer((request, response) => {
    const state = worker.getState();
    const running = state === 'RUNNING';
    response.writeHead(request.url === '/healthz' ? (running ? 200 : 503) : 404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(request.url === '/healthz' ? { status: running ? 'ok' : 'stopping', worker: state } : { error: 'Not Found' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return server;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
