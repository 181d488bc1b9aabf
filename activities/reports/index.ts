import { createReportApprovalActivities } from './approval';
import { createReportCirculationActivities } from './circulation';
import type { DutyActivityDependencies } from '../dependencies';
import { createReportOwnerActivities } from './owners';
import { createReportPreparationActivities } from './preparation';

export type { ApprovalPlan } from './approval';
export type { AwaitedReport, PreparedReport } from './preparation';

/** The periodic report's activities, one factory per capability, all built from the same dependencies. */
export function createReportActivities(deps: DutyActivityDependencies) {
  return {
    ...createReportPreparationActivities(deps),
    ...createReportOwnerActivities(deps),
    ...createReportCirculationActivities(deps),
    ...createReportApprovalActivities(deps),
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
