import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MasterPasswordVault } from '../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { WinrmControl } from '../rig/winrm-control.ts';
import { eventually, openShellTab, startDeskApp, tabAlert, tabPanel, type DeskApp } from './desk-app.ts';
import { launchChromium } from './harness-process.ts';
import { terminalText, typeLine, waitForText } from './shell-terminal.ts';

// Tampering, in the app: a shell tab on an NTLM host over HTTP with message encryption (direct, no
// proxy). The rig's WinRM server then corrupts the next sealed reply, answers the next sealed request
// in plain text (a downgrade), sends an earlier sealed reply again (a replay), or seals an answer
// naming another MessageID. Each time the tab must say so with the code in its alert banner, keep what
// it showed so far, and come back on Reconnect with a new, still sealed shell.
const rig = inject('rig');
const assets = inject('harnessAssets');
const control = new WinrmControl(rig);
const MASTER = 'e2e-Tampering-Master-Passw0rd';
const HOST = 'lab-sealed';
const PROMPT = />\s*$/;

let dataDir: string;
let browser: Browser;
let app: DeskApp;
let page: Page;

async function seed(dir: string): Promise<void> {
  const vault = await MasterPasswordVault.create(dir, MASTER, { scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  const ntlm = await vault.add({ label: 'Lab NTLM', userName: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, kind: 'host' }, rig.winrm.ntlmPassword);
  const { store } = ProfileStore.open(dir);
  store.addHost({ name: HOST, address: '127.0.0.1', transport: 'http', port: rig.winrm.httpPort, auth: 'ntlm', credentialId: ntlm.id });
}

async function sessionFacts() {
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as { winrmDesk: { sessions: { list(): Promise<{ ok: boolean; value?: Array<{ hostName: string; facts: { protection: string; route: string } }> }> } } }).winrmDesk.sessions.list();
    return result.ok ? result.value!.map((tab) => tab.facts) : [];
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-e2e-tampering-'));
  await seed(dataDir);
  browser = await launchChromium();
  app = await startDeskApp(browser, assets, dataDir, MASTER);
  page = app.page;
});

afterAll(async () => {
  await control.setFaults({ tamperNextEncryptedResponse: null, plaintextNextResponse: null, replayNextEncryptedResponse: null, otherRelatesToNextResponse: null, oneShotFaultsOnlyOn: null });
  await browser?.close();
  await app?.harness.stop();
});

describe('a tampered or downgraded reply in a shell tab (NTLM, HTTP, message encryption)', () => {
  let region: Awaited<ReturnType<typeof openShellTab>>;

  it('opens the sealed shell tab', async () => {
    region = await openShellTab(page, HOST, PROMPT);
    expect(await sessionFacts()).toEqual([expect.objectContaining({ route: 'direct', protection: 'message-encryption' })]);
  });

  it.each([
    ['tamperNextEncryptedResponse', 'a flipped byte in a sealed reply', 'INTEGRITY_FAILED'],
    ['plaintextNextResponse', 'a reply in plain text to a sealed request', 'INTEGRITY_FAILED'],
    ['replayNextEncryptedResponse', 'an earlier sealed reply sent again', 'INTEGRITY_FAILED'],
    ['otherRelatesToNextResponse', 'a sealed reply naming another MessageID', 'PROTOCOL_ERROR'],
  ] as const)('%s (%s): %s in the tab, scrollback kept, Reconnect works', async (fault, _what, code) => {
    const marker = `before-${fault}`;
    await typeLine(page, region, `echo ${marker}`);
    await waitForText(region, new RegExp(`^${marker}$`, 'm'));
    await waitForText(region, PROMPT);
    const before = await control.counters();

    // The Receive bringing this line's output is the reply hit. (Were it the Send's answer, the output
    // could still arrive, well sealed, on the other connection before the session is torn down.)
    await control.setFaults({ [fault]: true, oneShotFaultsOnlyOn: 'Receive' });
    await typeLine(page, region, 'echo never-shown');
    const banner = tabAlert(region);
    await banner.waitFor({ timeout: 30_000 });
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain(code);
    expect(text).toContain(`The connection to ${HOST} was lost`);
    // The fault was used up by this session, and nothing of the bad reply reached the terminal.
    expect((await control.setFaults({}))[fault]).toBeUndefined();
    if (fault === 'tamperNextEncryptedResponse') expect((await control.counters()).tamperedResponses - before.tamperedResponses).toBe(1);
    const scrollback = await terminalText(region);
    expect(scrollback).toMatch(new RegExp(`^${marker}$`, 'm'));
    expect(scrollback).not.toMatch(/^never-shown$/m);

    await tabPanel(region).getByRole('button', { name: 'Reconnect' }).click();
    await waitForText(region, /A new shell was started[\s\S]*>\s*$/);
    await expect(eventually(() => tabAlert(region).count(), (n) => n === 0)).resolves.toBe(0);
    expect(await terminalText(region)).toMatch(new RegExp(`^${marker}$`, 'm'));
    const after = `after-${fault}`;
    await typeLine(page, region, `echo ${after}`);
    await waitForText(region, new RegExp(`^${after}$`, 'm'));
    // The new shell is sealed as the old one was: the downgrade did not stick.
    const counters = await control.counters();
    expect(counters.shellsCreated - before.shellsCreated).toBe(1);
    // The old shell, whose session broke, was deleted over a fresh session: only the new one is open.
    expect(counters.shellsDeleted - before.shellsDeleted).toBe(1);
    expect(counters.shellsOpen).toBe(before.shellsOpen);
    expect(counters.plaintextRequests - before.plaintextRequests).toBe(0);
    expect(await sessionFacts()).toEqual([expect.objectContaining({ protection: 'message-encryption' })]);
  });
});
