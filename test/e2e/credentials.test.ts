import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ClientOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';
import { containsSecret, filesUnder } from '../support/secret-scan.ts';
import { screenshotBothThemes } from './screenshots.ts';
import { launchChromium, startHarnessProcess, type RunningHarness } from './harness-process.ts';

// The page's bridge, as the page's own code sees it (page.evaluate bodies run there).
type DeskPage = { winrmDesk: ClientOf<DeskContract> };

// Secrets typed into the UI must reach the vault and nothing else: not an IPC response, not a log,
// not a file in the data directory in clear.
const MASTER = 'Master-Passw0rd-for-e2e';
const SECRET = 'Host-S3cret-never-shown-ü';
const REPLACED = 'Replaced-S3cret-4471-ß';
const BACKUP = 'Backup-S3cret-9023';
const NEW_MASTER = 'New-Master-Passw0rd-e2e';

async function snapshotHosts(): Promise<{ name: string; credentialId?: string | null }[]> {
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as DeskPage).winrmDesk.profiles.snapshot();
    if (!result.ok) throw new Error(result.error.message);
    return result.value.document.hosts;
  });
}

let harness: RunningHarness;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  harness = await startHarnessProcess(inject('harnessAssets'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

  it('renames a credential, sets its domain and replaces its password without ever showing it', async () => {
    await page.getByRole('button', { name: 'Edit Domain admin' }).click();
    const details = page.getByRole('form', { name: 'Credential details' });
    await details.getByLabel('Label').fill('Lab admin');
    await details.getByLabel('User name').fill('admin');
    await details.getByLabel('Domain').fill('LAB');
    await details.getByRole('button', { name: 'Save details' }).click();
    await expect(page.getByRole('row', { name: /Lab admin/ }).textContent()).resolves.toMatch(/LAB\\admin.*Hosts.*stored/);

    const replace = page.getByRole('form', { name: 'Replace password' });
    await expect(replace.getByLabel('New password').inputValue()).resolves.toBe('');
    await replace.getByLabel('New password').fill(REPLACED);
    await replace.getByRole('button', { name: 'Replace password' }).click();
    await replace.getByRole('status').getByText('The password was replaced.').waitFor();
    await expect(replace.getByLabel('New password').inputValue()).resolves.toBe('');
  });

  it('refuses to delete a credential while a host uses it, then reassigns that host and deletes it', async () => {
    const add = page.getByRole('form', { name: 'Add credential' });
    await add.getByLabel('Label').fill('Backup admin');
    await add.getByLabel('User name').fill('LAB\\backup');
    await add.getByLabel('Password', { exact: true }).fill(BACKUP);
    await add.getByRole('button', { name: 'Add credential' }).click();
    await page.getByRole('row', { name: /Backup admin/ }).waitFor();
    await page.evaluate(async () => {
      const api = (globalThis as unknown as DeskPage).winrmDesk;
      const list = await api.credentials.list();
      if (!list.ok) throw new Error(list.error.message);
      const credentialId = list.value.find((c) => c.label === 'Lab admin')!.id;
      const added = await api.hosts.add({ name: 'dc01', address: 'dc01.lab.example', credentialId });
      if (!added.ok) throw new Error(added.error.message);
    });

    const editor = page.getByRole('region', { name: 'Credential Lab admin' });
    await editor.getByRole('region', { name: 'Where Lab admin is used' }).getByText('dc01').waitFor();
    await expect(page.getByRole('row', { name: /Lab admin/ }).textContent()).resolves.toContain('1 host');
    await editor.getByRole('button', { name: 'Delete credential' }).click();
    await editor.getByRole('button', { name: 'Delete Lab admin' }).click();
    await editor.getByRole('alert').getByText('CONFLICT').waitFor();
    await screenshotBothThemes(page, 'credentials-reassign');
    await editor.getByLabel('Put in its place').selectOption({ label: 'Backup admin (LAB\\backup)' });
    await editor.getByRole('button', { name: 'Reassign and delete' }).click();
    await page.getByRole('row', { name: /Lab admin/ }).waitFor({ state: 'detached' });

    const backupId = await page.evaluate(async () => {
      const list = await (globalThis as unknown as DeskPage).winrmDesk.credentials.list();
      if (!list.ok) throw new Error(list.error.message);
      return list.value.find((c) => c.label === 'Backup admin')!.id;
    });
    expect(await snapshotHosts()).toMatchObject([{ name: 'dc01', credentialId: backupId }]);
    await expect(page.getByRole('row', { name: /Backup admin/ }).textContent()).resolves.toContain('1 host');
  });

  it('saves the auto-lock and shows the value the vault now uses', async () => {
    await page.getByText('Vault settings').click();
    const form = page.getByRole('form', { name: 'Auto-lock' });
    await expect(form.getByLabel('Lock after this many idle minutes').inputValue()).resolves.toBe('15');
    await form.getByLabel('Lock after this many idle minutes').fill('5');
    await form.getByRole('button', { name: 'Save auto-lock' }).click();
    await page.getByTestId('vault-auto-lock').getByText('the vault locks itself after 5 idle minutes').waitFor();
    const status = await page.evaluate(() => (globalThis as unknown as DeskPage).winrmDesk.vault.status());
    expect(status).toMatchObject({ ok: true, value: { autoLockMinutes: 5 } });
  });

  it('changes the master password; only the new one unlocks the vault', async () => {
    const form = page.getByRole('form', { name: 'Change master password' });
    await form.getByLabel('Current master password', { exact: true }).fill(MASTER);
    await form.getByLabel('New master password', { exact: true }).fill(NEW_MASTER);
    await form.getByLabel('Confirm new master password', { exact: true }).fill(`${NEW_MASTER}x`);
    await form.getByText('The two new passwords differ.').waitFor();
    await expect(form.getByRole('button', { name: 'Change master password' }).isDisabled()).resolves.toBe(true);
    await form.getByLabel('Confirm new master password', { exact: true }).fill(NEW_MASTER);
    await form.getByRole('button', { name: 'Change master password' }).click();
    await form.getByRole('status').getByText('The master password was changed').waitFor();
    for (const label of ['Current master password', 'New master password', 'Confirm new master password']) await expect(form.getByLabel(label, { exact: true }).inputValue()).resolves.toBe('');
    await screenshotBothThemes(page, 'credentials');

    await page.getByRole('button', { name: 'Lock vault' }).click();
    await page.getByTestId('vault-status').getByText('The vault is locked.').waitFor();
    await page.getByLabel('Master password').fill(MASTER);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').getByText('VAULT_WRONG_PASSWORD').waitFor();
    await page.getByLabel('Master password').fill(NEW_MASTER);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('vault-status').getByText('The vault is unlocked.').waitFor();
    await expect(page.getByRole('row', { name: /Backup admin/ }).count()).resolves.toBe(1);
  });

  it('leaves no secret in any IPC response, in the page, in the logs or in clear in the data directory', async () => {
    const transcript = readFileSync(harness.transcript);
    expect(transcript.toString()).toContain('"channel":"credentials:list"');
    for (const secret of [SECRET, MASTER, REPLACED, BACKUP, NEW_MASTER]) {
      expect(containsSecret(transcript, secret), 'IPC transcript').toBe(false);
      expect(containsSecret(Buffer.from(harness.stderr()), secret), 'harness log').toBe(false);
      expect(containsSecret(Buffer.from(await page.content()), secret), 'page').toBe(false);
      for (const file of filesUnder(harness.dataDir)) expect(containsSecret(readFileSync(file), secret), file).toBe(false);
    }
    expect(filesUnder(harness.dataDir).map((f) => path.basename(f))).toContain('vault.json');
  });
});
