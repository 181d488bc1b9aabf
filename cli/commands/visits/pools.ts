import type { Command } from 'commander';

import { formatDate } from '../../../domain/calendar';
import { VISIT_DUTY } from '../../../domain/visits/duty';
import { describeSpell } from '../../../domain/visits/pools';
import {
  endPoolMembership,
  importPoolMembers,
  listPools,
  poolMembers,
  registerPool,
  POOL_MEMBER_COLUMNS,
  type RegisterPoolInput,
} from '../../../services/visits/pools';
import { acting, readCsvFile, showing, subcommand, table, withServices, type GlobalOptions } from '../../context';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function registerPoolCommands(program: Command, globals: () => GlobalOptions): void {
  const pools = program.command('pools').description('pools of members agreed to make Regulation 33 and Recommendation 41 visits');

  showing(subcommand(pools, 'list', 'list the pools, with how many members are in each today'), globals, listPools, (rows) => {
    if (rows.length === 0) return console.log('No pools yet; register one with `cpe pools register`.');
    const lines = rows.map((pool) => [
      pool.key,
      pool.name,
      `${VISIT_DUTY[pool.purpose].name}s`,
      String(pool.membersNow),
      `${pool.approvedBy}, ${formatDate(pool.approvedOn)}`,
    ]);
    console.log(table([['key', 'name', 'for', 'members today', 'approved by'], ...lines]));
  });

  subcommand(pools, 'register', 'register a pool agreed by Cabinet or another body')
    .requiredOption('--key <key>', 'short lower-case key used in commands and files, e.g. reg33-pool')
    .requiredOption('--name <name>', 'the name people know it by, e.g. "Regulation 33 visiting pool"')
    .requiredOption('--purpose <purpose>', "REG33_HOMES (children's homes) or REC41_OFFICES (social work offices)")
    .requiredOption('--approved-by <body>', 'the body that agreed the pool, e.g. Cabinet')
    .requiredOption('--approved-on <date>', 'the day it was agreed, YYYY-MM-DD')
    .action(
      acting(globals, async (deps, actor, options: RegisterPoolInput) => {
        const pool = await registerPool(deps, actor, options);
        console.log(`Registered ${pool.name} (${pool.key}), agreed by ${pool.approvedBy} on ${formatDate(pool.approvedOn)}.`);
        console.log(`Add members with \`cpe pools import ${pool.key} <file.csv>\` (columns ${POOL_MEMBER_COLUMNS.join(', ')}).`);
      }),
    );

  subcommand(pools, 'members <poolKey>', 'everyone who has been in the pool, their spells, and who is in it on a day')
    .option('--on <date>', 'the day to check, YYYY-MM-DD (default today)')
    .action(
      acting(globals, async (deps, actor, poolKey: string, options: { on?: string }) => {
        const { pool, on, members } = await poolMembers(deps, actor, { poolKey, on: options.on });
        const inPool = members.filter((member) => member.inPool).length;
        console.log(`${pool.name} on ${formatDate(on)}: ${plural(inPool, 'member')} in the pool.`);
        if (members.length === 0)
          return console.log(`Nobody has been in it yet; add members with \`cpe pools import ${pool.key} <file.csv>\`.`);
        const lines = members.map((member) => [
          member.reference,
          member.name,
          member.email,
          member.inPool ? 'yes' : 'no',
          member.spells.map(describeSpell).join('; '),
        ]);
        console.log(table([['reference', 'name', 'email', 'in pool', 'spells'], ...lines]));
      }),
    );

  subcommand(
    pools,
    'import <poolKey> <file>',
    `add members from a CSV file with columns ${POOL_MEMBER_COLUMNS.join(', ')}; every row is added, or none`,
  ).action(async (poolKey: string, file: string) => {
    const csv = await readCsvFile(file);
    await withServices(globals(), async (deps, actor) => {
      const { added, poolName } = await importPoolMembers(deps, actor, { poolKey, csv });
      console.log(`Added ${plural(added, 'member')} to ${poolName}.`);
    });
  });

  subcommand(pools, 'end <poolKey> <memberReference>', "end a member's current spell in the pool")
    .requiredOption('--on <date>', 'their last day in the pool, YYYY-MM-DD')
    .action(
      acting(globals, async (deps, actor, poolKey: string, memberReference: string, options: { on: string }) => {
        const ended = await endPoolMembership(deps, actor, { poolKey, memberReference, on: options.on });
        console.log(
          `${ended.member} (${ended.reference}) is in ${ended.pool} until ${formatDate(ended.to)}, after joining it on ${formatDate(ended.from)}.`,
        );
      }),
    );
}
