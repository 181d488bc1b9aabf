import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';

import type { FindingActivities } from '../activities/findings';
import type { FindingActionReview } from '../activities/findings/actions';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

const { reviewFindingAction } = proxyActivities<FindingActivities>(dataActivityOptions);
const { takeFindingActionStep } = proxyActivities<FindingActivities>(emailActivityOptions);

export interface FindingActionInput {
  actionId: string;
}

export interface FindingActionState {
  review: FindingActionReview | null;
  /** Keys of the steps taken in this run. */
  stepsTaken: string[];
}

/** Something changed in Postgres: an update by the owner, done, closed, reopened, a new owner or due date. */
export const findingActionChanged = defineSignal('findingActionChanged');
export const findingActionState = defineQuery<FindingActionState>('findingActionState');

export const findingActionWorkflowId = (actionId: string) => `finding-action:${actionId}`;

const now = () => Date.now();

/**
 * One action from raised to done: its owner reminded before the due date,
 * officers then the lead member told when overdue. Postgres holds the action;
 * the workflow reviews it whenever it wakes or is told something changed, and
 * ends when the action is done or closed (reopening starts it again).
 */
export async function findingAction(input: FindingActionInput): Promise<'RESOLVED'> {
  const state: FindingActionState = { review: null, stepsTaken: [] };
  let changed = false;
  setHandler(findingActionChanged, () => void (changed = true));
  setHandler(findingActionState, () => state);
  const startedAt = now();

  for (;;) {
    changed = false;
    const review = await reviewFindingAction(input);
    state.review = review;
    if (review.status !== 'OPEN') return 'RESOLVED';

    const due = review.steps.filter((step) => Date.parse(step.at) <= now() && !state.stepsTaken.includes(step.key));
    for (const step of due) {
      state.stepsTaken.push(step.key);
      // A reminder whose day passed before this run began is not sent late; the overdue notices are.
      if (step.kind === 'REMIND_OWNER' && Date.parse(step.at) < startedAt) continue;
      await takeFindingActionStep({ actionId: input.actionId, step });
    }
    if (changed) continue;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof findingAction>(input);

    const next = review.steps.filter((step) => !state.stepsTaken.includes(step.key)).map((step) => Date.parse(step.at));
    if (next.length) await condition(() => changed, Math.max(1, Math.min(...next) - now()));
    else await condition(() => changed);
  }
}
