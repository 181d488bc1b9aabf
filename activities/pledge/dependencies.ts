import type { Db } from '../../db/client';
import type { Outbox } from '../../email/outbox';
import type { AlertOfficers } from '../alerts';

/** What every pledge activity factory is built from. */
export interface PledgeActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  mailFrom: string;
  publicBaseUrl: string;
  linkSecret: string;
}
