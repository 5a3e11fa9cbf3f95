import type { Browser, Locator, Page } from 'playwright-core';
import { startHarnessProcess, type RunningHarness } from './harness-process.ts';
import { PAGE_PROBE, terminal, waitForText } from './shell-terminal.ts';

// The app as an admin meets it, for the e2e files that drive shell tabs: the harness on a seeded data
// directory, a page in Chromium with the vault unlocked, and the few gestures the tests repeat.

export interface DeskApp {
  readonly harness: RunningHarness;
  readonly page: Page;
}

/** Starts the harness on `dataDir`, opens the app in a new page and unlocks the vault with `master`. */
export async function startDeskApp(browser: Browser, assets: string, dataDir: string, master: string, env: Readonly<Record<string, string>> = {}): Promise<DeskApp> {
  const harness = await startHarnessProcess(assets, dataDir, { env });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(PAGE_PROBE);
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Credentials' }).click();
  await page.getByLabel('Master password').fill(master);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('vault-status').getByText('The vault is unlocked.').waitFor();
  return { harness, page };
}

/** Opens a shell tab on a saved host from the host list and waits for its prompt. */
export async function openShellTab(page: Page, hostName: string, prompt: RegExp): Promise<Locator> {
  await page.getByRole('button', { name: 'Hosts', exact: true }).click();
  await page.getByRole('row', { name: hostName, exact: true }).getByRole('button', { name: 'Open shell' }).click();
  const region = terminal(page, hostName);
  await region.waitFor({ timeout: 30_000 });
  await waitForText(region, prompt);
  return region;
}

/** The tab's own panel (its banners and buttons), around its terminal. */
export function tabPanel(region: Locator): Locator {
  return region.locator('xpath=ancestor::*[@role="tabpanel"][1]');
}

/** The tab's alert banner (a lost connection, a failed open). */
export function tabAlert(region: Locator): Locator {
  return tabPanel(region).getByRole('alert');
}

export async function activateTab(page: Page, hostName: string): Promise<void> {
  await page.getByRole('tab', { name: hostName, exact: true }).click();
}

/** Clicks the tab's close button; resolves once its terminal has left the page. */
export async function closeTab(page: Page, hostName: string): Promise<void> {
  await page.getByRole('tab', { name: hostName, exact: true }).getByRole('button', { name: 'Close tab' }).click();
  await terminal(page, hostName).waitFor({ state: 'detached' });
}

/** Reads until `accept` holds or the time is up; returns the last value read. */
export async function eventually<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await read();
  }
  return value;
}
