import type { DutyActivityDependencies } from '../dependencies';

/** A visit report's review: urgent concerns, the officer's check, the manager's factual-accuracy window. */
export function createReviewActivities(deps: DutyActivityDependencies) {
  void deps;
  return {};
}
