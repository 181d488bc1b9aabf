import type { Command } from 'commander';

import { addPanelSeat, endPanelSeat, recordElection } from '../../services/panels';
import { acting, list, type GlobalOptions } from '../context';

/** Panel seats and elections: both make courses due (a panel's required courses, courses renewed after elections). */
export function registerPanelCommands(program: Command, globals: () => GlobalOptions): void {
  const seats = program.command('seats').description('panel seats (courses a panel requires become due)');
  seats
    .command('add <panelKey> <memberReference>')
    .requiredOption('--from <date>')
    .option('--to <date>')
    .action(
      acting(globals, async (deps, actor, panelKey: string, memberReference: string, options: { from: string; to?: string }) => {
        await addPanelSeat(deps, actor, { panelKey, memberReference, ...options });
        console.log('Seat added; any course the panel requires is now due for the member.');
      }),
    );
  seats
    .command('end <panelKey> <memberReference>')
    .requiredOption('--on <date>', 'the last day in the seat')
    .action(
      acting(globals, async (deps, actor, panelKey: string, memberReference: string, options: { on: string }) => {
        await endPanelSeat(deps, actor, { panelKey, memberReference, on: options.on });
        console.log('Seat ended.');
      }),
    );

  program
    .command('elections')
    .description('elections (courses renewed after elections become due again)')
    .command('record')
    .requiredOption('--on <date>', 'election day')
    .requiredOption('--members <references>', 'comma-separated member references elected that day')
    .action(
      acting(globals, async (deps, actor, options: { on: string; members: string }) => {
        const result = await recordElection(deps, actor, { on: options.on, memberReferences: list(options.members) });
        console.log(`Recorded for ${result.members} member(s).`);
      }),
    );
}
