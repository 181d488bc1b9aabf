import { Client, Connection } from '@temporalio/client';

import { loadConfig } from '../config/env';
import { createLogger } from '../config/logger';
import { createDb } from '../db/client';
import { createSmtpMailer } from '../email/mailer';
import { createOutbox } from '../email/outbox';
import { payloadCodecFor, temporalDataConverter } from '../worker/payload-codec';
import { buildWebApp } from './app';

/** The web process: officer pages, API and member links. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'web');
  const db = createDb(config.databaseUrl);
  const connection = await Connection.connect(config.temporalConnection);
  const payloadCodec = payloadCodecFor(config.payloadKeys);
  const mailer = createSmtpMailer(config.smtpUrl, config.smtp);
  const clock = () => new Date();
  const app = await buildWebApp({
    db,
    temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(payloadCodec) }),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    clock,
    linkSecret: config.linkSigningSecret,
    previousLinkSecrets: config.LINK_SIGNING_PREVIOUS_SECRETS,
    officerMail: { outbox: createOutbox({ db, mailer, from: config.MAIL_FROM, clock }), publicBaseUrl: config.publicBaseUrl },
    log,
    trustProxy: config.TRUST_PROXY,
    codec: payloadCodec && { codec: payloadCodec, allowedOrigins: config.temporalUiOrigins },
    localLinks: {
      temporalUi: config.embedded.temporal ? `http://localhost:${config.TEMPORAL_UI_PORT}` : undefined,
      mailInbox: config.embedded.mail ? `http://localhost:${config.MAILDEV_WEB_PORT}` : undefined,
    },
  });
  const stop = async () => {
    await app.close();
    mailer.close();
    await connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ host: config.APP_HOST, port: config.APP_PORT });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
