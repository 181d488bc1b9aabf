import type { Db } from '../../db/client';
import type { Outbox } from '../../email/outbox';
import type { AlertOfficers } from '../alerts';

/** What every training activity factory is built from. */
export interface TrainingActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  publicBaseUrl: string;
  linkSecret: string;
}
