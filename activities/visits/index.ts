import { createAllocationActivities } from './allocation';
import type { DutyActivityDependencies } from '../dependencies';
import { createInvitationActivities } from './invitations';
import { createMissedVisitActivities, createVisitPeriodActivities } from './periods';

export type { VisitPeriodPlan, VisitSnapshot } from './periods';

/** The visit programme's activities, one factory per capability, all built from the same dependencies. */
export function createVisitActivities(deps: DutyActivityDependencies) {
  return {
    ...createVisitPeriodActivities(deps),
    ...createAllocationActivities(deps),
    ...createInvitationActivities(deps),
    ...createMissedVisitActivities(deps),
  };
}

export type VisitActivities = ReturnType<typeof createVisitActivities>;
