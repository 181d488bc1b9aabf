import type { Command } from 'commander';

import { registerReportDuty, updateReportDuty, type RegisterReportDutyInput } from '../../../services/reports/reports';
import { acting, list, numbers, optionalNumber, subcommand, type GlobalOptions } from '../../context';

/** The options of `reports duty-add`, as the command line gives them. */
interface NewDutyOptions {
  title: string;
  panel: string;
  authoring: string;
  cadence: string;
  generator?: string;
  yearBasis: string;
  ownerName?: string;
  ownerEmail?: string;
  dueWorkingDays: string;
  reminders: string;
  oneOffFrom?: string;
  oneOffMonths?: string;
  alsoTo: string;
  reviewBeforeCirculation?: boolean;
}

/** The duty `reports duty-add` registers: strings from the command line, which registerReportDuty validates, naming any that are wrong. */
function newDutyInput(key: string, options: NewDutyOptions): RegisterReportDutyInput {
  return {
    key,
    title: options.title,
    panelKey: options.panel,
    authoring: options.authoring,
    cadence: options.cadence,
    generator: options.generator,
    yearBasis: options.yearBasis,
    ownerName: options.ownerName,
    ownerEmail: options.ownerEmail,
    dueWorkingDaysBeforeMeeting: Number(options.dueWorkingDays),
    reminderDays: numbers(options.reminders),
    oneOffFrom: options.oneOffFrom,
    oneOffMonths: optionalNumber(options.oneOffMonths),
    extraRecipients: list(options.alsoTo),
    reviewBeforeCirculation: Boolean(options.reviewBeforeCirculation),
  } as RegisterReportDutyInput;
}

/** The options of `reports duty-update`, as the command line gives them. */
interface DutyChangeOptions {
  cadence?: string;
  yearBasis?: string;
  ownerName?: string;
  ownerEmail?: string;
  off?: boolean;
  on?: boolean;
  reviewBeforeCirculation?: boolean;
}

/** `reports duty-add` and `reports duty-update`: the reports the council owes its panels. */
export function registerReportDutyCommands(reports: Command, globals: () => GlobalOptions): void {
  subcommand(reports, 'duty-add <key>', 'register a report the council owes a panel')
    .requiredOption('--title <title>')
    .requiredOption('--panel <panelKey>')
    .requiredOption('--authoring <kind>', 'GENERATED (built by the engine) or AUTHORED (written by its owner)')
    .requiredOption('--cadence <cadence>', 'QUARTERLY, SIX_MONTHLY, ANNUAL or ONE_OFF')
    .option('--generator <name>', 'for generated reports, e.g. visit-summary:REG33_HOMES, compliance-overview')
    .option('--year-basis <basis>', 'MUNICIPAL (from May) or FINANCIAL (from April)', 'MUNICIPAL')
    .option('--owner-name <name>')
    .option('--owner-email <email>')
    .option('--due-working-days <n>', 'working days before the panel meeting it is due', '10')
    .option('--reminders <days>', 'working days before the due date to remind the owner', '10,3')
    .option('--one-off-from <date>', 'for ONE_OFF: the date it counts from')
    .option('--one-off-months <n>', 'for ONE_OFF: within how many months')
    .option('--also-to <emails>', 'recipients besides the panel’s distribution list', '')
    .option('--review-before-circulation', 'an officer approves each report (and may add a commentary) before the panel gets it')
    .action(
      acting(globals, async (deps, actor, key: string, options: NewDutyOptions) => {
        const duty = await registerReportDuty(deps, actor, newDutyInput(key, options));
        console.log(`Registered ${duty.title}; ${duty.cadence === 'ONE_OFF' ? 'its run has started' : 'its schedule is in place'}.`);
      }),
    );

  subcommand(reports, 'duty-update <key>', 'change a duty: a new cadence updates its schedule in place')
    .option('--cadence <cadence>')
    .option('--year-basis <basis>')
    .option('--owner-name <name>')
    .option('--owner-email <email>')
    .option('--off', 'switch the duty off (its schedule is removed)')
    .option('--on', 'switch the duty back on')
    .option('--review-before-circulation', 'an officer approves each report before the panel gets it')
    .option('--no-review-before-circulation', 'reports go to the panel as soon as they are ready')
    .action(
      acting(globals, async (deps, actor, key: string, options: DutyChangeOptions) => {
        await updateReportDuty(deps, actor, {
          key,
          ...(options.cadence && { cadence: options.cadence as 'QUARTERLY' }),
          ...(options.yearBasis && { yearBasis: options.yearBasis as 'MUNICIPAL' }),
          ...(options.ownerName && { ownerName: options.ownerName }),
          ...(options.ownerEmail && { ownerEmail: options.ownerEmail }),
          ...((options.off || options.on) && { active: Boolean(options.on) }),
          ...(options.reviewBeforeCirculation !== undefined && { reviewBeforeCirculation: options.reviewBeforeCirculation }),
        });
        console.log('Updated.');
      }),
    );
}
