import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { MasterPasswordVault } from '../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { openShellTab } from '../e2e/desk-app.ts';
import { launchChromium, startHarnessProcess } from '../e2e/harness-process.ts';
import { screenshotBothThemes } from '../e2e/screenshots.ts';
import { typeLine, waitForText } from '../e2e/shell-terminal.ts';
import { buildHarnessAssets } from '../harness/build.ts';
import type { RigInfo } from '../rig/rig-info.ts';

// Case 8b: output from main into a shell tab's terminal, in Chromium. The real renderer bundle on
// the harness (main's stand-in, the same IPC handlers and tab flow control), one shell tab on the
// rig over NTLM/HTTPS direct (TLS, no message sealing: the cheapest WinRM leg the rig has), and a
// command printing ~20 MB. Timed in the page: from the Enter keydown to the moment the terminal has
// acknowledged (written) all of it; then the terminal must show its last line and the prompt.

const MASTER = 'bench-Terminal-Master-Passw0rd';
const HOST = 'bench-https';
const PROMPT = />\s*$/;
export const OUTPUT_COMMAND = 'seq 1 2700000';
const WAIT_MS = 180_000;
const TYPED_AFTER = 'typed-after-the-output';

/**
 * Installed before the page's scripts: per tab port, output bytes and acknowledged bytes, and when an
 * armed target was reached. Output comes in binary messages (test/harness/port-frames.ts: uint32
 * header length, JSON header, bytes); only their headers are read here.
 */
const PROBE = `(() => {
  const probe = { output: {}, acked: {}, target: null };
  window.__benchTerminal = probe;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const headerLength = new DataView(event.data).getUint32(0, true);
        const header = JSON.parse(new TextDecoder().decode(new Uint8Array(event.data, 4, headerLength)));
        if (header.frame.t === 'output') probe.output[header.port] = (probe.output[header.port] ?? 0) + event.data.byteLength - 4 - headerLength;
      });
    }
    send(data) {
      const message = JSON.parse(String(data));
      if (typeof message.port === 'string' && message.frame?.t === 'ack') {
        const acked = (probe.acked[message.port] = (probe.acked[message.port] ?? 0) + message.frame.bytes);
        const target = probe.target;
        if (target && target.port === message.port && target.doneAt === null && acked >= target.bytes) target.doneAt = performance.now();
      }
      return super.send(data);
    }
  };
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && probe.target && probe.target.startAt === null) probe.target.startAt = performance.now();
  }, { capture: true });
})();`;

interface ProbeTarget {
  port: string;
  bytes: number;
  startAt: number | null;
  doneAt: number | null;
}

interface InPage {
  __benchTerminal: { output: Record<string, number>; acked: Record<string, number>; target: ProbeTarget | null };
  winrmDesk: { sessions: { list(): Promise<{ ok: boolean; value?: Array<{ tabId: string; hostName: string }> }> } };
}

export interface TerminalRun {
  /** Bytes of the command's output. */
  readonly bytes: number;
  readonly ms: number;
}

export interface TerminalPage {
  /** Runs the command once in the tab; the output's size and the time until the terminal had written it. */
  run(): Promise<TerminalRun>;
  close(): Promise<void>;
}

async function seed(dir: string, rig: RigInfo): Promise<void> {
  const vault = await MasterPasswordVault.create(dir, MASTER, { scrypt: { N: 2 ** 14, r: 8, p: 1 } });
  const credential = await vault.add({ label: 'Bench NTLM', userName: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, kind: 'host' }, rig.winrm.ntlmPassword);
  const { store } = ProfileStore.open(dir);
  store.addHost({ name: HOST, address: '127.0.0.1', transport: 'https', port: rig.winrm.httpsPort, auth: 'ntlm', credentialId: credential.id, tls: { mode: 'ca', caFile: rig.ca.certPath } });
}

async function unlock(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Credentials' }).click();
  await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('vault-status').getByText('The vault is unlocked.').waitFor();
}

async function runOnce(page: Page, region: Locator, tabId: string, expected: Buffer): Promise<TerminalRun> {
  const before = await page.evaluate((port) => ({ acked: (globalThis as unknown as InPage).__benchTerminal.acked[port] ?? 0, output: (globalThis as unknown as InPage).__benchTerminal.output[port] ?? 0 }), tabId);
  await region.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(OUTPUT_COMMAND);
  await page.evaluate(({ port, bytes }) => ((globalThis as unknown as InPage).__benchTerminal.target = { port, bytes, startAt: null, doneAt: null }), { port: tabId, bytes: before.acked + expected.length });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => (globalThis as unknown as InPage).__benchTerminal.target?.doneAt != null, undefined, { timeout: WAIT_MS, polling: 50 });
  const result = await page.evaluate((port) => {
    const probe = (globalThis as unknown as InPage).__benchTerminal;
    const target = probe.target!;
    probe.target = null;
    return { ms: target.doneAt! - target.startAt!, output: probe.output[port] ?? 0 };
  }, tabId);
  if (result.output - before.output < expected.length) throw new Error(`the tab received ${result.output - before.output} bytes, expected at least ${expected.length}`);
  // Written means shown: the output's last line right above a fresh prompt (before the run, the
  // screen of the previous one ends with the typed command instead).
  const lastLine = expected.toString('latin1').trimEnd().split('\n').at(-1)!;
  await waitForText(region, new RegExp(`^${lastLine}\\n\\n?[^\\n]*>$`, 'm'), WAIT_MS);
  // And the tab still takes a command after the flood (untimed), as an admin would check.
  await typeLine(page, region, `echo ${TYPED_AFTER}`);
  await waitForText(region, new RegExp(`^${TYPED_AFTER}\\n\\n?[^\\n]*>$`, 'm'));
  await screenshotBothThemes(page, 'bench-terminal-after-output');
  return { bytes: expected.length, ms: result.ms };
}

export interface TerminalPageOptions {
  /**
   * Profiles into this directory (BENCH_PROFILE): the page's main thread per run (CDP Profiler,
   * `page-<n>.cpuprofile`; with BENCH_TRACE=1, or =<categories>, a Chrome trace `page-<n>.trace.json` instead) and the harness
   * process for its whole life (`--cpu-prof`, written when it stops).
   */
  readonly profileDir?: string;
}

/** Builds the renderer, seeds one host, starts the harness and Chromium and opens the tab; undone in reverse if a step fails. */
export async function openTerminalPage(rig: RigInfo, options: TerminalPageOptions = {}): Promise<TerminalPage> {
  const wanted = options.profileDir ?? process.env['BENCH_PROFILE'];
  const profileDir = wanted ? path.resolve(wanted) : undefined;
  const undo: (() => Promise<unknown>)[] = [];
  const close = async () => {
    const problems: unknown[] = [];
    for (const step of undo.reverse().splice(0)) await step().catch((error: unknown) => problems.push(error));
    if (problems.length > 0) throw new AggregateError(problems, 'terminal page bench did not clean up');
  };
  const temp = async (prefix: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    undo.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  try {
    const expected = execFileSync('/bin/sh', ['-c', OUTPUT_COMMAND], { maxBuffer: 64 * 1024 * 1024 });
    const assetsDir = await temp('winrm-desk-bench-assets-');
    await buildHarnessAssets(assetsDir);
    const dataDir = await temp('winrm-desk-bench-terminal-');
    await seed(dataDir, rig);
    if (profileDir) await mkdir(profileDir, { recursive: true });
    const harness = await startHarnessProcess(assetsDir, dataDir, profileDir ? { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } } : {});
    undo.push(() => rm(path.dirname(harness.transcript), { recursive: true, force: true }));
    undo.push(() => harness.stop());
    const browser: Browser = await launchChromium();
    undo.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(PROBE);
    await page.goto(harness.url);
    await unlock(page);
    const region = await openShellTab(page, HOST, PROMPT);
    const tabs = await page.evaluate(async () => (await (globalThis as unknown as InPage).winrmDesk.sessions.list()).value ?? []);
    const tabId = tabs.find((t) => t.hostName === HOST)?.tabId;
    if (!tabId) throw new Error(`no session listed for ${HOST}`);
    const cdp = profileDir ? await page.context().newCDPSession(page) : null;
    let runs = 0;
    return {
      async run() {
        const traced = process.env['BENCH_TRACE'];
        const trace = traced && profileDir;
        const categories = traced === '1' ? ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8'] : traced?.split(',');
        if (trace) await browser.startTracing(page, { path: path.join(profileDir, `page-${runs + 1}.trace.json`), categories });
        else {
          await cdp?.send('Profiler.enable');
          await cdp?.send('Profiler.start');
        }
        const result = await runOnce(page, region, tabId, expected);
        if (trace) {
          await browser.stopTracing();
          runs++;
        } else if (cdp && profileDir) {
          const { profile } = await cdp.send('Profiler.stop');
          await writeFile(path.join(profileDir, `page-${++runs}.cpuprofile`), JSON.stringify(profile));
        }
        if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.join('; ')}`);
        return result;
      },
      close,
    };
  } catch (error) {
    await close().catch((cleanup: unknown) => {
      throw new AggregateError([error, cleanup], 'terminal page bench failed and did not clean up');
    });
    throw error;
  }
}
