import type { Command } from 'commander';

import { confirmPledge, pledgeOverview, recordCommitmentRenewed, recordSignaturesAtEvent } from '../../../services/pledge/pledge';
import { acting, list, optionalNumber, subcommand, type GlobalOptions } from '../../context';

/** The options of `pledge confirm`, as the command line gives them. */
interface ConfirmOptions {
  eventDate: string;
  start: string;
  end?: string;
  location: string;
  adopted: string;
  firstCouncilMeeting?: string;
  childrenInCareCouncil?: string;
  chaseEvery?: string;
  chaseRounds?: string;
  tellGroupLeaders?: boolean;
  year?: string;
}

export function registerPledgeCommands(program: Command, globals: () => GlobalOptions): void {
  const pledge = program.command('pledge').description('the Corporate Parenting Pledge of the municipal year');

  subcommand(pledge, 'show', 'the campaign: event, signatures, who has not signed')
    .option('--year <year>', 'the year the municipal year starts in (default: the current one)')
    .action(
      acting(globals, async (deps, actor, options: { year?: string }) => {
        const overview = await pledgeOverview(deps, actor, { year: options.year });
        console.log(`${overview.version}: ${overview.status.toLowerCase()}`);
        console.log(`Event: ${overview.event ?? 'not dated yet (pledge confirm)'}`);
        console.log(`Signed: ${overview.signed} of ${overview.serving} serving members`);
        console.log(`Renewal of commitment: ${overview.commitmentRenewedOnText ?? 'not recorded'}`);
        if (overview.notSigned.length) console.log(`Not yet signed:\n  ${overview.notSigned.join('\n  ')}`);
      }),
    );

  subcommand(pledge, 'confirm', 'confirm the text and date the signing event: the campaign starts and invitations go out')
    .requiredOption('--event-date <date>', 'YYYY-MM-DD')
    .requiredOption('--start <time>', 'HH:MM, e.g. 17:30')
    .option('--end <time>', 'HH:MM')
    .requiredOption('--location <place>')
    .requiredOption('--adopted <date>', 'the date Council adopted the pledge text')
    .option('--first-council-meeting <date>', 'where Council renews its commitment (YYYY-MM-DD)')
    .option('--children-in-care-council <note>', 'how the Children in Care Council took part (no personal data)')
    .option('--chase-every <days>', 'days between chases of non-signers after the event')
    .option('--chase-rounds <n>', 'chases before non-signers are listed to the officers')
    .option('--tell-group-leaders', 'also send each group leader their group’s non-signers')
    .option('--year <year>')
    .action(
      acting(globals, async (deps, actor, options: ConfirmOptions) => {
        const result = await confirmPledge(deps, actor, {
          municipalYear: options.year ? Number(options.year) : undefined,
          eventDate: options.eventDate,
          eventStart: options.start,
          eventEnd: options.end,
          eventLocation: options.location,
          adoptedOn: options.adopted,
          firstCouncilMeetingOn: options.firstCouncilMeeting,
          childrenInCareCouncilNote: options.childrenInCareCouncil,
          chaseEveryDays: optionalNumber(options.chaseEvery),
          chaseRounds: optionalNumber(options.chaseRounds),
          tellGroupLeaders: options.tellGroupLeaders,
        });
        console.log(`Confirmed: signing event ${result.event}. Invitations are going to every serving member.`);
      }),
    );

  subcommand(pledge, 'sign', 'record signatures collected at the event (one member or a list)')
    .requiredOption('--members <references>', 'comma-separated, e.g. NM001,NM004')
    .option('--at <datetime>', 'when they signed, e.g. 2026-05-19T17:45:00+01:00 (default: the event’s start)')
    .action(
      acting(globals, async (deps, actor, options: { members: string; at?: string }) => {
        const result = await recordSignaturesAtEvent(deps, actor, { memberReferences: list(options.members), signedAt: options.at });
        console.log(`Recorded ${result.recorded}${result.alreadySigned ? `; ${result.alreadySigned} had already signed` : ''}.`);
      }),
    );

  subcommand(pledge, 'commitment', 'record that Council renewed its commitment to looked-after children')
    .requiredOption('--on <date>', 'the meeting date (YYYY-MM-DD)')
    .action(
      acting(globals, async (deps, actor, options: { on: string }) => {
        await recordCommitmentRenewed(deps, actor, { on: options.on });
        console.log('Recorded.');
      }),
    );
}
