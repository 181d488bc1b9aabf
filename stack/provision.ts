import { ensureDebianTool } from './system-tools';
import { resolveTemporalCli, resolveTestServer } from './temporal-binaries';

/**
 * Makes sure the Temporal CLI (dev server) and the time-skipping test server
 * are available, building or fetching them on first use, and the system
 * tools the tests use (pdftotext, Chromium). Run by `npm test`
 * and `.ci/run`; `npm start` resolves the CLI the same way.
 */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`[provision] ${line}`);
  const cli = await resolveTemporalCli(process.env.TEMPORAL_CLI_PATH, log);
  log(`Temporal CLI: ${cli.source}`);
  const testServer = await resolveTestServer(process.env.TEMPORAL_TEST_SERVER_PATH, log);
  log(`Temporal test server: ${testServer.source}`);
  // Tests read generated PDFs back with pdftotext to prove they open.
  await ensureDebianTool('pdftotext', 'poppler-utils', log);
  // `npm run test:dates` shifts the tests' clock with libfaketime.
  await ensureDebianTool('faketime', 'faketime', log);
  // Browser tests drive Debian's Chromium with playwright-core (no browser download).
  await ensureDebianTool('chromium', 'chromium', log);
  // Its British English locale, so date fields read dd/mm/yyyy as they do for the council's users.
  await ensureDebianTool('/usr/lib/chromium/locales/en-GB.pak', 'chromium-l10n', log);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
