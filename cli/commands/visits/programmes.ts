import type { Command } from 'commander';

import { listProgrammes, pauseProgramme, resumeProgramme, startProgramme, stopProgramme } from '../../../services/visits/programmes';
import { acting, optionalNumber, showing, subcommand, type GlobalOptions } from '../../context';

const numbers = (value: string) => value.split(',').map((item) => Number(item.trim()));

/** The options of `programmes start`, as the command line gives them. */
interface StartOptions {
  pool: string;
  visitors: string;
  reminders: string;
  responseDays: string;
  cadence?: string;
}

/** `programmes`: each home's or office's visit programme. */
export function registerProgrammeCommands(program: Command, globals: () => GlobalOptions): void {
  const programmes = program.command('programmes').description('visit programmes (Regulation 33 and Recommendation 41)');

  showing(
    subcommand(programmes, 'list', 'every home and office, its programme and this period’s visit'),
    globals,
    listProgrammes,
    (rows) => {
      for (const row of rows) {
        const programme = row.programme ? `${row.programme.status.toLowerCase()}, ${row.programme.pool}` : 'no programme';
        const visit = row.currentVisit
          ? `${row.currentVisit.status.toLowerCase()} (${row.currentVisit.visitors.map((v) => `${v.name}: ${v.status.toLowerCase()}`).join('; ') || 'nobody yet'})`
          : '';
        console.log(`${row.key.padEnd(28)} ${programme.padEnd(48)} ${visit}`);
      }
    },
  );

  subcommand(
    programmes,
    'start <establishmentKey>',
    'start (or update) the visit programme of a home or office; running it twice is harmless',
  )
    .requiredOption('--pool <poolKey>', 'the pool visitors are allocated from')
    .option('--visitors <n>', 'visitors per visit (1 or 2)', '1')
    .option('--reminders <days>', 'days before the period ends to remind, e.g. 14,3', '14,3')
    .option('--response-days <n>', 'days a visitor has to accept before the visit is offered to someone else', '5')
    .option('--cadence <months>', 'months per visit (homes: 1; offices default 3)')
    .action(
      acting(globals, async (deps, actor, establishmentKey: string, options: StartOptions) => {
        const result = await startProgramme(deps, actor, {
          establishmentKey,
          poolKey: options.pool,
          visitorsPerVisit: Number(options.visitors),
          reminderDays: numbers(options.reminders),
          responseDays: Number(options.responseDays),
          cadenceMonths: optionalNumber(options.cadence),
        });
        console.log(`Programme running (workflow ${result.workflowId}). See it with \`programmes list\` or in the Temporal UI.`);
      }),
    );

  for (const [name, change, done] of [
    ['pause', pauseProgramme, 'Paused: this period’s visit is cancelled and its visitors told.'],
    ['resume', resumeProgramme, 'Resumed: this period’s visit is being allocated.'],
    ['stop', stopProgramme, 'Stopped: no further visits will be arranged.'],
  ] as const) {
    programmes
      .command(`${name} <establishmentKey>`)
      .description(`${name} a programme`)
      .action(
        acting(globals, async (deps, actor, establishmentKey: string) => {
          await change(deps, actor, { establishmentKey });
          console.log(done);
        }),
      );
  }
}
