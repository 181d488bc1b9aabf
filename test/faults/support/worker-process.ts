import path from 'node:path';

import { ended as endOf, spawnHelper } from '../../support/helper-process';

export type FaultMode = 'none' | 'hold-after-smtp-accept' | 'hold-after-email-activity';

/** The activity a worker is holding, as the Temporal server knows it. */
export interface HeldActivity {
  activityId: string;
  activityType: string;
  workflowId: string;
  runId: string;
}

/** What a worker process tells the test (see fault-worker.ts). */
export type WorkerEvent =
  | { event: 'ready' }
  | { event: 'held-after-smtp-accept'; messageId: string; activity: HeldActivity }
  | { event: 'held-after-email-activity'; messageIds: string[]; activity: HeldActivity };

/** Tells a worker to start polling; `spare` lists Message-IDs it must not hold on (their first copy was held already). */
export interface GoMessage {
  spare: string[];
}

export interface WorkerProcessOptions {
  /** The engine's settings (EngineStack.settings). */
  settings: NodeJS.ProcessEnv;
  fault?: FaultMode;
}

export interface WorkerProcess {
  pid: number;
  events: WorkerEvent[];
  /** Resolves with the first event (already seen or still to come) that matches. */
  waitFor<E extends WorkerEvent['event']>(event: E, timeoutMs?: number): Promise<Extract<WorkerEvent, { event: E }>>;
  /** Starts polling the task queue; a resend of a `spare` message is not held. */
  go(spare?: string[]): void;
  /** kill -9: no shutdown of any kind. */
  kill(): Promise<void>;
  /** SIGTERM: the worker finishes what it is doing and exits. */
  stop(): Promise<void>;
  /** Whether the process is still alive. */
  running(): boolean;
  /** stdout and stderr so far, for a failure message. */
  output(): string;
}

/**
 * Starts test/faults/support/fault-worker.ts as a separate Node process
 * (TypeScript compiled on load by swc, as jest does) and waits until it has
 * built its worker; it polls only after `go()`.
 */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const child = spawnHelper(path.join(__dirname, 'fault-worker.ts'), { ...options.settings, CPE_FAULT: options.fault ?? 'none' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const events: WorkerEvent[] = [];
  const listeners = new Set<() => void>();
  child.on('message', (message: WorkerEvent) => {
    events.push(message);
    listeners.forEach((listener) => listener());
  });
  const ended = endOf(child);
  const running = () => child.exitCode === null && child.signalCode === null;

  const handle: WorkerProcess = {
    pid: child.pid!,
    events,
    waitFor(event, timeoutMs = 60_000) {
      type Wanted = Extract<WorkerEvent, { event: typeof event }>;
      return new Promise<Wanted>((resolve, reject) => {
        const check = () => {
          const found = events.find((candidate): candidate is Wanted => candidate.event === event);
          if (found) settle(() => resolve(found));
          else if (!running()) settle(() => reject(new Error(`The worker exited before "${event}":\n${output}`)));
        };
        const timer = setTimeout(
          () => settle(() => reject(new Error(`No "${event}" from the worker in ${timeoutMs} ms:\n${output}`))),
          timeoutMs,
        );
        function settle(done: () => void) {
          clearTimeout(timer);
          listeners.delete(check);
          done();
        }
        listeners.add(check);
        void ended.then(check);
        check();
      });
    },
    go: (spare = []) => child.send({ spare } satisfies GoMessage),
    async kill() {
      if (running()) child.kill('SIGKILL');
      await ended;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await ended;
    },
    running,
    output: () => output,
  };
  await handle.waitFor('ready', 120_000);
  return handle;
}
