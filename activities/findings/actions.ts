import type { DutyActivityDependencies } from '../dependencies';

/** Actions raised from a visit report's issues and recommendations. */
export function createActionActivities(deps: DutyActivityDependencies) {
  return {
    /** Raises one action per issue and recommendation of an approved report (again: none twice); returns their IDs. */
    async openReportActions(reportId: string): Promise<string[]> {
      void deps;
      void reportId;
      return [];
    },
  };
}
