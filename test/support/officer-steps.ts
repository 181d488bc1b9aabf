import type { Page } from 'playwright-core';

import { section } from './browser';

// Steps an officer takes in the browser that more than one journey test takes the same way.

/** Registers the Regulation 33 visiting pool (key reg33, agreed by Cabinet on 19 May 2026) as an officer does, and opens its CSV upload. */
export async function registerReg33PoolToUpload(page: Page): Promise<void> {
  await section(page, 'Pools').click();
  await page.getByLabel('Name').fill('Regulation 33 visiting pool');
  await page.getByLabel('Key').fill('reg33');
  await page.getByLabel('Visits').selectOption({ label: "Regulation 33 visits to children's homes" });
  await page.getByLabel('Agreed by').fill('Cabinet');
  await page.getByLabel('Agreed on').fill('2026-05-19');
  await page.getByRole('button', { name: 'Register the pool' }).click();
  await page.waitForURL('/pools/reg33?done=registered');
  await page.getByRole('link', { name: 'Add members from a CSV file' }).click();
  await page.getByRole('heading', { level: 1, name: 'Add members to Regulation 33 visiting pool' }).waitFor();
}

/** Registers a children's home from the Homes and offices page, as an officer does; its page then offers the Regulation 33 pool. */
export async function registerChildrensHome(page: Page, home: { name: string; key: string; address: string }): Promise<void> {
  await section(page, 'Homes and offices').click();
  await page.getByLabel('Name', { exact: true }).fill(home.name);
  await page.getByLabel('Kind').selectOption({ label: 'Children’s home (Regulation 33 visits)' });
  await page.getByLabel('Short key').fill(home.key);
  await page.getByLabel('Address (optional)', { exact: true }).fill(home.address);
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.waitForURL(`/establishments/${home.key}?done=registered`);
  expect(await page.getByLabel('Pool').inputValue()).toBe('reg33');
}

/** Starts the visit programme of the home whose page is open, as an officer does. */
export async function startProgramme(page: Page, homeKey: string): Promise<void> {
  await page.getByRole('button', { name: 'Start the programme' }).click();
  await page.waitForURL(`/establishments/${homeKey}?done=started#programme`);
}
