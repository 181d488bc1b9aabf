import { createOutbox } from '../email/outbox';
import { createAlerts } from './alerts';
import type { ActivityDependencies } from './dependencies';
import { createFindingActivities } from './findings';
import { createPanelActivities } from './reports/meetings';
import { createPledgeActivities } from './pledge';
import { createReportActivities } from './reports';
import { createTrainingActivities } from './training';
import { createVisitActivities } from './visits';

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
    ...createFindingActivities({ ...deps, outbox, alertOfficers }),
  };
}

export type { ActivityDependencies } from './dependencies';

export type Activities = ReturnType<typeof createActivities>;
