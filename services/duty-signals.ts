import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';

import { pledgeCampaignChanged, pledgeCampaignWorkflowId } from '../workflows/pledge-campaign';
import { trainingChanged, trainingRenewal, trainingWorkflowId } from '../workflows/training-renewal';
import { programmeChanged, visitProgrammeWorkflowId } from '../workflows/visit-programme';
import { reportReviewChanged, visitReportReview, visitReportReviewWorkflowId } from '../workflows/visit-report-review';
import type { ServiceDependencies } from './context';

/**
 * Tells an establishment's running programme to look again. The change is
 * already in Postgres, so nothing is lost if the programme is not running
 * (it reads Postgres when it starts) or Temporal cannot be reached for a
 * moment (the programme reads Postgres at its next wake-up): the person's
 * request still succeeds, and the failure is reported as a process warning.
 */
export async function nudgeProgramme<Args extends unknown[]>(
  deps: ServiceDependencies,
  establishmentId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<void> {
  const workflowId = visitProgrammeWorkflowId(establishmentId);
  await tolerated(workflowId, signal.name, () => deps.temporal.workflow.getHandle(workflowId).signal(signal, ...args));
}

/** Tells a report's run that what it waits for (a submission, an approval) is recorded; a run that has ended needs nothing. */
export async function nudgeReportRun(deps: ServiceDependencies, workflowId: string, signal: SignalDefinition<[]>): Promise<void> {
  await tolerated(workflowId, signal.name, () => deps.temporal.workflow.getHandle(workflowId).signal(signal));
}

/** A signal that cannot be delivered is reported as a warning: the change it announces is already in Postgres. */
export async function tolerated(workflowId: string, what: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    process.emitWarning(`Could not signal ${workflowId} (${what}): ${(error as Error).message}`, { code: 'CPE_SIGNAL_FAILED' });
  }
}

/**
 * Tells a member's training workflow for a course to look again, starting it
 * if it is not running (signal-with-start): a newly required course gets its
 * cycle, and one no longer required ends itself.
 */
export async function nudgeTraining(deps: ServiceDependencies, memberId: string, courseId: string): Promise<void> {
  const workflowId = trainingWorkflowId(memberId, courseId);
  await tolerated(workflowId, trainingChanged.name, () =>
    deps.temporal.workflow.signalWithStart(trainingRenewal, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ memberId, courseId }],
      signal: trainingChanged,
    }),
  );
}

/** Every course of the member's council looks again for this member: after a seat, pool, role or election change. */
export async function nudgeTrainingOfMember(deps: ServiceDependencies, memberId: string): Promise<void> {
  const member = await deps.db.member.findUniqueOrThrow({ where: { id: memberId }, select: { councilId: true } });
  const courses = await deps.db.course.findMany({ where: { councilId: member.councilId }, select: { id: true } });
  await Promise.all(courses.map((course) => nudgeTraining(deps, memberId, course.id)));
}

/** Every programme drawing on a pool looks again, and so does each member's training (pools can require courses). */
export async function nudgeProgrammesOfPool(deps: ServiceDependencies, poolId: string, memberIds: readonly string[] = []): Promise<void> {
  const programmes = await deps.db.visitProgramme.findMany({ where: { poolId }, select: { establishmentId: true } });
  await Promise.all(programmes.map(({ establishmentId }) => nudgeProgramme(deps, establishmentId, programmeChanged)));
  for (const memberId of memberIds) await nudgeTrainingOfMember(deps, memberId);
}

/** The council's open pledge campaigns look again: a member joined (and is invited) or left (and drops off the list). */
export async function nudgePledgeCampaigns(deps: ServiceDependencies, councilId: string): Promise<void> {
  const pledges = await deps.db.pledge.findMany({ where: { councilId, status: 'OPEN' }, select: { id: true } });
  for (const pledge of pledges) {
    const workflowId = pledgeCampaignWorkflowId(pledge.id);
    await tolerated(workflowId, pledgeCampaignChanged.name, () =>
      deps.temporal.workflow.getHandle(workflowId).signal(pledgeCampaignChanged),
    );
  }
}

/**
 * Starts a visit report's review (idempotent: a second start for the same
 * report, running or finished, is harmless). The report is already in
 * Postgres; if Temporal cannot be reached, submitting it again starts it.
 */
export async function startReportReview(deps: ServiceDependencies, reportId: string): Promise<void> {
  const workflowId = visitReportReviewWorkflowId(reportId);
  await tolerated(workflowId, 'start', () =>
    deps.temporal.workflow
      .start(visitReportReview, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ reportId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      })
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }),
  );
}

/** Tells a report's review to look again: the officer decided, the visitor answered, or the manager commented. */
export async function nudgeReportReview(deps: ServiceDependencies, reportId: string): Promise<void> {
  const workflowId = visitReportReviewWorkflowId(reportId);
  await tolerated(workflowId, reportReviewChanged.name, () => deps.temporal.workflow.getHandle(workflowId).signal(reportReviewChanged));
}
