import { WorkflowIdConflictPolicy } from '@temporalio/client';

import { visitProgramme, visitProgrammeWorkflowId } from '../workflows/visit-programme';
import type { ServiceDependencies } from './context';
import { syncReportSchedules, type ScheduleSync } from './report-schedules';
import { ensureTrainingWorkflows } from './training';

/**
 * Makes Temporal match the database: every active visit programme has its
 * workflow, every member a training cycle for each course they need, and
 * every generated report duty its schedule. Idempotent, so the
 * worker runs it at every start-up; after a Temporal reset nothing is lost.
 */
export async function reconcileDuties(
  deps: ServiceDependencies,
): Promise<{ programmes: number; trainingCycles: number; schedules: ScheduleSync }> {
  const programmes = await deps.db.visitProgramme.findMany({
    where: { status: { in: ['ACTIVE', 'PAUSED'] }, establishment: { active: true } },
    select: { id: true, establishmentId: true },
  });
  for (const programme of programmes) {
    await deps.temporal.workflow.start(visitProgramme, {
      workflowId: visitProgrammeWorkflowId(programme.establishmentId),
      taskQueue: deps.taskQueue,
      args: [{ programmeId: programme.id }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  }
  return { programmes: programmes.length, trainingCycles: await ensureTrainingWorkflows(deps), schedules: await syncReportSchedules(deps) };
}
