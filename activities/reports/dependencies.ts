import type { Db } from '../../db/client';
import type { Outbox } from '../../email/outbox';
import type { AlertOfficers } from '../alerts';

/** What every report activity factory is built from. */
export interface ReportActivityDependencies {
  db: Db;
  outbox: Outbox;
  alertOfficers: AlertOfficers;
  publicBaseUrl: string;
  linkSecret: string;
  clock: () => Date;
}
