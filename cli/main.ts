#!/usr/bin/env node
import { Command } from 'commander';

import { ConfigError, loadConfig } from '../config/env';
import { createDb } from '../db/client';
import { localDateOf } from '../domain/calendar';
import { seedDemoCouncil } from '../seeds/demo-council';
import { InputError } from '../services/errors';
import { createApiToken } from '../services/officers';
import { listMeetings, sendMeetingInvitations } from '../services/panels';
import { deployMigrations } from '../stack/migrate';
import { withServices, type GlobalOptions } from './context';

const program = new Command()
  .name('cpe')
  .description('Corporate Parenting Engine: the officer command line')
  .option('--council <slug>', 'the council to act in (needed when several are registered)')
  .option('--as <email>', "the officer to act as (default: $CPE_OFFICER_EMAIL, else the council's first admin)")
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

program
  .command('migrate')
  .description('apply database migrations (prisma migrate deploy)')
  .action(async () => {
    await deployMigrations(loadConfig().databaseUrl, (line) => console.log(line));
  });

program
  .command('seed')
  .description('create or complete the fictional demo council (running it twice changes nothing)')
  .action(async () => {
    const config = loadConfig();
    const db = createDb(config.databaseUrl);
    try {
      const summary = await seedDemoCouncil(db, { today: localDateOf(new Date()), includeDemoToken: config.NODE_ENV !== 'production' });
      console.log(`Demo council ready: ${summary.members} members.`);
    } finally {
      await db.$disconnect();
    }
  });

const meetings = program.command('meetings').description('panel meetings');

meetings
  .command('list')
  .description('list panel meetings, soonest first')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    await withServices(globals(), async (deps, actor) => {
      const rows = await listMeetings(deps, actor);
      if (options.json) return console.log(JSON.stringify(rows, null, 2));
      for (const row of rows) console.log(`${row.id}  ${row.when.padEnd(40)} ${row.panel} (${row.invitees} on the list)`);
    });
  });

meetings
  .command('invite <meetingId>')
  .description("email the meeting's calendar invitation to the panel's distribution list")
  .action(async (meetingId: string) => {
    await withServices(globals(), async (deps, actor) => {
      const result = await sendMeetingInvitations(deps, actor, { meetingId });
      console.log(`Invitations are being sent (workflow ${result.workflowId}).`);
    });
  });

program
  .command('tokens')
  .description('API tokens')
  .command('create')
  .description('create an API token for the acting officer (shown once)')
  .requiredOption('--label <label>', 'where the token will be used, e.g. "reporting script"')
  .action(async (options: { label: string }) => {
    await withServices(globals(), async (deps, actor) => {
      const { token } = await createApiToken(deps.db, actor, { label: options.label });
      console.log(`Token (shown once; store it safely):\n${token}`);
    });
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof InputError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
