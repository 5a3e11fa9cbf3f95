import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { MasterPasswordVault } from '../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { WinrmControl } from '../rig/winrm-control.ts';
import { startDeskApp } from './desk-app.ts';
import { launchChromium, type RunningHarness } from './harness-process.ts';
import { screenshotBothThemes } from './screenshots.ts';

const rig = inject('rig');
const assets = inject('harnessAssets');
const control = new WinrmControl(rig);
const MASTER = 'e2e-Ladder-Master-Passw0rd';
const WRONG = 'Wr0ng-passw0rd!';
const HOSTS = ['good', 'wrong-password', 'via-tinyproxy', 'proxy-no-credential', 'untrusted', 'closed-port'];

let dataDir: string;
let browser: Browser;
let harness: RunningHarness;
let page: Page;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One host per way a connection fails, and one that works, as an admin would have saved them. */
async function seed(dir: string): Promise<void> {
  const vault = await MasterPasswordVault.create(dir, MASTER, { scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  const ntlm = await vault.add({ label: 'Lab NTLM', userName: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, kind: 'host' }, rig.winrm.ntlmPassword);
  const wrong = await vault.add({ label: 'Lab NTLM (old password)', userName: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, kind: 'host' }, WRONG);
  const squidCredential = await vault.add({ label: 'Squid proxy', userName: rig.squid.basicUser, kind: 'proxy' }, rig.squid.basicPassword);
  const { store } = ProfileStore.open(dir);
  const squid = store.addProxyProfile({ name: 'Squid (authenticating)', access: 'manual', url: `http://127.0.0.1:${rig.squid.authPort}`, auth: 'basic', credentialId: squidCredential.id });
  const squidNoCredential = store.addProxyProfile({ name: 'Squid (no proxy credential)', access: 'manual', url: `http://127.0.0.1:${rig.squid.authPort}` });
  const tinyproxy = store.addProxyProfile({ name: 'tinyproxy', access: 'manual', url: `http://127.0.0.1:${rig.tinyproxy.port}` });
  const ca = { mode: 'ca' as const, caFile: rig.ca.certPath };
  const https = { address: '127.0.0.1', transport: 'https' as const, port: rig.winrm.httpsPort, auth: 'ntlm' as const, credentialId: ntlm.id };
  const http = { address: '127.0.0.1', transport: 'http' as const, port: rig.winrm.httpPort, auth: 'ntlm' as const, credentialId: ntlm.id };
  store.addHost({ name: 'good', ...https, tls: ca, proxyProfileId: squid.id });
  store.addHost({ name: 'wrong-password', ...http, credentialId: wrong.id });
  store.addHost({ name: 'via-tinyproxy', ...http, proxyProfileId: tinyproxy.id });
  store.addHost({ name: 'proxy-no-credential', ...https, tls: ca, proxyProfileId: squidNoCredential.id });
  store.addHost({ name: 'untrusted', ...https, tls: { mode: 'system' } });
  store.addHost({ name: 'closed-port', ...http, port: await closedPort() });
}

const ladder = (name: string) => page.getByRole('region', { name: 'Connection tests' }).getByRole('article', { name: `Connection test ${name}` });
const step = (scope: Locator, name: string) => scope.getByRole('listitem', { name: new RegExp(`^${name}: `) });

async function finished(name: string): Promise<Locator> {
  const scope = ladder(name);
  await scope.and(page.locator('[data-done="true"]')).waitFor({ timeout: 60_000 });
  return scope;
}

async function failedStep(name: string): Promise<{ step: string; text: string }> {
  const scope = await finished(name);
  const failed = scope.locator('.ladder-step[data-status="failed"]');
  await expect(failed.count()).resolves.toBe(1);
  return { step: (await failed.getAttribute('data-step')) ?? '', text: (await failed.textContent()) ?? '' };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-e2e-ladder-'));
  await seed(dataDir);
  browser = await launchChromium();
  ({ harness, page } = await startDeskApp(browser, assets, dataDir, MASTER));
  await page.getByRole('button', { name: 'Hosts', exact: true }).click();
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('the connection test ladder in the app, against the rig', () => {
  it('a good host from its editor: every step it has is green, each with its duration, and the shell is deleted', async () => {
    const before = await control.counters();
    await page.getByRole('row', { name: 'good', exact: true }).click();
    await page.getByRole('form', { name: 'Host good' }).getByRole('button', { name: 'Test connection' }).click();
    const good = await finished('good');
    await expect(good.getByRole('status').textContent()).resolves.toMatch(/^passed in \d/);
    const statuses = await good.locator('.ladder-step').evaluateAll((items) => items.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-status')]));
    expect(statuses).toEqual([
      ['plan', 'ok'],
      ['resolve', 'skipped'],
      ['tcp', 'ok'],
      ['proxy-auth', 'ok'],
      ['tunnel', 'ok'],
      ['tls', 'ok'],
      ['winrm-auth', 'ok'],
      ['encryption', 'ok'],
      ['shell-create', 'ok'],
      ['shell-delete', 'ok'],
    ]);
    for (const duration of await good.locator('.ladder-step[data-status="ok"] .step-duration').allTextContents()) expect(duration).toMatch(/^\d+(\.\d)? (ms|s)$/);
    const certificate = new X509Certificate(readFileSync(rig.ca.serverCertPath));
    await expect(step(good, 'TLS').textContent()).resolves.toContain(certificate.fingerprint256);
    await expect(step(good, 'WinRM authentication').textContent()).resolves.toMatch(/Server offered: Negotiate · signed in with NTLM/);
    const after = await control.counters();
    expect(after.shellsDeleted - before.shellsDeleted).toBe(1);
    await screenshotBothThemes(page, 'connection-test-good');
  });

  it('a selection tests each host and names the failing step with its code and fix', async () => {
    await page.getByRole('button', { name: 'Clear results' }).click();
    await page.getByRole('row', { name: 'good', exact: true }).click();
    await page.keyboard.press('Control+a');
    await page.getByRole('toolbar', { name: 'Selected hosts' }).getByRole('button', { name: 'Test connection' }).click();
    for (const name of HOSTS) await ladder(name).waitFor();

    const wrong = await failedStep('wrong-password');
    expect(wrong).toMatchObject({ step: 'winrm-auth' });
    expect(wrong.text).toMatch(/AUTH_FAILED.*Check the user name and password of the credential linked to this host/);

    const tiny = await failedStep('via-tinyproxy');
    expect(tiny).toMatchObject({ step: 'winrm-auth' });
    expect(tiny.text).toMatch(/AFFINITY_LOST.*use HTTPS \(port 5986\) or tunnel HTTP through CONNECT/);

    const proxyAuth = await failedStep('proxy-no-credential');
    expect(proxyAuth).toMatchObject({ step: 'proxy-auth' });
    expect(proxyAuth.text).toMatch(/PROXY_AUTH_REQUIRED/);
    expect(proxyAuth.text).toMatch(/Proxy offered: .*Basic/);
    expect(proxyAuth.text).toMatch(/Negotiate/);

    const untrusted = await failedStep('untrusted');
    expect(untrusted).toMatchObject({ step: 'tls' });
    expect(untrusted.text).toMatch(/TLS_UNTRUSTED/);
    expect(untrusted.text).toContain(new X509Certificate(readFileSync(rig.ca.serverCertPath)).fingerprint256);

    const closed = await failedStep('closed-port');
    expect(closed).toMatchObject({ step: 'tcp' });
    expect(closed.text).toMatch(/CONNECTION_REFUSED.*WinRM listener/);

    const good = await finished('good');
    await expect(good.locator('.ladder-step[data-status="failed"]').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Connection tests' }).textContent()).resolves.toContain('1 of 6 passed');
    // Nothing a test shows carries a password.
    const shown = (await page.getByRole('region', { name: 'Connection tests' }).textContent()) ?? '';
    for (const secret of [rig.winrm.ntlmPassword, rig.squid.basicPassword, WRONG]) expect(shown).not.toContain(secret);
    await screenshotBothThemes(page, 'connection-test-ladders');
    await ladder('untrusted').scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'connection-test-untrusted');
  });
});
