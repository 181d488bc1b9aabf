import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `npm run provision` installs it); Playwright's own downloads are not used. */
const CHROMIUM = process.env.CPE_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Kept after the run (and ignored by git) so people can look at the pages the tests saw. */
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-artifacts/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox: CI runs as root in a container. The rest keeps Chromium from calling home during tests.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    // Chromium takes its locale (how date fields read) from the environment; the context's locale does not reach them.
    env: { ...process.env, LANGUAGE: 'en_GB' },
  });
}

/** A phone (the size of a common one) or an office desktop, in England, with the site as the base for relative URLs. */
export async function openContext(browser: Browser, baseURL: string, device: 'phone' | 'desktop'): Promise<BrowserContext> {
  const place = { baseURL, locale: 'en-GB', timezoneId: 'Europe/London' };
  const context =
    device === 'phone'
      ? await browser.newContext({ ...place, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
      : await browser.newContext({ ...place, viewport: { width: 1280, height: 900 } });
  // Pages here are served locally: anything missing after this long is not coming, even on a busy CI machine.
  context.setDefaultTimeout(15_000);
  return context;
}

/**
 * Clears a test file's screenshots from earlier runs, then gives the function
 * that saves a whole page as test-artifacts/screenshots/<test>-<step>.png.
 */
export async function screenshotsFor(test: string): Promise<(page: Page, step: string) => Promise<void>> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const earlier = (await readdir(SCREENSHOT_DIR)).filter((file) => file.startsWith(`${test}-`));
  await Promise.all(earlier.map((file) => rm(join(SCREENSHOT_DIR, file))));
  return async (page, step) => {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${test}-${step}.png`), fullPage: true });
  };
}

/**
 * Clears a test file's screenshots from earlier runs, then gives the function
 * that checks a page for accessibility problems and sideways scrolling, then
 * keeps a screenshot of it (checking first: a full-page screenshot of a phone
 * page disturbs its layout until the next page loads).
 */
export async function pageChecks(test: string): Promise<(page: Page, step: string) => Promise<void>> {
  const shot = await screenshotsFor(test);
  return async (page, step) => {
    await expectAccessible(page);
    await shot(page, step);
  };
}

/** Signs an officer in on the sign-in page, as they would from a bookmark of the home page. */
export async function signInOnPage(page: Page, officer: { council: string; email: string; password: string }): Promise<void> {
  await page.goto('/');
  await page.waitForURL('/sign-in?next=%2F');
  await page.getByLabel('Council').selectOption({ label: officer.council });
  await page.getByLabel('Email address').fill(officer.email);
  await page.getByLabel('Password').fill(officer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('/');
}

/** A link in the officer pages' navigation, e.g. "Pools". */
export const section = (page: Page, name: string): Locator =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The page's path for messages, cut short: member links carry a long token. */
function where(page: Page): string {
  const path = new URL(page.url()).pathname;
  return path.length > 48 ? `${path.slice(0, 48)}…` : path;
}

/**
 * The outermost elements sticking out past `width` CSS pixels. (On a phone
 * Chromium zooms out to fit a too-wide page, so the page's own innerWidth
 * would grow to match; the width the test asked for is the measure.)
 */
const tooWideFor = (width: number) => `[...document.querySelectorAll('body *')]
  .filter((element) => element.getBoundingClientRect().right > ${width} + 1)
  .filter((element) => element.parentElement.getBoundingClientRect().right <= ${width} + 1)
  .map((element) => element.tagName.toLowerCase() + ': ' + element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60))`;

/**
 * Checks the page against WCAG 2.2 AA with axe-core and fails on serious or
 * critical violations, listing each rule and the elements that break it. Also
 * checks reflow (1.4.10), which axe cannot: nothing makes the page scroll
 * sideways at this width (wide tables scroll inside their own box).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  if ((await page.evaluate<number>('document.documentElement.scrollWidth')) > width) {
    const tooWide = await page.evaluate<string[]>(tooWideFor(width));
    throw new Error(`${where(page)} scrolls sideways at ${width} px wide; too wide:\n  ${tooWide.join('\n  ')}`);
  }

  // Evaluated through DevTools rather than added as a <script>: the pages' content policy allows no scripts, and stays on.
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    // Runs in the page, where the injected script has set the global `axe`.
    (tags) => (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: tags } }),
    WCAG_22_AA,
  );
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (!serious.length) return;
  const described = serious.map((violation) =>
    [
      `${violation.id} (${violation.impact}): ${violation.help}. ${violation.helpUrl}`,
      ...violation.nodes.map((node) => `  ${node.target.join(' ')}\n    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
    ].join('\n'),
  );
  throw new Error(`${where(page)} has ${serious.length} accessibility problem(s):\n${described.join('\n')}`);
}

/**
 * Reloads the page until `target` shows, for what a worker does in the
 * background (the page has no live updates). Each look waits briefly for the
 * element rather than sleeping.
 */
export async function reloadUntilVisible(page: Page, target: Locator, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await target.waitFor({ state: 'visible', timeout: 500 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (Date.now() > deadline) throw new Error(`${where(page)} still does not show ${String(target)} after ${timeoutMs} ms`);
    await page.reload();
  }
}
