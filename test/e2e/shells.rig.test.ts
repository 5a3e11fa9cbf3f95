import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MasterPasswordVault } from '../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { WinrmControl } from '../rig/winrm-control.ts';
import { containsSecret, filesUnder } from '../support/secret-scan.ts';
import { closeTab, eventually, openShellTab, startDeskApp, tabAlert } from './desk-app.ts';
import { launchChromium, type RunningHarness } from './harness-process.ts';
import { fnv1a, PAGE_PROBE, terminal, terminalText, typeLine, waitForText } from './shell-terminal.ts';

const rig = inject('rig');
const assets = inject('harnessAssets');
const control = new WinrmControl(rig);
const MASTER = 'e2e-Shells-Master-Passw0rd';
const SCREENSHOTS = path.resolve('test-results/screenshots');
// The rig's console prints `<cwd>>` as its prompt, like cmd's `C:\Users\alice>`.
const PROMPT = />\s*$/;

let dataDir: string;
let harness: RunningHarness;
let browser: Browser;
let page: Page;

/** Saved hosts as an admin would have them: credentials in the vault, proxies in proxy profiles. */
async function seed(dir: string): Promise<void> {
  const vault = await MasterPasswordVault.create(dir, MASTER, { scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  const ntlm = await vault.add({ label: 'Lab NTLM', userName: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, kind: 'host' }, rig.winrm.ntlmPassword);
  const squidCredential = await vault.add({ label: 'Squid proxy', userName: rig.squid.basicUser, kind: 'proxy' }, rig.squid.basicPassword);
  const alice = await vault.add({ label: 'Alice', userName: rig.krb5.principal, kind: 'host' }, rig.krb5.password);
  const bob = await vault.add({ label: 'Bob', userName: rig.krb5.secondPrincipal, kind: 'host' }, rig.krb5.secondPassword);
  const { store } = ProfileStore.open(dir);
  const open = store.addProxyProfile({ name: 'Squid', access: 'manual', url: `http://127.0.0.1:${rig.squid.openPort}` });
  const authenticating = store.addProxyProfile({ name: 'Squid (authenticating)', access: 'manual', url: `http://127.0.0.1:${rig.squid.authPort}`, auth: 'basic', credentialId: squidCredential.id });
  const ca = { mode: 'ca' as const, caFile: rig.ca.certPath };
  store.addHost({ name: 'lab-http', address: '127.0.0.1', transport: 'http', port: rig.winrm.httpPort, auth: 'ntlm', credentialId: ntlm.id, proxyProfileId: open.id });
  store.addHost({ name: 'lab-https', address: '127.0.0.1', transport: 'https', port: rig.winrm.httpsPort, auth: 'ntlm', credentialId: ntlm.id, proxyProfileId: authenticating.id, tls: ca });
  const kerberos = { address: '127.0.0.1', transport: 'https' as const, port: rig.winrm.httpsPort, auth: 'kerberos' as const, spnHost: rig.winrm.spnHost, tls: ca };
  store.addHost({ name: 'krb-alice', ...kerberos, credentialId: alice.id });
  store.addHost({ name: 'krb-bob', ...kerberos, credentialId: bob.id });
  // The default domain listener: HTTP on 5985, every message encrypted by Kerberos.
  store.addHost({ name: 'krb-http', address: '127.0.0.1', transport: 'http', port: rig.winrm.httpPort, auth: 'kerberos', spnHost: rig.winrm.spnHost, credentialId: alice.id });
}

async function startApp(): Promise<void> {
  ({ harness, page } = await startDeskApp(browser, assets, dataDir, MASTER, { KRB5_CONFIG: rig.krb5.krb5Conf }));
}

const openShell = (hostName: string) => openShellTab(page, hostName, PROMPT);
const closeActiveTab = (hostName: string) => closeTab(page, hostName);

async function shellsOpenOnServer(): Promise<number> {
  return (await control.counters()).shellsOpen;
}

async function sessionList() {
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as { winrmDesk: { sessions: { list(): Promise<{ ok: boolean; value?: Array<{ hostName: string; facts: { shellId: string; route: string; protection: string; mechanism: string | null; lanes: number } }> }> } } }).winrmDesk.sessions.list();
    return result.ok ? result.value! : [];
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-e2e-shells-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  await seed(dataDir);
  browser = await launchChromium();
  await startApp();
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('shell tabs against the test WinRM server, through Squid', () => {
  it('opens an NTLM shell over HTTP with message encryption through Squid, runs a command, and survives one Ctrl-C', async () => {
    const before = await control.counters();
    const region = await openShell('lab-http');
    await typeLine(page, region, 'echo hello');
    await waitForText(region, /^hello$/m);

    const [tab] = await sessionList();
    expect(tab?.facts).toMatchObject({ route: 'forward', protection: 'message-encryption', mechanism: 'ntlm' });
    const shellId = tab!.facts.shellId;

    await typeLine(page, region, 'sleep 30');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await page.keyboard.press('Control+C');
    // The program stops, the console goes on: the prompt comes back and the same shell runs the next line.
    await waitForText(region, /\^C[\s\S]*>\s*$/);
    await typeLine(page, region, 'echo after');
    await waitForText(region, /^after$/m);

    const after = await control.counters();
    expect(after.shellsCreated - before.shellsCreated).toBe(1);
    expect((await sessionList())[0]?.facts.shellId).toBe(shellId);
    // Every SOAP message was sealed; Squid forwarded them (absolute-form POSTs in its log).
    expect(after.plaintextRequests - before.plaintextRequests).toBe(0);
    expect(after.encryptedRequests - before.encryptedRequests).toBeGreaterThan(4);
    expect(readFileSync(rig.squid.accessLog, 'utf8')).toContain(`POST http://127.0.0.1:${rig.winrm.httpPort}/wsman`);
  });

  it('opens an NTLM shell over HTTPS through a CONNECT tunnel, with Basic proxy auth from a vault proxy credential', async () => {
    const resumedBefore = (await control.counters()).tlsResumed;
    const region = await openShell('lab-https');
    await typeLine(page, region, 'echo hello');
    await waitForText(region, /^hello$/m);
    const tab = (await sessionList()).find((t) => t.hostName === 'lab-https');
    expect(tab?.facts).toMatchObject({ route: 'tunnel', protection: 'tls', mechanism: 'ntlm' });
    await typeLine(page, region, 'sleep 30');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await page.keyboard.press('Control+C');
    await waitForText(region, /\^C[\s\S]*>\s*$/);
    await typeLine(page, region, 'echo after');
    await waitForText(region, /^after$/m);
    // Ctrl+C went out on a second connection while a Receive held the first: the app's TLS session
    // cache let that connection resume the first one's TLS session, and the server says so.
    expect((await sessionList()).find((t) => t.hostName === 'lab-https')?.facts.lanes).toBe(2);
    expect((await control.counters()).tlsResumed).toBeGreaterThan(resumedBefore);

    // For review: the Shells area with two tabs, light and dark.
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: path.join(SCREENSHOTS, `shells-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // Squid logs a tunnel when it ends: closing the tab ends it, authenticated as the proxy credential's user.
    await closeActiveTab('lab-https');
    const tunnel = new RegExp(`CONNECT 127\\.0\\.0\\.1:${rig.winrm.httpsPort} ${rig.squid.basicUser} `);
    await expect(eventually(async () => readFileSync(rig.squid.accessLog, 'utf8'), (log) => tunnel.test(log))).resolves.toMatch(tunnel);
  });

  it('holds two Kerberos identities at once: each principal on its own connections', async () => {
    const alice = await openShell('krb-alice');
    const bob = await openShell('krb-bob');
    await typeLine(page, bob, 'echo from-bob');
    await waitForText(bob, /^from-bob$/m);
    await page.getByRole('tab', { name: 'krb-alice', exact: true }).click();
    await typeLine(page, alice, 'echo from-alice');
    await waitForText(alice, /^from-alice$/m);
    const { connections } = await control.counters();
    const principals = new Map<string, Set<number>>();
    for (const c of connections) if (c.principal) (principals.get(c.principal) ?? principals.set(c.principal, new Set()).get(c.principal)!).add(c.id);
    const aliceConnections = principals.get(rig.krb5.principal) ?? new Set();
    const bobConnections = principals.get(rig.krb5.secondPrincipal) ?? new Set();
    expect(aliceConnections.size).toBeGreaterThan(0);
    expect(bobConnections.size).toBeGreaterThan(0);
    expect([...aliceConnections].some((id) => bobConnections.has(id))).toBe(false);
    expect(readFileSync(rig.winrm.log, 'utf8')).toContain(rig.krb5.secondPrincipal);
  });

  it('opens a Kerberos host over HTTP in a tab, every message sealed by Kerberos', async () => {
    const before = await control.counters();
    const region = await openShell('krb-http');
    await typeLine(page, region, 'echo sealed-by-kerberos');
    await waitForText(region, /^sealed-by-kerberos$/m);
    const session = (await sessionList()).find((s) => s.hostName === 'krb-http');
    expect(session?.facts).toMatchObject({ route: 'direct', mechanism: 'kerberos', protection: 'message-encryption' });
    const after = await control.counters();
    expect(after.plaintextRequests - before.plaintextRequests).toBe(0);
    expect(after.encryptedRequests - before.encryptedRequests).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shells-kerberos-http.png') });
    await closeActiveTab('krb-http');
  });

  it('deletes the remote shell when a tab is closed', async () => {
    const baseline = await shellsOpenOnServer();
    await closeActiveTab('krb-alice');
    await expect(eventually(shellsOpenOnServer, (n) => n === baseline - 1)).resolves.toBe(baseline - 1);
    await closeActiveTab('krb-bob');
    await expect(eventually(shellsOpenOnServer, (n) => n === baseline - 2)).resolves.toBe(baseline - 2);
  });

  it('streams a 50 MB output into a tab with flow control: the page stays responsive and the bytes match a local run', async () => {
    await closeActiveTab('lab-http');
    const region = await openShell('lab-http');
    const [newest] = await page.evaluate(async () => {
      const result = await (globalThis as unknown as { winrmDesk: { sessions: { list(): Promise<{ ok: boolean; value?: Array<{ tabId: string; hostName: string }> }> } } }).winrmDesk.sessions.list();
      return (result.value ?? []).filter((t) => t.hostName === 'lab-http').slice(-1);
    });
    const tabId = newest!.tabId;
    const command = 'seq 1 6500000';
    const local = execFileSync('/bin/sh', ['-c', command], { maxBuffer: 128 * 1024 * 1024 }).toString('utf8');
    expect(local.length).toBeGreaterThan(50_000_000);
    const prompt = (await terminalText(region)).split('\n').filter((line) => PROMPT.test(line)).at(-1)!.trim();

    await page.evaluate((id) => {
      const probe = (globalThis as unknown as { __shellProbe: { tabs: Record<string, { recording: boolean }>; worstGapMs: number; ticks: number } }).__shellProbe;
      probe.tabs[id]!.recording = true;
      probe.worstGapMs = 0;
      probe.ticks = 0;
    }, tabId);
    const started = Date.now();
    await typeLine(page, region, command);
    const expected = `${local}\r\n${prompt}`;
    const probeOf = () =>
      page.evaluate((id) => {
        const probe = (globalThis as unknown as { __shellProbe: { tabs: Record<string, { recordedChars: number; recordedHash: number }>; acked: Record<string, number>; worstGapMs: number; ticks: number } }).__shellProbe;
        return { ...probe.tabs[id]!, acked: probe.acked[id] ?? 0, worstGapMs: probe.worstGapMs, ticks: probe.ticks };
      }, tabId);
    let peakMainKiB = 0;
    const done = await eventually(
      async () => {
        peakMainKiB = Math.max(peakMainKiB, rssKiB(harness.pid));
        return probeOf();
      },
      (p) => p.recordedChars >= expected.length,
      110_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = await cdp.send('Performance.getMetrics');
    const heapMiB = (metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024;
    console.log(
      `50 MB into a tab: ${(expected.length / 1e6).toFixed(1)} M chars in ${seconds.toFixed(1)} s; page timer worst gap ${done.worstGapMs.toFixed(0)} ms over ${done.ticks} ticks; ` +
        `main (harness) peak RSS ${(peakMainKiB / 1024).toFixed(0)} MiB; page JS heap ${heapMiB.toFixed(0)} MiB`,
    );
    expect(done.recordedChars).toBe(expected.length);
    expect(done.recordedHash).toBe(fnv1a(expected));
    // The terminal wrote (and so acknowledged) all but at most one acknowledgement batch.
    await expect(eventually(probeOf, (p) => p.acked >= expected.length - 5_000)).resolves.toMatchObject({});
    // The page's timer kept firing throughout: the stream never froze it.
    expect(done.ticks).toBeGreaterThan(seconds * 5);
    // Bounded, not proportional to the 50 MB that went through (generous: this is no speed target).
    expect(peakMainKiB / 1024).toBeLessThan(600);
    expect(heapMiB).toBeGreaterThan(0);
    expect(heapMiB).toBeLessThan(400);
    await waitForText(region, PROMPT);
  });

  it('says when the server drops the connection, keeps the scrollback, and reconnects to a working prompt', async () => {
    const region = terminal(page, 'lab-http');
    await typeLine(page, region, 'echo before-the-drop');
    await waitForText(region, /^before-the-drop$/m);
    await control.drop();
    const banner = tabAlert(region);
    await banner.waitFor({ timeout: 30_000 });
    await expect(banner.textContent()).resolves.toMatch(/CONNECTION_LOST|SHELL_NOT_FOUND|AFFINITY_LOST/);
    expect(await terminalText(region)).toMatch(/^before-the-drop$/m);
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await waitForText(region, /(previous shell|new shell)[\s\S]*>\s*$/i);
    await typeLine(page, region, 'echo after-reconnect');
    await waitForText(region, /^after-reconnect$/m);
  });

  it('leaves no secret in the IPC transcript, the harness log, the page or in clear in the data directory', async () => {
    const secrets = [MASTER, rig.winrm.ntlmPassword, rig.squid.basicPassword, rig.krb5.password, rig.krb5.secondPassword];
    const places: Array<[string, Buffer]> = [
      ['IPC transcript', readFileSync(harness.transcript)],
      ['harness log', Buffer.from(harness.stderr())],
      ['page', Buffer.from(await page.content())],
      ...filesUnder(dataDir).map((file): [string, Buffer] => [file, readFileSync(file)]),
    ];
    expect(readFileSync(harness.transcript, 'utf8')).toContain('"channel":"sessions:open"');
    for (const secret of secrets) {
      for (const [where, bytes] of places) expect(containsSecret(bytes, secret), `${where} holds a secret`).toBe(false);
    }
  });

  it('deletes the remote shells of a page that reloads, of a page that is closed, and of an app that quits', async () => {
    // A reload (or a crashed renderer) loses the page's end of every tab: main deletes their shells.
    const beforeReload = await shellsOpenOnServer();
    const heldBeforeReload = (await sessionList()).length;
    await page.reload();
    await expect(eventually(shellsOpenOnServer, (n) => n === beforeReload - heldBeforeReload)).resolves.toBe(beforeReload - heldBeforeReload);
    await page.getByRole('button', { name: 'Hosts', exact: true }).waitFor();

    await openShell('lab-http');
    await openShell('krb-alice');
    await openShell('lab-https');
    const held = (await sessionList()).length;
    expect(held).toBeGreaterThanOrEqual(3);
    const withTabs = await shellsOpenOnServer();
    // The window closes: every shell its page held is deleted on the server.
    await page.close();
    await expect(eventually(shellsOpenOnServer, (n) => n === withTabs - held)).resolves.toBe(withTabs - held);

    // A new window of the same app opens a shell; then the app quits (the harness gets SIGTERM).
    page = await browser.newPage();
    await page.addInitScript(PAGE_PROBE);
    await page.goto(harness.url);
    await openShell('lab-http');
    const beforeQuit = await shellsOpenOnServer();
    await harness.stop();
    await expect(eventually(shellsOpenOnServer, (n) => n === beforeQuit - 1)).resolves.toBe(beforeQuit - 1);
  });
});

function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
