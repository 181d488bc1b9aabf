// Two workflows, each with one change to the commands it issues, for
// test/workflows/replay.test.ts. Made unconditionally (unguarded.ts), the
// change no longer replays the committed histories; made behind patched()
// (guarded.ts), it does. They are bundled for the sandbox like workflows/.
import { patched, proxyActivities, sleep } from '@temporalio/workflow';

import { dataActivityOptions } from '../../../workflows/activity-options';
import { panelMeetingInvites as committedInvites, type PanelMeetingInvitesInput } from '../../../workflows/panel-meeting-invites';
import { trainingRenewal as committedRenewal, type TrainingRenewalInput } from '../../../workflows/training-renewal';

// An activity the change adds; replay never runs activities, so no worker needs it.
const { notePanelInvitationsStarting } = proxyActivities<{ notePanelInvitationsStarting(meetingId: string): Promise<void> }>(
  dataActivityOptions,
);

/** How a change is made: always, or only where the history was recorded with it. */
export type MakeChange = (patchId: string, change: () => Promise<unknown>) => Promise<void>;

export const always: MakeChange = async (_patchId, change) => void (await change());

export const behindPatch: MakeChange = async (patchId, change) => {
  if (patched(patchId)) await change();
};

/** The workflows as committed, each with one command added at its start. */
export function changedWorkflows(make: MakeChange) {
  return {
    /** A new timer: the cycle waits an hour before its first review. */
    trainingRenewal: async (input: TrainingRenewalInput) => {
      await make('training-first-review-after-an-hour', () => sleep('1 hour'));
      return committedRenewal(input);
    },
    /** A new activity call before the invitations go. */
    panelMeetingInvites: async (input: PanelMeetingInvitesInput) => {
      await make('note-invitations-starting', () => notePanelInvitationsStarting(input.meetingId));
      return committedInvites(input);
    },
  };
}
