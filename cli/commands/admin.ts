import type { Command } from 'commander';

import { loadConfig } from '../../config/env';
import { createDb } from '../../db/client';
import { localDateOf } from '../../domain/calendar';
import { seedDemoCouncil } from '../../seeds/demo-council';
import { createApiToken } from '../../services/officers';
import { deployMigrations } from '../../stack/migrate';
import { withServices, type GlobalOptions } from '../context';

export function registerAdminCommands(program: Command, globals: () => GlobalOptions): void {
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
    .action(async (options: { label: string }) => {
      await withServices(globals(), async (deps, actor) => {
        const { token } = await createApiToken(deps.db, actor, { label: options.label });
        console.log(`Token (shown once; store it safely):\n${token}`);
      });
    });
}
