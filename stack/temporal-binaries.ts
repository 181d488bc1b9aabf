import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';

import { projectRoot } from './project-root';

const run = promisify(execFile);

/** Newest Temporal CLI whose go.mod has no replace directive, so `go install` can build it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
/** The Java time-skipping test server from Maven Central. */
export const TEST_SERVER_VERSION = '1.38.0';

export interface ResolvedExecutable {
  executable: EphemeralServerExecutable;
  /** Where it came from, for the start-up banner and the README's troubleshooting. */
  source: string;
}

type Log = (line: string) => void;

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'corporate-parenting-engine');
}

async function hasCommand(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const sdkDownload = (what: string): ResolvedExecutable => ({
  executable: { type: 'cached-download', downloadDir: path.join(cacheDir(), 'sdk-downloads') },
  source: `${what}: the Temporal SDK's own download (needs access to temporal.download)`,
});

/**
 * The Temporal CLI for the dev server: TEMPORAL_CLI_PATH, then the cached
 * build, then `go install` of the pinned version, then the SDK's download.
 */
export async function resolveTemporalCli(explicitPath: string | undefined, log: Log): Promise<ResolvedExecutable> {
  if (explicitPath) {
    if (!fs.existsSync(explicitPath)) throw new Error(`TEMPORAL_CLI_PATH points at ${explicitPath}, which does not exist.`);
    return { executable: { type: 'existing-path', path: explicitPath }, source: 'TEMPORAL_CLI_PATH' };
  }
  const dir = path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const binary = path.join(dir, 'temporal');
  if (fs.existsSync(binary)) return { executable: { type: 'existing-path', path: binary }, source: `cached build (${binary})` };
  if (!(await hasCommand('go', ['version']))) {
    log('Go is not installed, so the Temporal CLI cannot be built here.');
    return sdkDownload('Temporal CLI');
  }
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (first run only; about 4 minutes on 2 cores)...`);
  const staging = `${dir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const install = async (extraEnv: NodeJS.ProcessEnv) =>
    run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: staging, ...extraEnv },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 45 * 60_000,
    });
  try {
    await install({});
  } catch (first) {
    // Without the Go checksum database the proxy's modules are refused unless it is turned off.
    log(`go install failed (${firstLine(first)}); retrying with GOSUMDB=off.`);
    try {
      await install({ GOSUMDB: 'off' });
    } catch (second) {
      log(`go install failed again (${firstLine(second)}).`);
      return sdkDownload('Temporal CLI');
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  log(`Built ${binary}.`);
  return { executable: { type: 'existing-path', path: binary }, source: `built with go install (${binary})` };
}

const testServerPom = (version: string) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cpe</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * The time-skipping test server, started through our small launcher
 * (stack/test-server/PinnedClockTestServer.java) so that tests can start its
 * clock at a fixed instant with `--start-at=<epoch ms>`:
 * TEMPORAL_TEST_SERVER_PATH (which must accept that option too), then the
 * cached jars, then Maven Central through `mvn`, then the SDK's download
 * (which cannot pin its clock).
 */
export async function resolveTestServer(explicitPath: string | undefined, log: Log): Promise<ResolvedExecutable> {
  if (explicitPath) {
    if (!fs.existsSync(explicitPath)) throw new Error(`TEMPORAL_TEST_SERVER_PATH points at ${explicitPath}, which does not exist.`);
    return { executable: { type: 'existing-path', path: explicitPath }, source: 'TEMPORAL_TEST_SERVER_PATH' };
  }
  const dir = path.join(cacheDir(), `temporal-test-server-${TEST_SERVER_VERSION}`);
  const lib = path.join(dir, 'lib');
  const { classes, script } = launcherPaths(dir);
  const found = (launcher: string) => ({
    executable: { type: 'existing-path', path: launcher } as const,
    source: `cached jars with the pinned-clock launcher (${dir})`,
  });
  // Every test file asks; only a missing launcher is worth starting java, javac and mvn for.
  if (fs.existsSync(script)) return found(script);
  if (!(await hasCommand('java', ['-version'])) || !(await hasCommand('javac', ['-version'])) || !(await hasCommand('mvn', ['-v']))) {
    log('A JDK and Maven are needed to fetch the time-skipping test server from Maven Central.');
    return sdkDownload('Temporal test server');
  }
  const fetched = fs.existsSync(lib) && fs.readdirSync(lib).some((jar) => jar.startsWith(`temporal-test-server-${TEST_SERVER_VERSION}`));
  if (!fetched && !(await fetchTestServerJars(lib, log))) return sdkDownload('Temporal test server');
  await compileLauncher(lib, classes);
  return found(script);
}

async function fetchTestServerJars(lib: string, log: Log): Promise<boolean> {
  log(`Fetching the Temporal test server ${TEST_SERVER_VERSION} from Maven Central (first run only)...`);
  const staging = `${path.dirname(lib)}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'pom.xml'), testServerPom(TEST_SERVER_VERSION));
  try {
    await run('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(staging, 'lib')}`], {
      cwd: staging,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 20 * 60_000,
    });
  } catch (error) {
    log(`Maven could not fetch the test server (${firstLine(error)}).`);
    return false;
  }
  fs.rmSync(lib, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(lib), { recursive: true });
  fs.renameSync(path.join(staging, 'lib'), lib);
  fs.rmSync(staging, { recursive: true, force: true });
  log(`Fetched the test server into ${lib}.`);
  return true;
}

/**
 * The script the SDK runs. It keeps libfaketime away from the JVM: `npm run
 * test:dates` shifts the test processes' clock with it, and a JVM under it
 * takes over 30 s to start, past the SDK's 5 s deadline. The server's clock
 * is set by --start-at instead. Each server lives for one test, and over
 * so short a life the quick JIT (C1) and the serial collector cost a fifth
 * less CPU than the defaults.
 */
const launcherScript = (lib: string, classes: string) =>
  `#!/bin/sh\n# Temporal's time-skipping test server (Maven Central) through the pinned-clock launcher.\nexec env -u LD_PRELOAD -u FAKETIME java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '${lib}/*:${classes}' PinnedClockTestServer "$@"\n`;

const launcherSource = () => path.join(projectRoot(), 'stack', 'test-server', 'PinnedClockTestServer.java');

/** One folder per version of the launcher's source and script, so a change to either compiles afresh. */
function launcherPaths(dir: string): { classes: string; script: string } {
  const version = createHash('sha256').update(fs.readFileSync(launcherSource())).update(launcherScript('', '')).digest('hex').slice(0, 12);
  const classes = path.join(dir, `launcher-${version}`);
  return { classes, script: path.join(classes, 'temporal-test-server') };
}

/** Compiles the launcher into `classes` and writes the script beside it. */
async function compileLauncher(lib: string, classes: string): Promise<void> {
  const staging = `${classes}.partial-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  await run('javac', ['-cp', `${lib}/*`, '-d', staging, launcherSource()], { timeout: 5 * 60_000 });
  fs.writeFileSync(path.join(staging, 'temporal-test-server'), launcherScript(lib, classes), { mode: 0o755 });
  // Another process may have compiled it at the same moment; either copy will do.
  try {
    fs.renameSync(staging, classes);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { stderr?: string }).stderr ?? error.message) : String(error);
  return text.trim().split('\n').slice(-1)[0] ?? 'unknown error';
}
