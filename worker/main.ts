import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

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
  const db = createDb(config.databaseUrl);
  const mailer = createSmtpMailer(config.smtpUrl);
  const connection = await NativeConnection.connect(config.temporalConnection);
  const dataConverter = temporalDataConverter(payloadCodecFor(config.payloadKeys));
  try {
    const worker = await createEngineWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter,
      activities: activitiesFromConfig(config, db, mailer),
      // A cached duty workflow holds about 2.7 MB (bench/worker-memory.ts); the SDK's default cache ran out of heap at about
      // 1,400 in bench/reminders.ts. Beyond this many, workflows are evicted and replayed when they next wake.
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
    await worker.run();
  } finally {
    await connection.close();
    mailer.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
