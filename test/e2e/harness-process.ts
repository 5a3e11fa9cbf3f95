import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';

export interface RunningHarness {
  /** The profiles and vault of this run. */
  readonly dataDir: string;
  /** Every IPC response of this run, one JSON line each. */
  readonly transcript: string;
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly stderr: () => string;
  /** The harness process: main's stand-in, whose memory the tests report. */
  readonly pid: number;
  stop(): Promise<void>;
}

export interface HarnessProcessOptions {
  /** Variables added to the harness's environment (e.g. KRB5_CONFIG for the rig's KDC). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `test/harness/serve.ts` as its own Node process (the same Node the tests run on). */
export async function startHarnessProcess(assetsDir: string, existingDataDir?: string, options: HarnessProcessOptions = {}): Promise<RunningHarness> {
  const dataDir = existingDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-e2e-data-')));
  const transcript = path.join(await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-e2e-ipc-')), 'ipc.jsonl');
  const child: ChildProcess = spawn(process.execPath, ['test/harness/serve.ts', '--assets', assetsDir, '--data', dataDir, '--transcript', transcript], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`harness exited before it was ready: ${stderr}`);
    }),
  ])) as [string];
  const ready = JSON.parse(first) as { url: string; origin: string; token: string };
  return {
    ...ready,
    dataDir,
    transcript,
    stderr: () => stderr,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
