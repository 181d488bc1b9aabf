import type { Command } from 'commander';

import { formatDate } from '../../domain/calendar';
import {
  importMembers,
  listMembers,
  MEMBER_COLUMNS,
  recordMemberLeft,
  registerMember,
  updateMember,
  type MemberEntry,
} from '../../services/members';
import { acting, commandGroup, readCsvFile, showing, subcommand, withServices, type GlobalOptions } from '../context';

interface NewMemberOptions {
  given: string;
  family: string;
  email: string;
  /** Comma-separated, e.g. COUNCILLOR,CABINET_MEMBER. */
  roles: string;
  joined: string;
  ward?: string;
  party?: string;
  elected?: string;
}

type DetailOptions = Partial<Omit<NewMemberOptions, 'joined'>>;

/** The service's names for the details the options give. */
const detailsOf = (options: DetailOptions) => ({
  givenName: options.given,
  familyName: options.family,
  email: options.email,
  roles: options.roles?.split(','),
  ward: options.ward,
  party: options.party,
  electedOn: options.elected,
});

/** "ward Eastgate; Labour; COUNCILLOR, CABINET_MEMBER; joined Monday 5 May 2022; elected Thursday 7 May 2026". */
function describeMember(member: MemberEntry): string {
  return [
    member.ward && `ward ${member.ward}`,
    member.party,
    member.roles.join(', '),
    `joined ${formatDate(member.joinedOn)}`,
    member.electedOn && `elected ${formatDate(member.electedOn)}`,
    member.leftOn && `left ${formatDate(member.leftOn)}`,
  ]
    .filter(Boolean)
    .join('; ');
}

const nameAndReference = (member: MemberEntry) => `${member.name} (${member.reference})`;

export function registerMemberCommands(program: Command, globals: () => GlobalOptions): void {
  const members = commandGroup(program, 'members', "the council's members: who serves, their details and roles, and who has left");
  registerMemberListCommand(members, globals);
  registerMemberChangeCommands(members, globals);
  registerMemberImportCommand(members, globals);
}

function registerMemberListCommand(members: Command, globals: () => GlobalOptions): void {
  showing(
    subcommand(members, 'list', 'the members serving on a day, with their details')
      .option('--on <date>', 'the day to check, YYYY-MM-DD (default today)')
      .option('--all', 'also list members who have left or not yet joined'),
    globals,
    async (deps, actor, options: { on?: string; all?: boolean }) => listMembers(deps, actor, { on: options.on, includeLeft: options.all }),
    (list, options) => {
      const serving = list.members.filter((member) => member.serving).length;
      console.log(`${serving} member(s) serving on ${formatDate(list.on)}${options.all ? `, of ${list.members.length} recorded` : ''}.`);
      if (list.members.length === 0) return console.log('Register members with `cpe members add` or `cpe members import <file.csv>`.');
      for (const member of list.members) {
        console.log(`\n${member.reference.padEnd(10)} ${member.name} <${member.email}>`);
        console.log(`${''.padEnd(10)} ${describeMember(member)}`);
      }
    },
  );
}

/** `members add`, `update` and `left`: one member at a time. */
function registerMemberChangeCommands(members: Command, globals: () => GlobalOptions): void {
  subcommand(members, 'add <reference>', 'register a member of the council; the courses their roles require become due')
    .requiredOption('--given <name>', 'given (first) name')
    .requiredOption('--family <name>', 'family name (surname)')
    .requiredOption('--email <address>', 'the email address they read')
    .requiredOption('--roles <roles>', 'comma-separated, e.g. COUNCILLOR,CABINET_MEMBER')
    .requiredOption('--joined <date>', 'the day they joined the council, YYYY-MM-DD')
    .option('--ward <ward>', 'the ward they represent')
    .option('--party <party>', 'their party or group')
    .option('--elected <date>', 'their most recent election, YYYY-MM-DD')
    .action(
      acting(globals, async (deps, actor, reference: string, options: NewMemberOptions) => {
        const { given, family, email, roles, joined, ward, party, elected } = options;
        const member = await registerMember(deps, actor, {
          reference,
          givenName: given,
          familyName: family,
          email,
          roles: roles.split(','),
          joinedOn: joined,
          ward,
          party,
          electedOn: elected,
        });
        console.log(`Registered ${nameAndReference(member)}: ${describeMember(member)}.`);
      }),
    );

  subcommand(members, 'update <reference>', "change a member's details; only the options given change")
    .option('--given <name>', 'given (first) name')
    .option('--family <name>', 'family name (surname)')
    .option('--email <address>', 'the email address they read')
    .option('--roles <roles>', 'all their roles, comma-separated, e.g. COUNCILLOR,CABINET_MEMBER')
    .option('--ward <ward>', 'the ward they represent ("" for none)')
    .option('--party <party>', 'their party or group ("" for none)')
    .option('--elected <date>', 'their most recent election, YYYY-MM-DD')
    .action(
      acting(globals, async (deps, actor, reference: string, options: DetailOptions) => {
        const { member, changed } = await updateMember(deps, actor, { reference, ...detailsOf(options) });
        console.log(
          changed.length
            ? `Updated ${changed.join(', ')} of ${nameAndReference(member)}: ${describeMember(member)}.`
            : `Nothing changed: ${nameAndReference(member)} already has the details given.`,
        );
      }),
    );

  subcommand(
    members,
    'left <reference>',
    'record that a member left the council; their pool spells and panel seats end that day, their history stays',
  )
    .requiredOption('--on <date>', 'the day they left, YYYY-MM-DD')
    .action(
      acting(globals, async (deps, actor, reference: string, options: { on: string }) => {
        const { member, poolSpellsEnded, seatsEnded } = await recordMemberLeft(deps, actor, { reference, leftOn: options.on });
        console.log(
          `${nameAndReference(member)} left the council on ${formatDate(options.on)}; ${poolSpellsEnded} pool spell(s) and ${seatsEnded} panel seat(s) end then.`,
        );
      }),
    );
}

/** `members import`: the file is read before anything is opened, so a wrong path is said at once. */
function registerMemberImportCommand(members: Command, globals: () => GlobalOptions): void {
  members
    .command('import <file>')
    .description(
      `register and update members from a CSV file with columns ${MEMBER_COLUMNS.join(', ')} (roles separated by ;); ` +
        'recorded references are updated, blank ward, party or elected_on leave what is recorded; every row is imported, or none',
    )
    .action(async (file: string) => {
      const csv = await readCsvFile(file);
      await withServices(globals(), async (deps, actor) => {
        const { added, updated } = await importMembers(deps, actor, { csv });
        console.log(`Added ${added}, updated ${updated}.`);
      });
    });
}
