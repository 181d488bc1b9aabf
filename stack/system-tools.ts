import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A command on the PATH, or (an absolute path) a file a package installs. */
async function has(commandOrFile: string): Promise<boolean> {
  if (path.isAbsolute(commandOrFile)) return fs.existsSync(commandOrFile);
  return run('sh', ['-c', `command -v ${commandOrFile}`]).then(
    () => true,
    () => false,
  );
}

/**
 * Makes sure what a Debian package provides (a command, or a file by its
 * absolute path) is installed, installing it with apt when running as root
 * (as CI does). Elsewhere it says what to install.
 */
export async function ensureDebianTool(commandOrFile: string, debianPackage: string, log: (line: string) => void): Promise<void> {
  if (await has(commandOrFile)) return;
  if (process.getuid?.() !== 0 || !(await has('apt-get'))) {
    throw new Error(`${commandOrFile} is needed by the tests. Install it with: sudo apt-get install ${debianPackage}`);
  }
  log(`Installing ${debianPackage} (for ${commandOrFile}) with apt...`);
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  await install().catch(async () => {
    await run('apt-get', ['update']);
    await install();
  });
}
