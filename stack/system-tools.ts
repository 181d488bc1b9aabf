import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function has(command: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

/**
 * Makes sure a command from a Debian package is installed, installing it with
 * apt when running as root (as CI does). Elsewhere it says what to install.
 */
export async function ensureDebianTool(command: string, debianPackage: string, log: (line: string) => void): Promise<void> {
  if (await has(command)) return;
  if (process.getuid?.() !== 0 || !(await has('apt-get'))) {
    throw new Error(`${command} is needed by the tests. Install it with: sudo apt-get install ${debianPackage}`);
  }
  log(`Installing ${debianPackage} (for ${command}) with apt...`);
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  await install().catch(async () => {
    await run('apt-get', ['update']);
    await install();
  });
}
