import { spawn } from 'node:child_process';
import path from 'node:path';

import { TEST_LINK_SECRET } from './activities';

const ROOT = path.resolve(__dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `cpe <args>` from the TypeScript sources (compiled on load by swc, as jest
 * compiles the tests), as an officer or operator runs it: a separate process
 * with its settings from the environment, on `databaseUrl`.
 */
export function runCli(
  args: string[],
  options: { databaseUrl: string; stdin?: string; env?: Record<string, string | undefined> },
): Promise<CliRun> {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/support/register-typescript.js'), 'cli/main.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: process.env.CPE_TEST_TEMPORAL_ADDRESS,
      SMTP_URL: 'smtp://127.0.0.1:1',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      LOG_LEVEL: 'silent',
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
