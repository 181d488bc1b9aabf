// The changes in changes.ts behind patched(): histories recorded before them replay on the old path.
import { behindPatch, changedWorkflows } from './changes';

export const { trainingRenewal, panelMeetingInvites } = changedWorkflows(behindPatch);
