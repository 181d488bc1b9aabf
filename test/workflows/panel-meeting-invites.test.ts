import { Worker } from '@temporalio/worker';

import type { createPanelActivities } from '../../activities/reports/meetings';
import { panelMeetingInvites } from '../../workflows';
import { useTimeSkippingEnvironment } from '../support/time-skipping';
import { runWorkflowBundle } from '../support/workflow-bundle';

type PanelActivities = ReturnType<typeof createPanelActivities>;

const env = useTimeSkippingEnvironment();

test('every person on the distribution list is invited once, and a refused address is counted as failed', async () => {
  const invited: string[] = [];
  const activities: PanelActivities = {
    listMeetingInvitees: async () => ['d1', 'd2', 'd3'],
    sendMeetingInvite: async ({ distributionId }) => {
      invited.push(distributionId);
      return { notificationId: `n-${distributionId}`, status: distributionId === 'd3' ? 'FAILED' : 'SENT' };
    },
  };
  const worker = await Worker.create({
    connection: env().nativeConnection,
    taskQueue: 'panel-invites-test',
    workflowBundle: runWorkflowBundle(),
    activities,
  });
  const result = await worker.runUntil(
    env().client.workflow.execute(panelMeetingInvites, {
      workflowId: `panel-meeting-invites:test-${Date.now()}`,
      taskQueue: 'panel-invites-test',
      args: [{ meetingId: 'm1' }],
    }),
  );
  expect(invited.sort()).toEqual(['d1', 'd2', 'd3']);
  expect(result).toEqual({ sent: 2, alreadySent: 0, failed: 1 });
});
