import { WorkflowIdConflictPolicy } from '@temporalio/client';

import { visitProgramme, visitProgrammeWorkflowId } from '../workflows/visit-programme';
import type { ServiceDependencies } from './context';
import { startCampaign } from './pledge/pledge';
import { startDutyRuns } from './reports/reports';
import { syncPledgeSchedules, type ScheduleSync } from './schedules';
import { ensureTrainingWorkflows } from './training/training';

/**
 * Makes Temporal match the database: every active visit programme has its
 * workflow, every member a training cycle for each course they need, every
 * confirmed pledge its campaign, every generated report duty and every
 * council's pledge year its schedule. Idempotent, so the worker runs it at
 * every start-up; after a Temporal reset nothing is lost.
 */
export async function reconcileDuties(deps: ServiceDependencies): Promise<{
  programmes: number;
  trainingCycles: number;
  pledgeCampaigns: number;
  schedules: ScheduleSync;
  pledgeSchedules: ScheduleSync;
}> {
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
  const pledges = await deps.db.pledge.findMany({ where: { status: 'OPEN', eventStartsAt: { not: null } }, select: { id: true } });
  for (const pledge of pledges) await startCampaign(deps, pledge.id);
  return {
    programmes: programmes.length,
    trainingCycles: await ensureTrainingWorkflows(deps),
    pledgeCampaigns: pledges.length,
    schedules: (await startDutyRuns(deps)).schedules,
    pledgeSchedules: await syncPledgeSchedules(deps),
  };
}
