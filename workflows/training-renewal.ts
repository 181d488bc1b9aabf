import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';

import type { TrainingActivities } from '../activities/training';
import type { TrainingPosition } from '../domain/training/position';
import { trainingSteps, type TrainingStep } from '../domain/training/steps';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

const { reviewTraining } = proxyActivities<TrainingActivities>(dataActivityOptions);
const { remindMemberAboutTraining, alertOfficersAboutTraining, noteTrainingLapsed } =
  proxyActivities<TrainingActivities>(emailActivityOptions);

export interface TrainingRenewalInput {
  memberId: string;
  courseId: string;
}

export interface TrainingRenewalState {
  position: TrainingPosition | null;
  /** Steps taken in this run, as "<due date>:<step>". */
  stepsTaken: string[];
}

/** Something changed: a completion recorded or verified, a seat, a pool, an election, the course itself. */
export const trainingChanged = defineSignal('trainingChanged');
export const trainingState = defineQuery<TrainingRenewalState>('trainingState');

export const trainingWorkflowId = (memberId: string, courseId: string) => `training:${memberId}:${courseId}`;

const now = () => Date.now();
const stepId = (step: TrainingStep) => `${step.dueBy}:${step.key}`;

/**
 * One member's cycle on one course, for as long as they need it: reminders
 * before the due date (an induction deadline or an expiry), the officers told
 * at the last reminder (or after a missed induction), and the lapse at expiry.
 * Postgres holds the records; the workflow reviews them whenever it wakes or
 * is told something changed, and starts a fresh run for each new completion.
 */
export async function trainingRenewal(input: TrainingRenewalInput): Promise<'NOT_REQUIRED'> {
  const state: TrainingRenewalState = { position: null, stepsTaken: [] };
  let changed = false;
  setHandler(trainingChanged, () => void (changed = true));
  setHandler(trainingState, () => state);
  const startedAt = now();

  for (;;) {
    changed = false;
    const review = await reviewTraining({ ...input, asOf: new Date(now()).toISOString() });
    const previous = state.position;
    state.position = review.position;
    if (!review.position.required) return 'NOT_REQUIRED';
    if (previous && previous.lastCompletedOn !== review.position.lastCompletedOn) {
      await continueAsNew<typeof trainingRenewal>(input);
    }

    const steps = trainingSteps(review.position, review.reminderDays, review.zone);
    for (const step of steps.filter((candidate) => candidate.at.getTime() <= now() && !state.stepsTaken.includes(stepId(candidate)))) {
      state.stepsTaken.push(stepId(step));
      // A reminder whose day passed before this run began is not sent late; notices to officers and of lapse are.
      if (step.kind === 'REMIND_MEMBER' && step.at.getTime() < startedAt) continue;
      const target = { ...input, dueBy: step.dueBy, asOf: new Date(now()).toISOString() };
      if (step.kind === 'REMIND_MEMBER') await remindMemberAboutTraining({ ...target, daysBefore: step.daysBefore, step: step.key });
      else if (step.kind === 'TELL_OFFICERS') await alertOfficersAboutTraining({ ...target, state: review.position.state });
      else await noteTrainingLapsed(target);
    }
    if (changed) continue;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof trainingRenewal>(input);

    const next = steps.filter((step) => !state.stepsTaken.includes(stepId(step))).map((step) => step.at.getTime());
    if (next.length) await condition(() => changed, Math.max(1, Math.min(...next) - now()));
    else await condition(() => changed);
  }
}
