import { createPledgeCampaignActivities } from './campaign';
import type { DutyActivityDependencies } from '../dependencies';
import { createPledgeFollowUpActivities } from './follow-up';
import { createPledgeYearActivities } from './years';

export { COMMITMENT_NOTICE_WORKING_DAYS } from './campaign';

/** The pledge campaign's activities, one factory per capability, all built from the same dependencies. */
export function createPledgeActivities(deps: DutyActivityDependencies) {
  return {
    ...createPledgeCampaignActivities(deps),
    ...createPledgeFollowUpActivities(deps),
    ...createPledgeYearActivities(deps),
  };
}

export type PledgeActivities = ReturnType<typeof createPledgeActivities>;
