import { spawn } from 'node:child_process';
import path from 'node:path';

import { projectRoot } from './project-root';

/** Applies committed migrations with `prisma migrate deploy` (never `migrate dev`: see README). */
export async function deployMigrations(databaseUrl: string, onLog: (line: string) => void = () => undefined): Promise<void> {
  const cli = require.resolve('prisma/build/index.js');
  const root = projectRoot();
  const preload = path.join(root, 'stack', 'prisma-cli-preload.js');
  const child = spawn(process.execPath, ['-r', preload, cli, 'migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) onLog(line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`);
}
