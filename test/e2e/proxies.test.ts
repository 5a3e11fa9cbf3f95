import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ClientOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';
import { launchChromium, startHarnessProcess, type RunningHarness } from './harness-process.ts';
import { screenshotBothThemes } from './screenshots.ts';

// What Windows prints for `netsh winhttp show proxy` on a machine set up with a proxy.
const NETSH = 'Current WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  proxy.corp.example:8080\r\n    Bypass List     :  *.corp.example;<local>\r\n';

// The page's bridge, as the page's own code sees it (page.evaluate bodies run there).
type DeskPage = { winrmDesk: ClientOf<DeskContract> };

let harness: RunningHarness;
let browser: Browser;
let page: Page;

async function savedProfiles(): Promise<{ id: string; name: string; access: string; url?: string; bypass: string[] }[]> {
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as DeskPage).winrmDesk.profiles.snapshot();
    if (!result.ok) throw new Error(result.error.message);
    return result.value.document.proxyProfiles;
  });
}

beforeAll(async () => {
  harness = await startHarnessProcess(inject('harnessAssets'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(harness.url);
  await page.getByRole('button', { name: 'Proxy profiles', exact: true }).click();
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('proxy profiles in the UI, through the real handlers', () => {
  it('creates a manual proxy with a bypass list, flagging a bad entry before it can be saved', async () => {
    await page.getByText('No proxy profiles yet.').waitFor();
    await page.getByLabel('New profile name').fill('Corp proxy');
    await page.getByRole('button', { name: 'Create' }).click();
    const editor = page.getByRole('form', { name: 'Proxy profile Corp proxy' });
    await editor.waitFor();

    await editor.getByRole('radio', { name: 'Manual' }).check();
    await editor.getByLabel('Proxy address').fill('http://squid.corp.example:3128');
    await editor.getByLabel('Bypass list (reached directly)').fill('<local>\n*.lab.example\n10.0.0.0/33');
    await editor.getByRole('list', { name: 'Bypass list problems' }).getByText('"10.0.0.0/33" is not a CIDR block: an IPv4 prefix length is 0–32.').waitFor();
    await expect(editor.getByRole('button', { name: 'Save', exact: true }).isDisabled()).resolves.toBe(true);

    await editor.getByLabel('Bypass list (reached directly)').fill('<local>\n*.lab.example\n10.0.0.0/8');
    await expect(editor.getByRole('list', { name: 'Bypass list problems' }).count()).resolves.toBe(0);
    await editor.getByRole('radio', { name: 'Tunnel through CONNECT' }).check();
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await editor.getByText('Unsaved changes').waitFor({ state: 'detached' });

    expect(await savedProfiles()).toMatchObject([{ name: 'Corp proxy', access: 'manual', url: 'http://squid.corp.example:3128', bypass: ['<local>', '*.lab.example', '10.0.0.0/8'], tunnelForHttp: true }]);
    await page.getByRole('list', { name: 'Saved proxy profiles' }).getByText('squid.corp.example:3128').waitFor();
  });

  it('fills the address and bypass list from pasted netsh winhttp output, and says what it found', async () => {
    const editor = page.getByRole('form', { name: 'Proxy profile Corp proxy' });
    await editor.getByText('Import from netsh winhttp show proxy').click();
    await editor.getByLabel('Output of netsh winhttp show proxy').fill('this is not netsh output');
    await editor.getByRole('button', { name: 'Fill in from this text' }).click();
    await editor.getByRole('alert').getByText('does not look like WinHTTP proxy settings').waitFor();

    await editor.getByLabel('Output of netsh winhttp show proxy').fill(NETSH);
    await editor.getByRole('button', { name: 'Fill in from this text' }).click();
    await editor.getByRole('status').getByText('Found proxy http://proxy.corp.example:8080 and 2 bypass entries').waitFor();
    await expect(editor.getByLabel('Proxy address').inputValue()).resolves.toBe('http://proxy.corp.example:8080');
    await expect(editor.getByLabel('Bypass list (reached directly)').inputValue()).resolves.toBe('*.corp.example\n<local>');
    await screenshotBothThemes(page, 'proxies-editor');
    await editor.getByRole('button', { name: 'Revert' }).click();
    await expect(editor.getByLabel('Proxy address').inputValue()).resolves.toBe('http://squid.corp.example:3128');
  });

  it('shows a conflicting change plainly and reloads the saved version', async () => {
    const editor = page.getByRole('form', { name: 'Proxy profile Corp proxy' });
    // Someone else (another window, the CLI) changes the profile while this editor holds a draft.
    await editor.getByLabel('Proxy address').fill('http://mine.corp.example:3128');
    await page.evaluate(async () => {
      const api = (globalThis as unknown as DeskPage).winrmDesk;
      const snapshot = await api.profiles.snapshot();
      if (!snapshot.ok) throw new Error(snapshot.error.message);
      const base = snapshot.value.document.proxyProfiles[0]!;
      const { id, ...profile } = base;
      const result = await api.proxyProfiles.update({ id, base, profile: { ...profile, url: 'http://theirs.corp.example:3128' } });
      if (!result.ok) throw new Error(result.error.message);
    });
    await editor.getByRole('alert').getByText('was changed elsewhere').waitFor();
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await editor.getByRole('alert').getByText('your changes were not saved').waitFor();
    await editor.getByRole('button', { name: 'Reload' }).click();
    await expect(editor.getByLabel('Proxy address').inputValue()).resolves.toBe('http://theirs.corp.example:3128');
  });

  it('lists who uses the profile, inherited use included, and refuses to delete it while in use', async () => {
    await page.evaluate(async () => {
      const api = (globalThis as unknown as DeskPage).winrmDesk;
      const snapshot = await api.profiles.snapshot();
      if (!snapshot.ok) throw new Error(snapshot.error.message);
      const proxyProfileId = snapshot.value.document.proxyProfiles[0]!.id;
      const folder = await api.folders.create({ name: 'Lab' });
      if (!folder.ok) throw new Error(folder.error.message);
      const updated = await api.folders.update({ id: folder.value.id, base: folder.value, folder: { name: 'Lab', defaults: { proxyProfileId } } });
      if (!updated.ok) throw new Error(updated.error.message);
      for (const host of [
        { name: 'web01', address: 'web01.lab.example', folderId: folder.value.id },
        { name: 'dc01', address: 'dc01.corp.example', proxyProfileId },
      ]) {
        const added = await api.hosts.add(host);
        if (!added.ok) throw new Error(added.error.message);
      }
    });
    const usedBy = page.getByRole('region', { name: 'Where Corp proxy is used' });
    await usedBy.getByText('Folder Lab and what it holds').waitFor();
    await expect(usedBy.getByRole('list', { name: 'Hosts' }).getByRole('listitem').filter({ hasText: 'web01' }).textContent()).resolves.toContain('from folder Lab');
    await expect(usedBy.getByRole('list', { name: 'Hosts' }).getByRole('listitem').filter({ hasText: 'dc01' }).textContent()).resolves.toContain('set on the host');

    const editor = page.getByRole('form', { name: 'Proxy profile Corp proxy' });
    await editor.getByRole('button', { name: 'Delete profile' }).click();
    await editor.getByRole('button', { name: 'Delete Corp proxy' }).click();
    await editor.getByRole('alert').getByText('CONFLICT').waitFor();
    await editor.getByText('Choose another proxy profile (or none)').waitFor();
    expect((await savedProfiles()).map((p) => p.name)).toEqual(['Corp proxy']);
    await screenshotBothThemes(page, 'proxies-used');
  });
});
