import type { DutyActivityDependencies } from '../dependencies';
import { createActionActivities } from './actions';
import { createReviewActivities } from './review';
import { createUrgentConcernActivities } from './urgent';

/** What visits find: the report's review, urgent concerns, and the actions raised from it. */
export function createFindingActivities(deps: DutyActivityDependencies) {
  return {
    ...createUrgentConcernActivities(deps),
    ...createReviewActivities(deps),
    ...createActionActivities(deps),
  };
}

export type FindingActivities = ReturnType<typeof createFindingActivities>;

export type { ReviewPosition } from './review';
