import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { condition, defineQuery, defineSignal, ParentClosePolicy, proxyActivities, setHandler, startChild } from '@temporalio/workflow';

import type { FindingActivities, ReviewPosition } from '../activities/findings';
import { dataActivityOptions, emailActivityOptions } from './activity-options';
import { findingAction, findingActionWorkflowId } from './finding-action';

const { reportReviewPosition, openReportActions, closeManagerWindow } = proxyActivities<FindingActivities>(dataActivityOptions);
const { raiseUrgentConcern, askVisitor, remindReview, escalateReview, sendManagerLink, remindManager } =
  proxyActivities<FindingActivities>(emailActivityOptions);

export interface VisitReportReviewInput {
  reportId: string;
}

export interface VisitReportReviewState {
  stage: ReviewPosition['stage'] | null;
  /** Each stage the report entered counts one round; reminders are keyed by it. */
  round: number;
  /** Steps taken, as "<round>:<step>". */
  stepsTaken: string[];
  /** The actions opened at approval, each running as a child workflow of its own. */
  actionIds: string[];
}

/** The officer approved or returned the report, the visitor answered, or the manager commented (already in Postgres). */
export const reportReviewChanged = defineSignal('reportReviewChanged');
export const reportReviewState = defineQuery<VisitReportReviewState>('reportReviewState');

export const visitReportReviewWorkflowId = (reportId: string) => `visit-report-review:${reportId}`;

/** A report waiting on nobody's timer is looked at again this often, in case a signal was lost. */
const RECHECK_MS = 24 * 60 * 60 * 1000;

const now = () => Date.now();

interface Step {
  key: string;
  at: string | null;
  take: () => Promise<unknown>;
}

/** The timed steps of the stage the report is in: reminders and escalation while it waits, the manager's window after approval. */
function stepsOf(reportId: string, position: ReviewPosition, round: number): Step[] {
  if (position.stage === 'WITH_MANAGER') {
    return [
      { key: 'remind-manager', at: position.managerRemindAt, take: () => remindManager(reportId) },
      { key: 'window-ends', at: position.windowEndsAt, take: () => closeManagerWindow(reportId) },
    ];
  }
  return [
    { key: 'remind', at: position.remindAt, take: () => remindReview({ reportId, round }) },
    { key: 'escalate', at: position.escalateAt, take: () => escalateReview({ reportId, round }) },
  ];
}

/**
 * A visit report from submission to final: the urgent-concern check first,
 * then the officer's review (approve, or return with a question the visitor
 * answers through their link), then the home manager's factual-accuracy
 * window, each step reminded and escalated when it stalls. Postgres holds
 * the report's stage; signals only say "look again", and every working-day
 * date comes from an activity.
 */
export async function visitReportReview(input: VisitReportReviewInput): Promise<'FINAL'> {
  const { reportId } = input;
  const state: VisitReportReviewState = { stage: null, round: 0, stepsTaken: [], actionIds: [] };
  let changed = false;
  let managerTold = false;
  setHandler(reportReviewChanged, () => void (changed = true));
  setHandler(reportReviewState, () => state);

  await raiseUrgentConcern(reportId);
  let since = new Date(now()).toISOString();
  for (;;) {
    changed = false;
    const position = await reportReviewPosition({ reportId, since });
    if (state.stage !== null && position.stage !== state.stage) {
      // A new stage: its reminders count from now.
      since = new Date(now()).toISOString();
      state.round += 1;
      state.stage = position.stage;
      continue;
    }
    if (state.stage === null) {
      state.round = 1;
      state.stage = position.stage;
    }

    if (position.approved && !managerTold) {
      await openActions(reportId, state);
      await sendManagerLink(reportId);
      managerTold = true;
    }
    if (position.stage === 'FINAL') return 'FINAL';
    if (position.stage === 'RETURNED' && takeStep(state, 'ask')) await askVisitor({ reportId, round: state.round });

    const pending = stepsOf(reportId, position, state.round).filter(
      (step) => step.at !== null && !state.stepsTaken.includes(`${state.round}:${step.key}`),
    );
    const due = pending.filter((candidate) => Date.parse(candidate.at!) <= now());
    for (const step of due) {
      takeStep(state, step.key);
      await step.take();
    }
    // A step may have moved the report on (the window's end makes it final): look again before waiting.
    if (changed || due.length) continue;
    const next = pending.map((step) => Date.parse(step.at!)).filter((at) => at > now());
    await condition(() => changed, next.length ? Math.max(1, Math.min(...next) - now()) : RECHECK_MS);
  }
}

/** Marks a step of this round taken; false if it already was. */
function takeStep(state: VisitReportReviewState, key: string): boolean {
  const id = `${state.round}:${key}`;
  if (state.stepsTaken.includes(id)) return false;
  state.stepsTaken.push(id);
  return true;
}

/** One finding-action workflow per action raised from the report, outliving this review. */
async function openActions(reportId: string, state: VisitReportReviewState): Promise<void> {
  state.actionIds = await openReportActions(reportId);
  for (const actionId of state.actionIds) {
    try {
      await startChild(findingAction, {
        workflowId: findingActionWorkflowId(actionId),
        args: [{ actionId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      // Already running: an officer reopened it, or it was started before.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
