import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { MasterPasswordVault } from '../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { eventually, startDeskApp } from './desk-app.ts';
import { launchChromium, type RunningHarness } from './harness-process.ts';
import { screenshotBothThemes } from './screenshots.ts';

const rig = inject('rig');
const assets = inject('harnessAssets');
const MASTER = 'e2e-Editor-Master-Passw0rd';
const NTLM_OPTION = `Lab NTLM (${rig.winrm.ntlmUser})`;

let dataDir: string;
let browser: Browser;
let harness: RunningHarness;
let page: Page;

/** The vault's credentials and two proxy profiles, as the Credentials and Proxies screens would have made them. */
async function seed(dir: string): Promise<void> {
  const vault = await MasterPasswordVault.create(dir, MASTER, { scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  await vault.add({ label: 'Lab NTLM', userName: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, kind: 'host' }, rig.winrm.ntlmPassword);
  const squidCredential = await vault.add({ label: 'Squid proxy', userName: rig.squid.basicUser, kind: 'proxy' }, rig.squid.basicPassword);
  const { store } = ProfileStore.open(dir);
  store.addProxyProfile({ name: 'Squid', access: 'manual', url: `http://127.0.0.1:${rig.squid.openPort}` });
  store.addProxyProfile({ name: 'Squid (authenticating)', access: 'manual', url: `http://127.0.0.1:${rig.squid.authPort}`, auth: 'basic', credentialId: squidCredential.id });
}

async function openHosts(): Promise<void> {
  ({ harness, page } = await startDeskApp(browser, assets, dataDir, MASTER));
  await page.getByRole('button', { name: 'Hosts', exact: true }).click();
}

const folder = (name: string) => page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name, exact: true });
const hostEditor = (name: string) => page.getByRole('form', { name: `Host ${name}` });
const plan = (editor: Locator) => editor.getByRole('region', { name: 'Connection plan' });

async function addHost(name: string, address: string): Promise<void> {
  const add = page.getByRole('form', { name: 'Add host' });
  await add.getByLabel('Name', { exact: true }).fill(name);
  await add.getByLabel('Address', { exact: true }).fill(address);
  await add.getByRole('button', { name: 'Add host' }).click();
  await page.getByRole('row', { name, exact: true }).click();
  await hostEditor(name).waitFor();
}

async function planText(editor: Locator, accept: (text: string) => boolean): Promise<string> {
  return eventually(async () => (await plan(editor).textContent()) ?? '', accept);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-e2e-editor-'));
  await seed(dataDir);
  browser = await launchChromium();
  await openHosts();
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('the settings editor and the live plan', () => {
  it('a host in a folder that sets only its address inherits the folder’s credential and proxy profile, and it all survives a restart', async () => {
    await folder('All hosts').click();
    await page.getByRole('button', { name: 'New folder' }).click();
    const create = page.getByRole('dialog', { name: 'New folder at the top level' });
    await create.getByLabel('Folder name', { exact: true }).fill('Lab');
    await create.getByRole('button', { name: 'Create' }).click();
    await folder('Lab').click();

    const lab = page.getByRole('form', { name: 'Folder Lab' });
    await lab.getByLabel('Transport', { exact: true }).selectOption({ label: 'HTTP' });
    await lab.getByLabel('Port', { exact: true }).fill(String(rig.winrm.httpPort));
    await lab.getByLabel('Authentication', { exact: true }).selectOption({ label: 'NTLM' });
    await lab.getByLabel('Credential', { exact: true }).selectOption({ label: NTLM_OPTION });
    await lab.getByLabel('Proxy profile', { exact: true }).selectOption({ label: 'Squid' });
    // The folder shows what it would otherwise inherit: at the top level, only built-in values.
    await expect(describedText(lab, 'Credential')).resolves.toBe('Set here. Inherits none (built-in default) when cleared.');
    await lab.getByRole('button', { name: 'Save' }).click();
    await lab.getByText('Unsaved changes').waitFor({ state: 'detached' });

    await addHost('web01', '127.0.0.1');
    const web01 = hostEditor('web01');
    await expectInherited(web01, 'Credential', 'Lab NTLM', 'from folder Lab');
    await expectInherited(web01, 'Proxy profile', 'Squid', 'from folder Lab');
    await expectInherited(web01, 'Port', String(rig.winrm.httpPort), 'from folder Lab');
    await expect(web01.getByLabel('Port', { exact: true }).getAttribute('placeholder')).resolves.toBe(String(rig.winrm.httpPort));
    const summary = `via proxy 127.0.0.1:${rig.squid.openPort} (forwarded), NTLM, message encryption`;
    await expect(planText(web01, (t) => t.includes(summary))).resolves.toContain(summary);
    await centre(web01.getByLabel('Credential', { exact: true }));
    await screenshotBothThemes(page, 'editor-host-inherited');

    await page.close();
    await harness.stop();
    await openHosts();
    await folder('Lab').click();
    await page.getByRole('row', { name: 'web01', exact: true }).click();
    const again = hostEditor('web01');
    await expect(again.getByLabel('Address', { exact: true }).inputValue()).resolves.toBe('127.0.0.1');
    await expectInherited(again, 'Credential', 'Lab NTLM', 'from folder Lab');
    await expectInherited(again, 'Proxy profile', 'Squid', 'from folder Lab');
    await expect(planText(again, (t) => t.includes(summary))).resolves.toContain(summary);
  });

  it('a host overriding and clearing a setting: set here, then back to the inherited value', async () => {
    const web01 = hostEditor('web01');
    await web01.getByLabel('Proxy profile', { exact: true }).selectOption({ label: 'none (direct)' });
    await expect(describedText(web01, 'Proxy profile')).resolves.toBe('Set here. Inherits Squid (from folder Lab) when cleared.');
    await expect(planText(web01, (t) => t.includes('direct, NTLM, message encryption'))).resolves.toContain('direct, NTLM, message encryption');
    await web01.getByLabel('Proxy profile', { exact: true }).selectOption({ label: 'Inherit: Squid' });
    await expect(describedText(web01, 'Proxy profile')).resolves.toBe('Inherited: Squid, from folder Lab.');
    await expect(web01.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);

    await web01.getByLabel('Certificate check', { exact: true }).selectOption({ label: 'verification off (unsafe)' });
    await web01.getByText(/is not checked: anyone on the way can pose as this host/).waitFor();
    await centre(web01.getByLabel('Certificate check', { exact: true }));
    await screenshotBothThemes(page, 'editor-host-verification-off');
    await web01.getByRole('button', { name: 'Revert' }).click();
    await web01.getByText(/is not checked/).waitFor({ state: 'detached' });
  });

  it('an edit of a host changed elsewhere is refused and shown, never written over the newer change', async () => {
    const web01 = hostEditor('web01');
    await web01.getByLabel('Notes', { exact: true }).fill('rack 2, slot 4');
    // Someone else (the command line, another window) renames the host meanwhile.
    await page.evaluate(async () => {
      const api = (globalThis as unknown as { winrmDesk: { profiles: { snapshot(): Promise<{ value: { document: { hosts: Array<{ id: string; name: string }> } } }> }; hosts: { update(r: unknown): Promise<unknown> } } }).winrmDesk;
      const host = (await api.profiles.snapshot()).value.document.hosts.find((h) => h.name === 'web01')!;
      const { id, ...rest } = host;
      await api.hosts.update({ id, base: host, host: { ...rest, tags: ['renamed-elsewhere'] } });
    });
    await web01.getByText(/was changed elsewhere while you were editing/).waitFor();
    await web01.getByRole('button', { name: 'Save' }).click();
    await web01.getByText(/was changed elsewhere since you opened it; your changes were not saved/).waitFor();
    await screenshotBothThemes(page, 'editor-conflict');
    await web01.getByRole('button', { name: 'Reload' }).click();
    await expect(web01.getByLabel('Tags', { exact: true }).inputValue()).resolves.toBe('renamed-elsewhere');
    await expect(web01.getByLabel('Notes', { exact: true }).inputValue()).resolves.toBe('');
  });

  it('a host whose plan is refused (HTTP via the authenticating Squid) shows the refusal and the fix; the fix makes the plan valid', async () => {
    await folder('All hosts').click();
    await addHost('proxied', '127.0.0.1');
    const editor = hostEditor('proxied');
    await editor.getByLabel('Transport', { exact: true }).selectOption({ label: 'HTTP' });
    await editor.getByLabel('Authentication', { exact: true }).selectOption({ label: 'NTLM' });
    await editor.getByLabel('Credential', { exact: true }).selectOption({ label: NTLM_OPTION });
    await editor.getByLabel('Proxy profile', { exact: true }).selectOption({ label: 'Squid (authenticating)' });
    const refused = await planText(editor, (t) => t.includes('Refused'));
    expect(refused).toMatch(/Refused \(proxy 127\.0\.0\.1:\d+ \(basic authentication\)\): .*requires authentication/);
    expect(refused).toMatch(/Fix: .*HTTPS \(port 5986\)/);
    await screenshotBothThemes(page, 'editor-plan-refused');

    await plan(editor).getByRole('button', { name: 'Switch to HTTPS (port 5986)' }).click();
    const valid = `via proxy 127.0.0.1:${rig.squid.authPort} (CONNECT tunnel, proxy authentication Basic), NTLM, TLS`;
    await expect(planText(editor, (t) => t.includes(valid))).resolves.not.toContain('Refused');
    await expect(editor.getByLabel('Transport', { exact: true }).inputValue()).resolves.not.toBe('');
    await expect(editor.getByLabel('Port', { exact: true }).inputValue()).resolves.toBe('');
    await screenshotBothThemes(page, 'editor-plan-fixed');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Unsaved changes').waitFor({ state: 'detached' });
  });

  it('the app defaults editor shows only built-in values above it', async () => {
    // "All hosts" is the top of the tree: what it shows in the editor is what every host inherits last.
    await folder('All hosts').click();
    const defaults = page.getByRole('form', { name: 'App defaults' });
    await expect(describedText(defaults, 'Authentication')).resolves.toBe('Inherited: Negotiate, built-in default.');
    await expect(describedText(defaults, 'Port')).resolves.toBe('Inherited: 5986, default for HTTPS.');
    await screenshotBothThemes(page, 'editor-defaults');
  });
});

// The plan is pinned to the foot of the pane: a field is brought to the middle so the picture shows both.
async function centre(control: Locator): Promise<void> {
  await control.evaluate((e) => e.scrollIntoView({ block: 'center' }));
}

async function describedText(scope: Locator, label: string): Promise<string> {
  const id = await scope.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return (await scope.locator(`[id="${id}"]`).textContent()) ?? '';
}

async function expectInherited(scope: Locator, label: string, text: string, source: string): Promise<void> {
  await expect(eventually(() => describedText(scope, label), (t) => t === `Inherited: ${text}, ${source}.`)).resolves.toBe(`Inherited: ${text}, ${source}.`);
  const control = scope.getByLabel(label, { exact: true });
  if ((await control.evaluate((e) => e.tagName)) === 'SELECT') {
    await expect(control.inputValue()).resolves.toBe('');
    await expect(control.locator('option:checked').textContent()).resolves.toBe(`Inherit: ${text}`);
  }
}
