import type { TestWorkflowEnvironment } from '@temporalio/testing';

import { COMMITMENT_NOTICE_WORKING_DAYS, type PledgeActivities } from '../../activities/pledge';
import { LONDON, localDateOf, municipalYearOf, type IsoDate } from '../../domain/calendar';
import { addWorkingDays } from '../../domain/working-days';
import { pledgeCampaign, pledgeCampaignChanged, pledgeCampaignState, pledgeCampaignWorkflowId, pledgeYear } from '../../workflows';
import { createJournal, londonInstant, onServerFrom, sleepUntil, utcMinutesOf, withWorker } from './support/workflow-clock';

const PLEDGE_ID = 'pledge-1';
const SERVING_SINCE = '2023-05-04';

/** A pledge's plan unless a test says otherwise: the schema's defaults, and no Council meeting date. */
const DEFAULT_PLAN = { eventReminderDays: [7, 1], chaseEveryDays: 14, chaseRounds: 3, firstCouncilMeetingOn: null as IsoDate | null };

interface CampaignSetup extends Partial<typeof DEFAULT_PLAN> {
  municipalYear: number;
  /** London wall time of the signing event. */
  event: string;
  /** Members by family name, in the order the council lists them, and the day each joined. */
  members: Array<{ id: string; joinedOn: IsoDate }>;
  /** Members who told the officers they cannot come to the event. */
  apologies?: string[];
  /** Members who sign on receiving a given email ("chase 1"). */
  signsAfter?: Record<string, string>;
}

/**
 * One council's pledge in memory, behind activities typed from the real
 * factory. Like Postgres, it is the record of who has signed: a member signs
 * without telling the workflow, and each step reads who still has not.
 */
function fakePledgeCampaign(setup: CampaignSetup) {
  const plan = { ...DEFAULT_PLAN, ...setup };
  const journal = createJournal();
  const pledge = { status: 'OPEN' as 'OPEN' | 'CLOSED', eventStartsAt: londonInstant(setup.event) };
  const signed = new Set<string>();
  const invited = new Set<string>();
  const nonSigners = (asOf: string) => {
    const today = localDateOf(new Date(asOf), LONDON);
    return setup.members.filter((member) => member.joinedOn <= today && !signed.has(member.id)).map((member) => member.id);
  };
  /** Journals an email to some members; those who sign on receiving it do. */
  const email = (what: string, to: string[]) => {
    if (to.length) journal.note(`${what} to ${to.join(', ')}`);
    for (const member of to) if (setup.signsAfter?.[member] === what) signed.add(member);
    return to.length;
  };
  const meeting = plan.firstCouncilMeetingOn;

  const activities: PledgeActivities = {
    async loadPledgeCampaign() {
      const { eventReminderDays, chaseEveryDays, chaseRounds, firstCouncilMeetingOn } = plan;
      const settings = {
        eventStartsAt: pledge.eventStartsAt.toISOString(),
        eventReminderDays,
        chaseEveryDays,
        chaseRounds,
        firstCouncilMeetingOn,
        commitmentReminderOn: meeting && addWorkingDays(meeting, -COMMITMENT_NOTICE_WORKING_DAYS),
        yearEnd: municipalYearOf(`${setup.municipalYear}-05-01`).end,
        zone: LONDON,
      };
      return { status: pledge.status, settings };
    },
    async invitePledgeMembers({ asOf }) {
      const toInvite = nonSigners(asOf).filter((member) => !invited.has(member));
      toInvite.forEach((member) => invited.add(member));
      return email('invitation', toInvite);
    },
    async remindPledgeEvent({ daysBefore, asOf }) {
      return email(
        `event reminder (${daysBefore}d)`,
        nonSigners(asOf).filter((member) => !setup.apologies?.includes(member)),
      );
    },
    async chasePledgeSigners({ round, asOf }) {
      return email(`chase ${round}`, nonSigners(asOf));
    },
    async listPledgeNonSigners({ asOf }) {
      journal.note(`officers told who has not signed: ${nonSigners(asOf).join(', ')}`);
    },
    async remindCommitmentRenewal() {
      journal.note(`officers reminded to put the renewal of commitment on the agenda for ${meeting}`);
    },
    async checkCommitmentRenewal() {
      journal.note(`officers asked whether Council renewed its commitment on ${meeting}`);
    },
    async closePledge() {
      pledge.status = 'CLOSED';
      journal.note('pledge closed');
    },
    async openPledgeYear({ asOf }) {
      journal.note(`${municipalYearOf(localDateOf(new Date(asOf), LONDON)).label} pledge drafted for the officers to confirm`);
      return 'pledge-2';
    },
  };
  return {
    activities,
    journal,
    sign: (member: string) => signed.add(member),
    redate: (event: string) => void (pledge.eventStartsAt = londonInstant(event)),
  };
}

/** As the officer's confirmation does: start the campaign, or tell a running one to look again. */
function confirm(env: TestWorkflowEnvironment, taskQueue: string) {
  return env.client.workflow.signalWithStart(pledgeCampaign, {
    workflowId: pledgeCampaignWorkflowId(PLEDGE_ID),
    taskQueue,
    args: [{ pledgeId: PLEDGE_ID }],
    signal: pledgeCampaignChanged,
  });
}

const members = (...ids: string[]) => ids.map((id) => ({ id, joinedOn: SERVING_SINCE }));

test('a summer campaign invites every serving member, reminds those coming before the event, chases non-signers until they sign, invites a member who joins, tells the officers who never signed and about the commitment, and closes at midnight after the municipal year', async () => {
  await onServerFrom('2027-06-01 08:00', async (env) => {
    const fake = fakePledgeCampaign({
      municipalYear: 2027,
      event: '2027-06-24 18:00',
      firstCouncilMeetingOn: '2027-07-15',
      members: [...members('adams', 'baker', 'clarke'), { id: 'desai', joinedOn: '2027-07-05' }, ...members('evans')],
      apologies: ['clarke'],
      signsAfter: { baker: 'chase 1', desai: 'chase 2' },
    });

    const { result, state } = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await confirm(env, taskQueue);
      await sleepUntil(env, '2027-06-24 19:30');
      fake.sign('adams'); // at the event
      await sleepUntil(env, '2027-07-05 10:00');
      await handle.signal(pledgeCampaignChanged); // Desai joins the council
      await sleepUntil(env, '2027-08-20 00:00');
      return { state: await handle.query(pledgeCampaignState), result: await handle.result() };
    });

    expect(fake.journal.lines()).toEqual([
      '2027-06-01 08:00 invitation to adams, baker, clarke, evans',
      '2027-06-17 09:00 event reminder (7d) to adams, baker, evans',
      '2027-06-23 09:00 event reminder (1d) to adams, baker, evans',
      // Ten working days before the first ordinary Council meeting on Thursday 15 July.
      '2027-07-01 09:00 officers reminded to put the renewal of commitment on the agenda for 2027-07-15',
      '2027-07-05 10:00 invitation to desai',
      '2027-07-08 09:00 chase 1 to baker, clarke, desai, evans',
      '2027-07-16 09:00 officers asked whether Council renewed its commitment on 2027-07-15',
      '2027-07-22 09:00 chase 2 to clarke, desai, evans',
      '2027-08-05 09:00 chase 3 to clarke, evans',
      '2027-08-19 09:00 officers told who has not signed: clarke, evans',
      // The 2027/28 municipal year ends on 30 April 2028.
      '2028-05-01 00:00 pledge closed',
    ]);
    expect(state).toEqual({ invited: 5, stepsTaken: expect.arrayContaining(['event-7d', 'chase-3', 'non-signers', 'commitment-check']) });
    expect(result).toBe('CLOSED');
  });
});

test('moving the event before any reminder moves the reminders and chases with it, each at 09:00 London on either side of the October clock change', async () => {
  await onServerFrom('2027-10-04 09:00', async (env) => {
    const fake = fakePledgeCampaign({
      municipalYear: 2027,
      event: '2027-10-14 18:00',
      chaseEveryDays: 7,
      chaseRounds: 2,
      members: members('adams', 'baker'),
    });

    await withWorker(env, fake.activities, async (taskQueue) => {
      await confirm(env, taskQueue);
      // The next day the officer moves the event a week later, and confirms again.
      await sleepUntil(env, '2027-10-05 12:00');
      fake.redate('2027-10-21 18:00');
      await confirm(env, taskQueue);
      await sleepUntil(env, '2027-10-21 19:00');
      fake.sign('adams');
      await sleepUntil(env, '2027-11-12 00:00');
    });

    expect(fake.journal.lines()).toEqual([
      '2027-10-04 09:00 invitation to adams, baker',
      '2027-10-14 09:00 event reminder (7d) to adams, baker',
      '2027-10-20 09:00 event reminder (1d) to adams, baker',
      '2027-10-28 09:00 chase 1 to baker',
      '2027-11-04 09:00 chase 2 to baker',
      '2027-11-11 09:00 officers told who has not signed: baker',
    ]);
    // The clocks go back on Sunday 31 October: 09:00 in London is 08:00 UTC before it and 09:00 UTC after.
    expect(utcMinutesOf(fake.journal, ['chase 1', 'chase 2'])).toEqual({
      'chase 1': '2027-10-28 08:00',
      'chase 2': '2027-11-04 09:00',
    });
  });
});

test('a campaign whose event falls late in the municipal year keeps 09:00 London across the spring clock change, closes at midnight on 30 April without the chases that would come after, and the new year’s pledge is drafted that morning', async () => {
  await onServerFrom('2026-11-23 08:00', async (env) => {
    const fake = fakePledgeCampaign({
      municipalYear: 2026,
      event: '2027-03-25 18:00',
      members: members('adams', 'baker', 'clarke'),
    });

    const results = await withWorker(env, fake.activities, async (taskQueue) => {
      const handle = await confirm(env, taskQueue);
      await sleepUntil(env, '2027-03-25 19:00');
      fake.sign('adams');
      // The council's yearly schedule starts the next year's pledge at 07:00 on 1 May.
      await sleepUntil(env, '2027-05-01 07:00');
      const draft = await env.client.workflow.start(pledgeYear, {
        workflowId: 'pledge-year:council-1',
        taskQueue,
        args: [{ councilId: 'council-1' }],
      });
      // Results are awaited last: awaiting one lets the server skip time freely once nothing is pending.
      await env.sleep('1 minute');
      return { campaign: await handle.result(), draft: await draft.result() };
    });

    // Chase 3 (6 May) and the list of non-signers (20 May) would fall in the next municipal year: neither is sent.
    expect(fake.journal.lines()).toEqual([
      '2026-11-23 08:00 invitation to adams, baker, clarke',
      '2027-03-18 09:00 event reminder (7d) to adams, baker, clarke',
      '2027-03-24 09:00 event reminder (1d) to adams, baker, clarke',
      '2027-04-08 09:00 chase 1 to baker, clarke',
      '2027-04-22 09:00 chase 2 to baker, clarke',
      '2027-05-01 00:00 pledge closed',
      '2027-05-01 07:00 2027/28 pledge drafted for the officers to confirm',
    ]);
    expect(utcMinutesOf(fake.journal, ['event reminder (1d)', 'chase 1', 'pledge closed'])).toEqual({
      'event reminder (1d)': '2027-03-24 09:00',
      'chase 1': '2027-04-08 08:00',
      'pledge closed': '2027-04-30 23:00',
    });
    expect(results).toEqual({ campaign: 'CLOSED', draft: 'pledge-2' });
  });
});
