import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { findFreePort, isPortFree } from '../../stack/ports';
import { projectRoot } from '../../stack/project-root';

const startScript = path.join(projectRoot(), 'dist', 'stack', 'start.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function runStart(env: NodeJS.ProcessEnv): Started {
  if (!fs.existsSync(startScript)) throw new Error(`${startScript} is missing: run \`npm run build\` (npm test does).`);
  const child = spawn(process.execPath, [startScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForOutput(started: Started, text: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`"${text}" did not appear. Output so far:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function freePorts() {
  return {
    APP_PORT: String(await findFreePort()),
    EMBEDDED_POSTGRES_PORT: String(await findFreePort()),
    TEMPORAL_PORT: String(await findFreePort()),
    TEMPORAL_UI_PORT: String(await findFreePort()),
    MAILDEV_SMTP_PORT: String(await findFreePort()),
    MAILDEV_WEB_PORT: String(await findFreePort()),
  };
}

// The variables a developer's shell might set would point the stack elsewhere; this test wants the embedded parts.
const embeddedOnly = { DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '', NODE_ENV: 'development', LOG_LEVEL: 'warn' };

test('npm start brings up the app, the Temporal UI and the mail inbox, stops everything on Ctrl-C, and reuses its data', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-start-'));
  fs.chmodSync(dataDir, 0o755);
  const ports = await freePorts();
  const env = { ...embeddedOnly, ...ports, DATA_DIR: dataDir };
  try {
    const first = runStart(env);
    await waitForOutput(first, 'Press Ctrl-C to stop everything.');
    expect(first.output()).toContain('adding the demo council (Northmere Borough Council)');
    expect(first.output()).toContain(`App            http://localhost:${ports.APP_PORT}`);
    expect(first.output()).toContain(`Temporal UI    http://localhost:${ports.TEMPORAL_UI_PORT}`);
    expect(first.output()).toContain(`Mail inbox     http://localhost:${ports.MAILDEV_WEB_PORT}`);

    const health = await fetch(`http://127.0.0.1:${ports.APP_PORT}/healthz`);
    expect(health.status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${ports.APP_PORT}/`)).text()).toContain('Northmere Borough Council');
    expect((await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.MAILDEV_WEB_PORT}/api/email`)).status).toBe(200);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('[start] Stopped.');
    for (const port of Object.values(ports)) expect(await isPortFree(Number(port))).toBe(true);

    const second = runStart(env);
    await waitForOutput(second, 'Press Ctrl-C to stop everything.');
    expect(second.output()).not.toContain('adding the demo council');
    const meetings = await fetch(`http://127.0.0.1:${ports.APP_PORT}/api/v1/meetings`, {
      headers: { authorization: 'Bearer cpe_demo_northmere_dana_whitlock' },
    });
    expect(((await meetings.json()) as { meetings: unknown[] }).meetings).toHaveLength(8);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a port already in use is reported by name with the variable that changes it, and nothing starts', async () => {
  const ports = await freePorts();
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(Number(ports.APP_PORT), '127.0.0.1', resolve));
  try {
    const started = runStart({ ...embeddedOnly, ...ports, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cpe-clash-')) });
    expect(await started.exited).toBe(2);
    expect(started.output()).toContain(
      `Port ${ports.APP_PORT}, for the web app, is already in use. Stop what uses it, or set APP_PORT to a free port.`,
    );
    expect(await isPortFree(Number(ports.EMBEDDED_POSTGRES_PORT))).toBe(true);
  } finally {
    blocker.close();
  }
});

test('a wrong setting stops start-up with the variable, the problem and the fix', async () => {
  const started = runStart({ ...embeddedOnly, APP_PORT: 'eighty', SMTP_URL: 'mail.example' });
  expect(await started.exited).toBe(2);
  expect(started.output()).toContain('APP_PORT must be a whole number between 1 and 65535 (got "eighty").');
  expect(started.output()).toContain('SMTP_URL must start with smtp:// or smtps://');
});
