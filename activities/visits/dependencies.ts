import type { Db } from '../../db/client';
import type { Outbox } from '../../email/outbox';
import type { AlertOfficers } from '../alerts';

/** What every visit activity factory is built from. */
export interface VisitActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  mailFrom: string;
  publicBaseUrl: string;
  linkSecret: string;
  clock: () => Date;
}
