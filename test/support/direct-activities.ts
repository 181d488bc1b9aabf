import type { Activities } from '../../activities';
import type { Db } from '../../db/client';
import { createSmtpMailer, type Mailer } from '../../email/mailer';
import { createTestActivities } from './activities';
import { createTestDatabase } from './database';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { setUp } from './teardown';

export interface DirectActivities {
  db: Db;
  sink: SmtpSink;
  /** The SMTP mailer the activities send through, to the sink. */
  mailer: Mailer;
  activities: Activities;
  /** Closes the mailer, stops the sink and drops the database. */
  close(): Promise<void>;
}

/** A fresh database, the SMTP sink and the real activities, for tests that call activities (or the outbox) directly, without Temporal. */
export async function startDirectActivities(): Promise<DirectActivities> {
  return setUp(async (teardown) => {
    const database = await createTestDatabase();
    teardown.add(() => database.drop());
    const sink = await startSmtpSink();
    teardown.add(() => sink.stop());
    const mailer = createSmtpMailer(sink.url);
    teardown.add(() => mailer.close());
    const activities = createTestActivities({ db: database.db, mailer });
    return { db: database.db, sink, mailer, activities, close: () => teardown.run() };
  });
}
