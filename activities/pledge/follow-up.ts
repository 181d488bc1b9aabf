import { formatDate, fromDbDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { servingOn } from '../../db/members';
import { pledgeContext } from './context';
import type { DutyActivityDependencies } from '../dependencies';

/** After the campaign: who has still not signed, and Council's renewal of its commitment. */
export function createPledgeFollowUpActivities(deps: DutyActivityDependencies) {
  const { db, alertOfficers } = deps;
  const { loadPledge, yearOf, nonSigners, today } = pledgeContext(deps);
  return {
    /** After the last chase: the officers get the list of who has still not signed; group leaders their group's, if configured. */
    async listPledgeNonSigners(input: { pledgeId: string; asOf: string }): Promise<void> {
      const pledge = await loadPledge(input.pledgeId);
      const day = today(pledge, input.asOf);
      const members = await nonSigners(pledge, day);
      const year = yearOf(pledge).label;
      const listed = (group: typeof members) =>
        group.map((member): [string, string] => [memberDisplayName(member), member.party ?? member.ward ?? '']);
      await alertOfficers({
        councilId: pledge.councilId,
        key: `pledge:${pledge.id}:non-signers`,
        alert: {
          subject: `${members.length} member(s) have not signed the ${year} Corporate Parenting Pledge`,
          preview: 'Chasing has finished; these members have still not signed.',
          paragraphs: [
            members.length
              ? `After ${pledge.chaseRounds} reminder(s), these serving members have still not signed the ${year} pledge:`
              : `Every serving member has signed the ${year} pledge.`,
          ],
          facts: listed(members),
        },
      });
      if (!pledge.tellGroupLeaders) return;
      const leaders = await db.member.findMany({
        where: { councilId: pledge.councilId, roles: { has: 'GROUP_LEADER' }, ...servingOn(day) },
      });
      for (const leader of leaders) {
        const group = members.filter((member) => member.party !== null && member.party === leader.party);
        if (!group.length) continue;
        await alertOfficers({
          councilId: pledge.councilId,
          key: `pledge:${pledge.id}:non-signers:${leader.id}`,
          alsoTo: [{ address: leader.email, name: memberDisplayName(leader) }],
          alert: {
            subject: `${leader.party}: ${group.length} member(s) have not signed the ${year} Corporate Parenting Pledge`,
            preview: 'For the group leader.',
            paragraphs: [`These members of ${leader.party} have not signed the ${year} pledge. Please encourage them to sign online.`],
            facts: listed(group),
          },
        });
      }
    },

    async remindCommitmentRenewal(pledgeId: string): Promise<void> {
      const pledge = await loadPledge(pledgeId);
      if (pledge.commitmentRenewedOn || !pledge.firstCouncilMeetingOn) return;
      const meeting = formatDate(fromDbDate(pledge.firstCouncilMeetingOn));
      await alertOfficers({
        councilId: pledge.councilId,
        key: `pledge:${pledge.id}:commitment-reminder`,
        alert: {
          subject: `Put the renewal of the corporate parenting commitment on the agenda for ${meeting}`,
          preview: `Council renews its commitment to looked-after children at its first ordinary meeting of ${yearOf(pledge).label}.`,
          paragraphs: [
            `Council renews its corporate commitment to looked-after children at its first ordinary meeting each year. The meeting is on ${meeting}.`,
            'Please put the renewal on the agenda, and record it once Council has made it (`cpe pledge commitment --on <date>`).',
          ],
        },
      });
    },

    async checkCommitmentRenewal(pledgeId: string): Promise<void> {
      const pledge = await loadPledge(pledgeId);
      if (pledge.commitmentRenewedOn || !pledge.firstCouncilMeetingOn) return;
      await alertOfficers({
        councilId: pledge.councilId,
        key: `pledge:${pledge.id}:commitment-missing`,
        alert: {
          subject: 'The renewal of the corporate parenting commitment has not been recorded',
          preview: `Expected at the meeting on ${formatDate(fromDbDate(pledge.firstCouncilMeetingOn))}.`,
          paragraphs: [
            `Council was due to renew its commitment to looked-after children on ${formatDate(fromDbDate(pledge.firstCouncilMeetingOn))}, and no renewal has been recorded.`,
            'If Council renewed it, record the date; if not, put it on the next ordinary meeting’s agenda.',
          ],
        },
      });
    },
  };
}
