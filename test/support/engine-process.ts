import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { eventually } from './eventually';
import { spawnHelper } from './helper-process';

const ROOT = path.resolve(__dirname, '..', '..');

/** One of the engine's own processes: the web app (web/main.ts) or the worker (worker/main.ts). */
export interface EngineProcess {
  /** stdout and stderr so far, for a failure message or a refusal. */
  output(): string;
  /** The exit code once it has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM, as an orchestrator stops it; resolves once it has exited. */
  stop(): Promise<number | null>;
  /** kill -9, for clean-up after a failure. */
  kill(): Promise<void>;
}

/**
 * The command of `npm run start:web` or `start:worker`, to run without npm as
 * a container runs it: npm 11 exits on SIGTERM without passing it on, leaving
 * node running.
 */
function startScriptArguments(entry: 'web' | 'worker'): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [program, ...args] = (scripts[`start:${entry}`] ?? '').split(' ');
  if (program !== 'node') throw new Error(`The start:${entry} script should run node directly, got "${scripts[`start:${entry}`]}"`);
  return args;
}

/**
 * Starts the web app or the worker. `source` runs the TypeScript entry point
 * (compiled on load by swc, as jest compiles the tests); `start-script` runs
 * the command of `npm run start:web` or `start:worker` as production does: the
 * compiled dist/ entry point, so it needs `npm run compile` first (npm test
 * does it).
 */
export function startEngineProcess(entry: 'web' | 'worker', env: NodeJS.ProcessEnv, how: 'source' | 'start-script'): EngineProcess {
  const child: ChildProcess =
    how === 'source'
      ? spawnHelper(path.join(ROOT, entry, 'main.ts'), env)
      : spawn(process.execPath, startScriptArguments(entry), {
          cwd: ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    output: () => output,
    exited,
    stop() {
      if (running()) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits until `url` answers 200 (a process's /readyz or /healthz), failing at once with its output if the process exits. */
export async function waitUntilAnswers(url: string, engineProcess: EngineProcess, timeoutMs = 90_000): Promise<unknown> {
  let gone = false;
  void engineProcess.exited.then(() => (gone = true));
  const answer = await eventually(
    async () => {
      if (gone) throw new Error(`The process exited before ${url} answered.`);
      return fetch(url).then(
        async (response) => ({ status: response.status, body: (await response.json()) as unknown }),
        () => ({ status: 0, body: null }),
      );
    },
    (reply) => reply.status === 200,
    timeoutMs,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\nOutput of the process:\n${engineProcess.output()}`, { cause: error });
  });
  return answer.body;
}
