import type { Command } from 'commander';

import { loadConfig } from '../../config/env';
import { createDb } from '../../db/client';
import { localDateOf } from '../../domain/calendar';
import { seedDemoCouncil } from '../../seeds/demo-council';
import { addOfficer, setOfficerPassword } from '../../services/officer-auth';
import { createApiToken } from '../../services/officers';
import { deployMigrations } from '../../stack/migrate';
import { acting, commandGroup, subcommand, type GlobalOptions } from '../context';
import { newOfficer, withNewOfficerOptions, type NewOfficerOptions } from './councils';

/** The first line of standard input: passwords are piped in, never given as arguments that shell history and `ps` would show. */
async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) console.error('Type the password, then press Enter:');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

export function registerAdminCommands(program: Command, globals: () => GlobalOptions): void {
  subcommand(program, 'migrate', 'apply database migrations (prisma migrate deploy)').action(async () => {
    await deployMigrations(loadConfig().databaseUrl, (line) => console.log(line));
  });

  subcommand(program, 'seed', 'create or complete the fictional demo council (running it twice changes nothing)').action(async () => {
    const config = loadConfig();
    const db = createDb(config.databaseUrl);
    try {
      const summary = await seedDemoCouncil(db, {
        today: localDateOf(new Date()),
        includeDemoCredentials: config.NODE_ENV !== 'production',
      });
      console.log(`Demo council ready: ${summary.members} members.`);
    } finally {
      await db.$disconnect();
    }
  });

  program
    .command('tokens')
    .description('API tokens')
    .command('create')
    .description('create an API token for the acting officer (shown once)')
    .requiredOption('--label <label>', 'where the token will be used, e.g. "reporting script"')
    .action(
      acting(globals, async (deps, actor, options: { label: string }) => {
        const { token } = await createApiToken(deps.db, actor, { label: options.label });
        console.log(`Token (shown once; store it safely):\n${token}`);
      }),
    );

  const officers = commandGroup(program, 'officers', 'officer accounts (sign-in to the web pages)');
  withNewOfficerOptions(
    officers
      .command('add <email>')
      .description("add an officer to the acting admin's council; the first password is read from standard input"),
  ).action(
    acting(globals, async (deps, actor, email: string, options: NewOfficerOptions) => {
      const password = await passwordFromStdin();
      const officer = await addOfficer(deps.db, actor, { ...newOfficer(email, options), password });
      console.log(`Added ${officer.name} <${officer.email}> as ${officer.role}. Tell them their password separately.`);
    }),
  );
  subcommand(
    officers,
    'password <email>',
    'set an officer’s password (read from standard input), unpause the account and end their sessions',
  ).action(
    acting(globals, async (deps, actor, email: string) => {
      await setOfficerPassword(deps.db, actor, { email, password: await passwordFromStdin() }, deps.clock());
      console.log(`Password set for ${email}; their other sessions have ended.`);
    }),
  );
}
