import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';

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
 * The time-skipping test server: TEMPORAL_TEST_SERVER_PATH, then the cached
 * jars, then Maven Central through `mvn`, then the SDK's download.
 */
export async function resolveTestServer(explicitPath: string | undefined, log: Log): Promise<ResolvedExecutable> {
  if (explicitPath) {
    if (!fs.existsSync(explicitPath)) throw new Error(`TEMPORAL_TEST_SERVER_PATH points at ${explicitPath}, which does not exist.`);
    return { executable: { type: 'existing-path', path: explicitPath }, source: 'TEMPORAL_TEST_SERVER_PATH' };
  }
  const dir = path.join(cacheDir(), `temporal-test-server-${TEST_SERVER_VERSION}`);
  const wrapper = path.join(dir, 'temporal-test-server');
  if (fs.existsSync(wrapper)) return { executable: { type: 'existing-path', path: wrapper }, source: `cached jars (${dir})` };
  if (!(await hasCommand('java', ['-version'])) || !(await hasCommand('mvn', ['-v']))) {
    log('Java and Maven are needed to fetch the time-skipping test server from Maven Central.');
    return sdkDownload('Temporal test server');
  }
  log(`Fetching the Temporal test server ${TEST_SERVER_VERSION} from Maven Central (first run only)...`);
  const staging = `${dir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'pom.xml'), testServerPom(TEST_SERVER_VERSION));
  try {
    await run('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(dir, 'lib')}`], {
      cwd: staging,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 20 * 60_000,
    });
  } catch (error) {
    log(`Maven could not fetch the test server (${firstLine(error)}).`);
    return sdkDownload('Temporal test server');
  }
  const script = `#!/bin/sh\n# Runs the Temporal time-skipping test server fetched from Maven Central.\nexec java -cp '${path.join(dir, 'lib')}/*' io.temporal.testserver.TestServer "$@"\n`;
  fs.writeFileSync(path.join(staging, 'temporal-test-server'), script, { mode: 0o755 });
  fs.renameSync(path.join(staging, 'temporal-test-server'), wrapper);
  fs.rmSync(staging, { recursive: true, force: true });
  log(`Fetched the test server into ${dir}.`);
  return { executable: { type: 'existing-path', path: wrapper }, source: `fetched with Maven (${dir})` };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { stderr?: string }).stderr ?? error.message) : String(error);
  return text.trim().split('\n').slice(-1)[0] ?? 'unknown error';
}
