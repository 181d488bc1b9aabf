import type { TrainingActivityDependencies } from './dependencies';
import { createTrainingLapseActivities } from './lapses';
import { createTrainingReminderActivities } from './reminders';

export type { TrainingActivityDependencies } from './dependencies';

/** The training renewal's activities, one factory per capability, all built from the same dependencies. */
export function createTrainingActivities(deps: TrainingActivityDependencies) {
  return {
    ...createTrainingReminderActivities(deps),
    ...createTrainingLapseActivities(deps),
  };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
