#!/usr/bin/env node
import { Command } from 'commander';

import { ConfigError } from '../config/env';
import { InputError } from '../services/errors';
import { registerAdminCommands } from './commands/admin';
import { registerCouncilCommands } from './commands/councils';
import { registerMeetingCommands } from './commands/reports/meetings';
import { registerMemberCommands } from './commands/members';
import { registerPanelCommands } from './commands/panels';
import { registerPledgeCommands } from './commands/pledge/pledge';
import { registerPoolCommands } from './commands/visits/pools';
import { registerReportCommands } from './commands/reports/reports';
import { registerTrainingCommands } from './commands/training/training';
import { registerTrainingRecordCommands } from './commands/training/records';
import { registerVisitCommands } from './commands/visits/visits';
import type { GlobalOptions } from './context';

const program = new Command()
  .name('cpe')
  .description('Corporate Parenting Engine: the officer command line')
  .option('--council <slug>', 'the council to act in (needed when several are registered)')
  .option('--as <email>', "the officer to act as (default: $CPE_OFFICER_EMAIL, else the council's first admin)")
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
for (const register of [
  registerAdminCommands,
  // After the admin commands: it adds to their `officers` and `tokens` groups.
  registerCouncilCommands,
  registerMeetingCommands,
  registerMemberCommands,
  registerPledgeCommands,
  registerPoolCommands,
  registerReportCommands,
  registerTrainingCommands,
  registerPanelCommands,
  registerTrainingRecordCommands,
  registerVisitCommands,
])
  register(program, globals);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof InputError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
