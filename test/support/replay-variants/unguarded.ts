// The changes in changes.ts made unconditionally: replaying a history recorded before them must fail.
import { always, changedWorkflows } from './changes';

export const { trainingRenewal, panelMeetingInvites } = changedWorkflows(always);
