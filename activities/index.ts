import type { Db } from '../db/client';
import type { Mailer } from '../email/mailer';
import { createAlerts } from './alerts';
import { createOutbox } from '../email/outbox';
import { createPanelActivities } from './reports/meetings';
import { createPledgeActivities } from './pledge';
import { createReportActivities } from './reports';
import { createTrainingActivities } from './training';
import { createVisitActivities } from './visits';

export interface ActivityDependencies {
  db: Db;
  mailer: Mailer;
  /** The From header of every email. */
  mailFrom: string;
  /** Where members open signed links, e.g. https://cpe.council.gov.uk */
  publicBaseUrl: string;
  /** HMAC key for member links. */
  linkSecret: string;
  clock: () => Date;
}

/** Every activity the worker registers, built from the dependencies the worker (or a test) provides. */
export function createActivities(deps: ActivityDependencies) {
  const outbox = createOutbox({ db: deps.db, mailer: deps.mailer, from: deps.mailFrom, clock: deps.clock });
  const alertOfficers = createAlerts(deps.db, outbox);
  return {
    ...createPanelActivities({ db: deps.db, outbox, mailFrom: deps.mailFrom }),
    ...createVisitActivities({ ...deps, outbox, alertOfficers }),
    ...createReportActivities({ ...deps, outbox, alertOfficers }),
    ...createTrainingActivities({ ...deps, outbox, alertOfficers }),
    ...createPledgeActivities({ ...deps, outbox, alertOfficers }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
