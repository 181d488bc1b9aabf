import type { Command } from 'commander';

import { formatDateTime } from '../../domain/calendar';
import { createCouncil, listCouncils } from '../../services/councils';
import {
  changeOfficerRole,
  deactivateOfficer,
  inviteOfficer,
  listApiTokens,
  listOfficers,
  reactivateOfficer,
  revokeApiToken,
} from '../../services/officer-accounts';
import { OIDC_CALLBACK_PATH, removeCouncilIdentityProvider, setCouncilIdentityProvider } from '../../services/officer-oidc-sign-in';
import type { IssuedPasswordLink } from '../../services/password-links';
import type { Actor } from '../../services/context';
import { acting, commandGroup, operating, showing, subcommand, table, type CommandDependencies, type GlobalOptions } from '../context';

/** What the operator or admin is told about a set-password link: it, and whether the email went. */
function printLink(name: string, link: IssuedPasswordLink): void {
  console.log(`One-time link for ${name} to choose a password (works once, until ${formatDateTime(link.expiresAt)}):\n${link.url}`);
  console.log(
    link.emailed
      ? 'The same link has been emailed to them.'
      : `The email could not be sent (${link.emailProblem}); pass the link on yourself, or send a new one from the officers page.`,
  );
}

/** The id of the officer with this email in the acting officer's council: commands take addresses, services take ids. */
async function officerIdOf(deps: CommandDependencies, actor: Actor, email: string): Promise<string> {
  const officer = (await listOfficers(deps, actor)).find((candidate) => candidate.email === email.trim().toLowerCase());
  if (!officer) throw new Error(`No officer with email ${email} in this council; \`cpe officers list\` shows them.`);
  return officer.id;
}

/** The options of a command adding an officer to the acting admin's council: their name and role. */
export interface NewOfficerOptions {
  name: string;
  role: string;
}

/** Adds the options naming a new officer and their role to `command`. */
export const withNewOfficerOptions = (command: Command): Command =>
  command
    .requiredOption('--name <name>', 'their name, as shown on pages and in the audit log')
    .option('--role <role>', 'ADMIN, OFFICER or READ_ONLY', 'OFFICER');

/** The new officer as the services take them; the services check the role. */
export const newOfficer = (email: string, options: NewOfficerOptions) => ({ email, name: options.name, role: options.role as 'OFFICER' });

/**
 * `councils` are operator commands: they act for no officer, so they work on
 * an empty database. The officer and token commands act as an admin.
 */
export function registerCouncilCommands(program: Command, globals: () => GlobalOptions): void {
  const councils = program.command('councils').description('councils (operator commands: no acting officer needed)');
  subcommand(councils, 'create', 'create a council and its first admin, who is emailed a one-time link to choose a password')
    .requiredOption('--slug <slug>', 'short lower-case name used in addresses and --council, e.g. northmere')
    .requiredOption('--name <name>', 'the council’s name, e.g. "Northmere Borough Council"')
    .requiredOption('--alerts-email <address>', 'democratic services’ shared mailbox: failed emails and missed visits are reported there')
    .requiredOption('--admin-email <address>', 'the first admin’s work email address')
    .option('--admin-name <name>', 'the first admin’s name', 'Council administrator')
    .option('--municipal-year-starts <month>', 'the month (1-12) the municipal year starts', '5')
    .option('--reply-to <address>', 'where replies to officers’ emails go (default: the alerts address)')
    .option('--no-standard-setup', 'start without the standard courses, panels and reports')
    .action(
      async (options: {
        slug: string;
        name: string;
        alertsEmail: string;
        adminEmail: string;
        adminName: string;
        municipalYearStarts: string;
        replyTo?: string;
        standardSetup: boolean;
      }) => {
        await operating(async (deps) => {
          const created = await createCouncil(deps, {
            slug: options.slug,
            name: options.name,
            alertsEmail: options.alertsEmail,
            replyToEmail: options.replyTo,
            municipalYearStartMonth: options.municipalYearStarts as unknown as number /* the schema coerces it */,
            adminName: options.adminName,
            adminEmail: options.adminEmail,
            standardSetup: options.standardSetup,
          });
          console.log(
            `Created ${created.council.name} (${created.council.slug}), with ${created.admin.name} <${created.admin.email}> as its admin.`,
          );
          if (created.standardItems.length) console.log(`Standard set-up: ${created.standardItems.map((item) => item.title).join('; ')}.`);
          printLink(created.admin.name, created.link);
        });
      },
    );
  subcommand(councils, 'list', 'every council: slug, name, alerts address, number of officers, created')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await operating(async (deps) => {
        const rows = await listCouncils(deps);
        if (options.json) return console.log(JSON.stringify(rows, null, 2));
        if (!rows.length) return console.log('No councils yet. Create one with `cpe councils create`.');
        console.log(
          table([
            ['slug', 'name', 'alerts', 'officers', 'created'],
            ...rows.map((row) => [row.slug, row.name, row.alertsEmail, String(row.officers), formatDateTime(row.createdAt)]),
          ]),
        );
      });
    });
  subcommand(
    councils,
    'identity-provider <slug>',
    'let the council’s officers sign in through its own OpenID Connect provider (e.g. Microsoft Entra ID)',
  )
    .option('--issuer <url>', 'the provider’s issuer, e.g. https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0')
    .option('--client-id <id>', 'the client ID the provider issued (Entra ID: Application (client) ID)')
    .option('--client-secret <secret>', 'the client secret (Entra ID: the secret’s Value); never shown again')
    .option('--remove', 'stop signing in through the provider: passwords only')
    .action(async (slug: string, options: { issuer?: string; clientId?: string; clientSecret?: string; remove?: boolean }) => {
      await operating(async (deps) => {
        if (options.remove) {
          const council = await removeCouncilIdentityProvider(deps, slug);
          return console.log(`${council.name}’s officers now sign in with passwords only.`);
        }
        const provider = await setCouncilIdentityProvider(deps, slug, {
          issuer: options.issuer,
          clientId: options.clientId,
          clientSecret: options.clientSecret,
        });
        console.log(
          `${provider.name}’s officers can now sign in through ${provider.issuer} (client ID ${provider.clientId}); passwords still work.`,
        );
        console.log(`The redirect URI to register with the provider: ${deps.config.publicBaseUrl}${OIDC_CALLBACK_PATH}`);
      });
    });

  const officers = commandGroup(program, 'officers', 'officer accounts (sign-in to the web pages)');
  showing(
    subcommand(officers, 'list', 'the council’s officers, with role, whether active, and last sign-in'),
    globals,
    (deps, actor) => listOfficers(deps, actor),
    (rows) =>
      console.log(
        table([
          ['email', 'name', 'role', 'active', 'last signed in'],
          ...rows.map((row) => [
            row.email,
            row.name,
            row.role,
            row.active ? (row.passwordSet ? 'yes' : 'invited') : 'no',
            row.lastSignedInAt ? formatDateTime(row.lastSignedInAt) : 'never',
          ]),
        ]),
      ),
  );
  withNewOfficerOptions(
    subcommand(officers, 'invite <email>', 'invite an officer: they are emailed a one-time link to choose a password'),
  ).action(
    acting(globals, async (deps, actor, email: string, options: NewOfficerOptions) => {
      const { officer, link } = await inviteOfficer(deps, actor, newOfficer(email, options));
      console.log(`Invited ${officer.name} <${officer.email}> as ${officer.role}.`);
      printLink(officer.name, link);
    }),
  );
  subcommand(officers, 'role <email> <role>', 'change an officer’s role: ADMIN, OFFICER or READ_ONLY').action(
    acting(globals, async (deps, actor, email: string, role: string) => {
      const officer = await changeOfficerRole(deps, actor, await officerIdOf(deps, actor, email), { role: role as 'OFFICER' });
      console.log(`${officer.name} <${officer.email}> is now ${officer.role}.`);
    }),
  );
  subcommand(
    officers,
    'deactivate <email>',
    'deactivate an officer: their sessions end at once and they cannot sign in or use their API tokens',
  ).action(
    acting(globals, async (deps, actor, email: string) => {
      const officer = await deactivateOfficer(deps, actor, await officerIdOf(deps, actor, email));
      console.log(`${officer.name} is deactivated; their sessions have ended.`);
    }),
  );
  subcommand(officers, 'reactivate <email>', 'let a deactivated officer sign in again').action(
    acting(globals, async (deps, actor, email: string) => {
      const officer = await reactivateOfficer(deps, actor, await officerIdOf(deps, actor, email));
      console.log(`${officer.name} can sign in again.`);
    }),
  );

  const tokens = commandGroup(program, 'tokens', 'API tokens');
  showing(
    subcommand(tokens, 'list', 'API tokens in force: every officer’s for an admin, your own otherwise'),
    globals,
    (deps, actor) => listApiTokens(deps, actor),
    (rows) =>
      console.log(
        rows.length
          ? table([
              ['id', 'officer', 'label', 'created', 'last used'],
              ...rows.map((row) => [
                row.id,
                row.officer.email,
                row.label,
                formatDateTime(row.createdAt),
                row.lastUsedAt ? formatDateTime(row.lastUsedAt) : 'never',
              ]),
            ])
          : 'No API tokens in force.',
      ),
  );
  subcommand(tokens, 'revoke <id>', 'revoke an API token by its id (see `tokens list`): the API refuses it from then on').action(
    acting(globals, async (deps, actor, id: string) => {
      const token = await revokeApiToken(deps, actor, id);
      console.log(`Revoked the token "${token.label}".`);
    }),
  );
}
