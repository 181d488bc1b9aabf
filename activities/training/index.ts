import type { DutyActivityDependencies } from '../dependencies';
import { createTrainingLapseActivities } from './lapses';
import { createTrainingReminderActivities } from './reminders';

/** The training renewal's activities, one factory per capability, all built from the same dependencies. */
export function createTrainingActivities(deps: DutyActivityDependencies) {
  return {
    ...createTrainingReminderActivities(deps),
    ...createTrainingLapseActivities(deps),
  };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
