import { readFile } from 'node:fs/promises';

import { Client, Connection } from '@temporalio/client';
import type { Command } from 'commander';

import { loadConfig, type AppConfig } from '../config/env';
import { createDb, type Db } from '../db/client';
import type { Actor, ServiceDependencies } from '../services/context';
import { NotFoundError } from '../services/errors';
import { actorForOfficerEmail } from '../services/officers';
import type { OfficerMail } from '../services/password-links';
import { createSmtpMailer } from '../email/mailer';
import { createOutbox } from '../email/outbox';
import { payloadCodecFor, temporalDataConverter } from '../worker/payload-codec';

export interface GlobalOptions {
  council?: string;
  as?: string;
}

/** What a command works with: the services' dependencies, the settings, and the outbox for officers' emails. */
export type CommandDependencies = ServiceDependencies & { config: AppConfig; officerMail: OfficerMail };

/** Opens what a command needs, runs it, and always closes the connections; no council or officer is needed. */
export async function operating<T>(run: (deps: CommandDependencies) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl, { maxConnections: 3 });
  // Lazy: commands that never start a workflow work while Temporal is down.
  const connection = Connection.lazy(config.temporalConnection);
  // Nodemailer connects on the first message only.
  const mailer = createSmtpMailer(config.smtpUrl, config.smtp);
  const clock = () => new Date();
  try {
    const temporal = new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: temporalDataConverter(payloadCodecFor(config.payloadKeys)),
    });
    const officerMail = { outbox: createOutbox({ db, mailer, from: config.MAIL_FROM, clock }), publicBaseUrl: config.publicBaseUrl };
    return await run({
      db,
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      clock,
      linkSecret: config.linkSigningSecret,
      config,
      officerMail,
    });
  } finally {
    mailer.close();
    await connection.close();
    await db.$disconnect();
  }
}

/** Opens what a command needs and finds the acting officer, runs it, and always closes the connections. */
export async function withServices<T>(options: GlobalOptions, run: (deps: CommandDependencies, actor: Actor) => Promise<T>): Promise<T> {
  return operating(async (deps) => run(deps, await actorFor(deps.db, options)));
}

/**
 * A command's action run as the acting officer: what the command line passes
 * (arguments, then options) follows the services and the actor.
 */
export function acting<Args extends unknown[]>(
  globals: () => GlobalOptions,
  run: (deps: CommandDependencies, actor: Actor, ...args: Args) => Promise<unknown>,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    await withServices(globals(), (deps, actor) => run(deps, actor, ...args));
  };
}

/**
 * A command that shows something: with --json (added last, after the
 * command's own options) it prints what `load` returns as JSON, for scripts;
 * without, `print` writes it for people.
 */
export function showing<Args extends unknown[], Shown>(
  command: Command,
  globals: () => GlobalOptions,
  load: (deps: CommandDependencies, actor: Actor, ...args: Args) => Promise<Shown>,
  print: (shown: Shown, ...args: Args) => void,
): void {
  command.option('--json', 'print JSON').action(
    acting(globals, async (deps, actor, ...args: Args) => {
      const shown = await load(deps, actor, ...args);
      // Commander passes the command itself last, after the arguments and options.
      if ((args.at(-1) as Command).opts<{ json?: boolean }>().json) return console.log(JSON.stringify(shown, null, 2));
      print(shown, ...args);
    }),
  );
}

async function actorFor(db: Db, options: GlobalOptions): Promise<Actor> {
  const councils = await db.council.findMany({ select: { id: true, slug: true }, orderBy: { slug: 'asc' } });
  const council = options.council
    ? councils.find((candidate) => candidate.slug === options.council)
    : councils.length === 1
      ? councils[0]
      : undefined;
  if (!council) {
    if (options.council) throw new NotFoundError('council', options.council);
    throw new Error(
      councils.length === 0
        ? 'There is no council in the database yet. Create one with `cpe councils create` (see `cpe councils create --help`), or seed the demo council with `cpe seed`.'
        : `Several councils are registered (${councils.map((c) => c.slug).join(', ')}); choose one with --council <slug>.`,
    );
  }
  return actorForOfficerEmail(db, council.id, options.as ?? process.env.CPE_OFFICER_EMAIL);
}

/** A command group shared by several command modules (e.g. `training`): found if already registered, else created. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}

/** A comma-separated option as a list, e.g. "NM001, NM002" → ["NM001", "NM002"]; blanks are dropped. */
export const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** A comma-separated option of numbers as a list, e.g. "60, 30, 7" → [60, 30, 7]; the services check each. */
export const numbers = (value: string): number[] => list(value).map(Number);

/** A numeric option as a number, or undefined when it was left out; the services check it. */
export const optionalNumber = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

/** Rows padded into columns, the first row being the headings. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_heading, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return rows.map((row) => line(row).trimEnd()).join('\n');
}

/** A CSV file's bytes (their encoding is worked out on import), or an error naming the path when it cannot be read. */
export const readCsvFile = (file: string): Promise<Buffer> =>
  readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${file} (${error.code ?? error.message}); check the path to the CSV file.`);
  });

/** A subcommand of `parent`, `usage` being its name and arguments, e.g. "invite <meetingId>", and `description` what --help says of it. */
export const subcommand = (parent: Command, usage: string, description: string): Command => parent.command(usage).description(description);
