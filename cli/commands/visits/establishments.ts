import type { Command } from 'commander';

import { formatDate } from '../../../domain/calendar';
import { recordConflict, registerEstablishment } from '../../../services/visits/programmes';
import { acting, type GlobalOptions } from '../../context';

/** The options of `establishments register`, as the command line gives them. */
interface NewEstablishmentOptions {
  key: string;
  name: string;
  kind: 'CHILDRENS_HOME' | 'SOCIAL_WORK_OFFICE';
  address?: string;
  ofstedUrn?: string;
  managerName?: string;
  managerEmail?: string;
}

/** `establishments`: the homes and offices visited. */
export function registerEstablishmentCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('establishments')
    .description("children's homes and social work offices")
    .command('register')
    .description('register a home or office')
    .requiredOption('--key <key>', 'short id, e.g. oakfield-house')
    .requiredOption('--name <name>', 'the name people know it by')
    .requiredOption('--kind <kind>', 'CHILDRENS_HOME or SOCIAL_WORK_OFFICE')
    .option('--address <address>')
    .option('--ofsted-urn <urn>')
    .option('--manager-name <name>')
    .option('--manager-email <email>')
    .action(
      acting(globals, async (deps, actor, options: NewEstablishmentOptions) => {
        const establishment = await registerEstablishment(deps, actor, options);
        console.log(`Registered ${establishment.name} (${establishment.key}).`);
      }),
    );
}

/** `conflicts`: members kept away from one establishment's visits. */
export function registerConflictCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('conflicts')
    .description('conflicts of interest (regulation 43)')
    .command('record <establishmentKey> <memberReference>')
    .description('keep a member away from one establishment’s visits')
    .requiredOption('--reason <reason>', 'what the conflict is')
    .requiredOption('--from <date>', 'from (YYYY-MM-DD)')
    .option('--to <date>', 'until (YYYY-MM-DD)')
    .action(
      acting(
        globals,
        async (deps, actor, establishmentKey: string, memberReference: string, options: { reason: string; from: string; to?: string }) => {
          await recordConflict(deps, actor, { establishmentKey, memberReference, ...options });
          console.log(`Recorded from ${formatDate(options.from)}.`);
        },
      ),
    );
}
