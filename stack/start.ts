import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';

import { ConfigError, EMBEDDED_DATABASE, loadConfig, type AppConfig } from '../config/env';
import { createDb } from '../db/client';
import { localDateOf } from '../domain/calendar';
import { DEMO_API_TOKEN, DEMO_OFFICER_PASSWORD, seedDemoCouncil } from '../seeds/demo-council';
import { DEV_SERVER_SQLITE_PRAGMAS, sqlitePragmaArgs } from './dev-server-sqlite';
import { deployMigrations } from './migrate';
import { isPortFree } from './ports';
import { leaveSignalsToCaller, startEmbeddedPostgres, stopLeftoverCluster, type RunningService } from './postgres';
import { projectRoot } from './project-root';
import { seedsDemoCouncil } from './demo-seed';
import { resolveTemporalCli } from './temporal-binaries';
import { BUILT_WORKFLOW_BUNDLE } from '../worker/bundle';

const say = (line: string) => console.log(`[start] ${line}`);

interface PortNeed {
  port: number;
  what: string;
  variable: string;
}

/** Every port this start will listen on, so a clash is reported before anything starts. */
function portsNeeded(config: AppConfig): PortNeed[] {
  const needs: PortNeed[] = [{ port: config.APP_PORT, what: 'the web app', variable: 'APP_PORT' }];
  if (config.embedded.postgres)
    needs.push({ port: config.EMBEDDED_POSTGRES_PORT, what: 'embedded Postgres', variable: 'EMBEDDED_POSTGRES_PORT' });
  if (config.embedded.temporal) {
    needs.push({ port: config.TEMPORAL_PORT, what: 'the Temporal dev server', variable: 'TEMPORAL_PORT' });
    needs.push({ port: config.TEMPORAL_UI_PORT, what: 'the Temporal UI', variable: 'TEMPORAL_UI_PORT' });
  }
  if (config.embedded.mail) {
    needs.push({ port: config.MAILDEV_SMTP_PORT, what: "the mail catcher's SMTP server", variable: 'MAILDEV_SMTP_PORT' });
    needs.push({ port: config.MAILDEV_WEB_PORT, what: "the mail catcher's inbox", variable: 'MAILDEV_WEB_PORT' });
  }
  return needs;
}

async function waitForPort(port: number, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not start listening on port ${port} within ${timeoutMs / 1000} s.`);
}

/** A child process whose output goes to a log file; `stop` sends SIGTERM, then SIGKILL after 10 s. */
function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, logDir: string, onUnexpectedExit: (message: string) => void) {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', out, out] });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) onUnexpectedExit(`${name} exited (${signal ?? `code ${code}`}); see ${logFile}`);
  });
  return {
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The configuration, or its problems said and exit code 2. */
function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Every port clash at once, before anything starts. */
async function exitOnPortClashes(config: AppConfig): Promise<void> {
  const clashes: string[] = [];
  for (const need of portsNeeded(config)) {
    if (!(await isPortFree(need.port)))
      clashes.push(`Port ${need.port}, for ${need.what}, is already in use. Stop what uses it, or set ${need.variable} to a free port.`);
  }
  if (clashes.length) {
    console.error(clashes.join('\n'));
    process.exit(2);
  }
}

/** What the start-up steps share: where things go, what is running (stopped in reverse), and how to give up. */
interface Stack {
  config: AppConfig;
  root: string;
  logDir: string;
  postgresDir: string;
  running: Array<{ name: string; stop: () => Promise<void> }>;
  fail: (message: string) => void;
}

/** Embedded Postgres when configured, then migrations, and the demo council in an empty database. */
async function startDatabase({ config, logDir, postgresDir, running }: Stack): Promise<void> {
  if (config.embedded.postgres) {
    say(`Starting embedded Postgres on port ${config.EMBEDDED_POSTGRES_PORT} (data in ${postgresDir})...`);
    const postgres: RunningService = await startEmbeddedPostgres({
      databaseDir: postgresDir,
      port: config.EMBEDDED_POSTGRES_PORT,
      database: EMBEDDED_DATABASE,
      onLog: (line) => fs.appendFileSync(path.join(logDir, 'postgres.log'), `${line}\n`),
    });
    leaveSignalsToCaller();
    running.push({ name: 'Postgres', stop: () => postgres.stop() });
  }
  say('Applying database migrations...');
  await deployMigrations(config.databaseUrl, (line) => fs.appendFileSync(path.join(logDir, 'migrate.log'), `${line}\n`));

  const db = createDb(config.databaseUrl, { maxConnections: 2 });
  if ((await db.council.count()) === 0) {
    if (seedsDemoCouncil(config)) {
      say('The database is empty: adding the demo council (Northmere Borough Council)...');
      await seedDemoCouncil(db, { today: localDateOf(new Date()), includeDemoCredentials: true });
    } else {
      say('The database has no council yet. The demo council is only ever added to the embedded local database, outside production.');
    }
  }
  await db.$disconnect();
}

async function startTemporal({ config, running }: Stack): Promise<void> {
  if (!config.embedded.temporal) return;
  const cli = await resolveTemporalCli(config.TEMPORAL_CLI_PATH, say);
  say(`Starting the Temporal dev server on port ${config.TEMPORAL_PORT} (${cli.source})...`);
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli.executable,
      ip: '127.0.0.1',
      port: config.TEMPORAL_PORT,
      ui: true,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFilename: path.join(config.dataDir, 'temporal.sqlite'),
      namespace: config.TEMPORAL_NAMESPACE,
      log: { format: 'pretty', level: 'warn' },
      extraArgs: [
        ...sqlitePragmaArgs(DEV_SERVER_SQLITE_PRAGMAS),
        // With encrypted payloads the UI asks the web app to decode them (for signed-in admins).
        ...(config.payloadKeys ? ['--ui-codec-endpoint', `http://localhost:${config.APP_PORT}/codec`] : []),
      ],
    },
  });
  running.push({ name: 'Temporal dev server', stop: () => temporal.teardown() });
}

async function startMailCatcher({ config, root, logDir, running, fail }: Stack): Promise<void> {
  if (!config.embedded.mail) return;
  say(`Starting the mail catcher (SMTP ${config.MAILDEV_SMTP_PORT}, inbox ${config.MAILDEV_WEB_PORT})...`);
  const mailDir = path.join(config.dataDir, 'mail');
  fs.mkdirSync(mailDir, { recursive: true });
  const maildev = startChild(
    'maildev',
    [
      path.join(root, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js'),
      ...['--smtp', String(config.MAILDEV_SMTP_PORT), '--ip', '127.0.0.1'],
      ...['--web', String(config.MAILDEV_WEB_PORT), '--web-ip', '127.0.0.1'],
      ...['--mail-directory', mailDir],
    ],
    process.env,
    logDir,
    fail,
  );
  running.push({ name: 'mail catcher', stop: maildev.stop });
  await waitForPort(config.MAILDEV_SMTP_PORT, 'The mail catcher');
}

/** `npm start` has just built the bundle; run as `node dist/stack/start.js` after a bare compile, the worker bundles its own. */
function builtBundleIsFresh(root: string): boolean {
  const modified = (file: string) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : null);
  const bundle = modified(BUILT_WORKFLOW_BUNDLE);
  const workflows = modified(path.join(root, 'dist', 'workflows', 'index.js'));
  return bundle !== null && workflows !== null && bundle >= workflows;
}

async function startWorkerAndWeb({ config, root, logDir, running, fail }: Stack): Promise<void> {
  const childEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    TEMPORAL_ADDRESS: config.temporalAddress,
    SMTP_URL: config.smtpUrl,
    ...(builtBundleIsFresh(root) && { WORKFLOW_BUNDLE_FILE: BUILT_WORKFLOW_BUNDLE }),
  };
  say('Starting the worker and the web app...');
  const worker = startChild('worker', [path.join(root, 'dist', 'worker', 'main.js')], childEnv, logDir, fail);
  running.push({ name: 'worker', stop: worker.stop });
  const web = startChild('web', [path.join(root, 'dist', 'web', 'main.js')], childEnv, logDir, fail);
  running.push({ name: 'web app', stop: web.stop });
  await waitForPort(config.APP_PORT, 'The web app');
}

/** Where everything is, and how to sign in to the demo council outside production. */
function readyMessage({ config, logDir, postgresDir }: Stack, started: number): string {
  const app = `http://localhost:${config.APP_PORT}`;
  const lines = [
    '',
    `Corporate Parenting Engine is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
    '',
    `  App            ${app}`,
    `  Temporal UI    ${config.embedded.temporal ? `http://localhost:${config.TEMPORAL_UI_PORT}` : `(external Temporal at ${config.temporalAddress})`}`,
    `  Mail inbox     ${config.embedded.mail ? `http://localhost:${config.MAILDEV_WEB_PORT}` : '(external SMTP relay)'}`,
    `  Postgres       ${config.embedded.postgres ? `embedded on port ${config.EMBEDDED_POSTGRES_PORT}, data in ${postgresDir}` : '(external DATABASE_URL)'}`,
    `  Logs           ${logDir}`,
  ];
  if (seedsDemoCouncil(config)) {
    lines.push(
      `  Sign in        ${app}/sign-in as dana.whitlock@northmere.example (admin), ravi.chandran@… (officer) or`,
      `                 sam.okoro@… (read-only), password ${DEMO_OFFICER_PASSWORD}`,
      `  Demo API token ${DEMO_API_TOKEN}`,
      `                 curl -H "Authorization: Bearer ${DEMO_API_TOKEN}" ${app}/api/v1/meetings`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop everything.', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = configOrExit();
  const root = projectRoot();
  const logDir = path.join(config.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const postgresDir = path.join(config.dataDir, 'postgres');

  if (config.embedded.postgres) await stopLeftoverCluster(postgresDir);
  await exitOnPortClashes(config);

  const running: Stack['running'] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('Stopping...');
    for (const service of running.reverse()) {
      say(`Stopping ${service.name}...`);
      await service.stop().catch((error: unknown) => console.error(`Could not stop ${service.name}:`, error));
    }
    say('Stopped.');
    process.exit(code);
  };
  // The Temporal SDK runtime would start its own shutdown on these signals and race ours.
  Runtime.install({ shutdownSignals: [] });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));
  const fail = (message: string) => {
    console.error(`[start] ${message}`);
    void shutdown(1);
  };

  const stack: Stack = { config, root, logDir, postgresDir, running, fail };
  try {
    await startDatabase(stack);
    await startTemporal(stack);
    await startMailCatcher(stack);
    await startWorkerAndWeb(stack);
    console.log(readyMessage(stack, started));
  } catch (error) {
    console.error('[start] Start-up failed:', error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

void main();
