import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';

import type { PledgeActivities } from '../activities/pledge';
import { campaignSteps, type CampaignStep } from '../domain/pledge/campaign';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

const { loadPledgeCampaign, closePledge, openPledgeYear } = proxyActivities<PledgeActivities>(dataActivityOptions);
const {
  invitePledgeMembers,
  remindPledgeEvent,
  chasePledgeSigners,
  listPledgeNonSigners,
  remindCommitmentRenewal,
  checkCommitmentRenewal,
} = proxyActivities<PledgeActivities>(emailActivityOptions);

/** The pledge was re-dated or changed, or a member joined or left: look again. */
export const pledgeCampaignChanged = defineSignal('pledgeCampaignChanged');
export const pledgeCampaignState = defineQuery<{ stepsTaken: string[]; invited: number }>('pledgeCampaignState');

export const pledgeCampaignWorkflowId = (pledgeId: string) => `pledge-campaign:${pledgeId}`;
export const pledgeYearScheduleId = (councilId: string) => `pledge-year:${councilId}`;

const now = () => Date.now();
const nowIso = () => new Date(now()).toISOString();

/**
 * One municipal year's pledge campaign, from the officer's confirmation to the
 * year's end: invitations to every serving member (and to members who join
 * later), reminders before the signing event, chases of non-signers after it,
 * the list of who has still not signed, the renewal of commitment at the first
 * ordinary Council meeting, and the close. Signatures live in Postgres: each
 * step reads who has signed, so chasing stops the moment someone signs.
 */
export async function pledgeCampaign(input: { pledgeId: string }): Promise<string> {
  const state = { stepsTaken: [] as string[], invited: 0 };
  let changed = false;
  setHandler(pledgeCampaignChanged, () => void (changed = true));
  setHandler(pledgeCampaignState, () => state);
  const startedAt = now();

  for (;;) {
    changed = false;
    const plan = await loadPledgeCampaign(input.pledgeId);
    if (plan.status !== 'OPEN') return plan.status;
    state.invited += await invitePledgeMembers({ pledgeId: input.pledgeId, asOf: nowIso() });
    const steps = campaignSteps({ ...plan.settings, eventStartsAt: new Date(plan.settings.eventStartsAt) });
    for (const step of steps.filter((candidate) => candidate.at.getTime() <= now() && !state.stepsTaken.includes(candidate.key))) {
      state.stepsTaken.push(step.key);
      // Reminders and chases whose day passed before this run began are not sent late; notices to officers are.
      if ((step.kind === 'EVENT_REMINDER' || step.kind === 'CHASE') && step.at.getTime() < startedAt) continue;
      if (step.kind === 'CLOSE') {
        await closePledge(input.pledgeId);
        return 'CLOSED';
      }
      await runStep(input.pledgeId, step);
    }
    if (changed) continue;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof pledgeCampaign>(input);
    const next = steps.filter((step) => !state.stepsTaken.includes(step.key)).map((step) => step.at.getTime());
    await condition(() => changed, Math.max(1, Math.min(...next) - now()));
  }
}

async function runStep(pledgeId: string, step: CampaignStep): Promise<void> {
  const asOf = nowIso();
  switch (step.kind) {
    case 'EVENT_REMINDER':
      return void (await remindPledgeEvent({ pledgeId, daysBefore: step.n, asOf }));
    case 'CHASE':
      return void (await chasePledgeSigners({ pledgeId, round: step.n, asOf }));
    case 'LIST_NON_SIGNERS':
      return listPledgeNonSigners({ pledgeId, asOf });
    case 'COMMITMENT_REMINDER':
      return remindCommitmentRenewal(pledgeId);
    case 'COMMITMENT_CHECK':
      return checkCommitmentRenewal(pledgeId);
    case 'CLOSE':
      return;
  }
}

/** Run by each council's yearly schedule when the municipal year begins: the new year's pledge, drafted for the officer. */
export async function pledgeYear(input: { councilId: string }): Promise<string | null> {
  return openPledgeYear({ councilId: input.councilId, asOf: nowIso() });
}
