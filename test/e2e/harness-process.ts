import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';

export interface RunningHarness {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/** Starts `test/harness/serve.ts` as its own Node process (the same Node the tests run on). */
export async function startHarnessProcess(assetsDir: string): Promise<RunningHarness> {
  const child: ChildProcess = spawn(process.execPath, ['test/harness/serve.ts', '--assets', assetsDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
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
    stderr: () => stderr,
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
