import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';

const ROOT = path.resolve(__dirname, '..', '..');

/** A helper process: its output is piped to the test, and it talks to the test over IPC. */
export type HelperProcess = ChildProcess & { stdout: Readable; stderr: Readable };

/**
 * Starts a TypeScript script (an absolute path) as a separate Node process,
 * compiled on load by swc as jest compiles the tests, with an IPC channel to
 * the test.
 */
export function spawnHelper(script: string, env: NodeJS.ProcessEnv): HelperProcess {
  const child = fork(script, [], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv: ['-r', path.join(__dirname, 'register-typescript.js')],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // stdio 'pipe' always creates both streams.
  return child as HelperProcess;
}

/** Resolves once the child has exited and its IPC channel is closed, so every message it sent has been read. */
export function ended(child: ChildProcess): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null;
  return Promise.all([
    exited ? null : new Promise((resolve) => child.once('exit', resolve)),
    child.connected ? new Promise((resolve) => child.once('disconnect', resolve)) : null,
  ]).then(() => undefined);
}
