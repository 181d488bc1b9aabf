import { WorkflowNotFoundError } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';

import { programmeChanged, visitProgrammeWorkflowId } from '../workflows/visit-programme';
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
  try {
    await deps.temporal.workflow.getHandle(workflowId).signal(signal, ...args);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    process.emitWarning(`Could not signal ${workflowId} (${signal.name}): ${(error as Error).message}`, { code: 'CPE_SIGNAL_FAILED' });
  }
}

/** Every programme drawing on a pool looks again, e.g. after members were added or left. */
export async function nudgeProgrammesOfPool(deps: ServiceDependencies, poolId: string): Promise<void> {
  const programmes = await deps.db.visitProgramme.findMany({ where: { poolId }, select: { establishmentId: true } });
  await Promise.all(programmes.map(({ establishmentId }) => nudgeProgramme(deps, establishmentId, programmeChanged)));
}
