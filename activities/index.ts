import type { Db } from '../db/client';
import type { Mailer } from '../email/mailer';
import { createOutbox } from './outbox';
import { createPanelActivities } from './panels';

export interface ActivityDependencies {
  db: Db;
  mailer: Mailer;
  /** The From header of every email. */
  mailFrom: string;
  /** Where members open signed links, e.g. https://cpe.council.gov.uk */
  publicBaseUrl: string;
  clock: () => Date;
}

/** Every activity the worker registers, built from the dependencies the worker (or a test) provides. */
export function createActivities(deps: ActivityDependencies) {
  const outbox = createOutbox({ db: deps.db, mailer: deps.mailer, from: deps.mailFrom, clock: deps.clock });
  return {
    ...createPanelActivities({ db: deps.db, outbox, mailFrom: deps.mailFrom }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
