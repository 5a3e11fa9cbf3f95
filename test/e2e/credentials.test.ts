import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { containsSecret, filesUnder } from '../support/secret-scan.ts';
import { launchChromium, startHarnessProcess, type RunningHarness } from './harness-process.ts';

// Secrets typed into the UI must reach the vault and nothing else: not an IPC response, not a log,
// not a file in the data directory in clear.
const MASTER = 'Master-Passw0rd-for-e2e';
const SECRET = 'Host-S3cret-never-shown-ü';

let harness: RunningHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  harness = await startHarnessProcess(inject('harnessAssets'));
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Credentials' }).click();
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('credentials in the UI, through the real vault', () => {
  it('creates the vault with a master password', async () => {
    await page.getByTestId('vault-status').getByText('No vault yet').waitFor();
    await page.getByLabel('Master password').fill(MASTER);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByTestId('vault-status').getByText('The vault is unlocked.').waitFor();
  });

  it('stores a credential and lists it without its secret', async () => {
    await page.getByLabel('Label').fill('Domain admin');
    await page.getByLabel('User name').fill('CORP\\admin');
    await page.getByLabel('Password', { exact: true }).fill(SECRET);
    await page.getByRole('button', { name: 'Add credential' }).click();
    const row = page.getByRole('row', { name: /Domain admin/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/CORP\\admin.*Hosts.*stored/);
    await expect(page.getByLabel('Password', { exact: true }).inputValue()).resolves.toBe('');
  });

  it('locks, refuses a wrong master password, and unlocks with the right one', async () => {
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await page.getByTestId('vault-status').getByText('The vault is locked.').waitFor();
    await page.getByLabel('Master password').fill('not the master password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').getByText('VAULT_WRONG_PASSWORD').waitFor();
    await page.getByLabel('Master password').fill(MASTER);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('vault-status').getByText('The vault is unlocked.').waitFor();
    await expect(page.getByRole('row', { name: /Domain admin/ }).count()).resolves.toBe(1);
  });

  it('leaves no secret in any IPC response, in the page, in the logs or in clear in the data directory', async () => {
    const transcript = readFileSync(harness.transcript);
    expect(transcript.toString()).toContain('"channel":"credentials:list"');
    for (const secret of [SECRET, MASTER]) {
      expect(containsSecret(transcript, secret), 'IPC transcript').toBe(false);
      expect(containsSecret(Buffer.from(harness.stderr()), secret), 'harness log').toBe(false);
      expect(containsSecret(Buffer.from(await page.content()), secret), 'page').toBe(false);
      for (const file of filesUnder(harness.dataDir)) expect(containsSecret(readFileSync(file), secret), file).toBe(false);
    }
    expect(filesUnder(harness.dataDir).map((f) => path.basename(f))).toContain('vault.json');
  });
});
