import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAppInfo } from '../../electron/app-info.ts';
import { createMemoryHostStore } from '../../electron/store/host-store.ts';
import { buildHarnessAssets } from './build.ts';
import { startHarness } from './server.ts';

// The harness as its own process: `node test/harness/serve.ts [--assets DIR]`. Without --assets it
// builds the renderer and shim first. It prints one JSON line {url, origin, token} when ready and
// runs until SIGINT/SIGTERM. Test/dev only: nothing here is packaged.
const { values } = parseArgs({ options: { assets: { type: 'string' } } });

let builtDir: string | undefined;
let assetsDir = values.assets;
if (!assetsDir) {
  builtDir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-harness-'));
  await buildHarnessAssets(builtDir);
  assetsDir = builtDir;
}

const harness = await startHarness(
  { rendererDir: path.join(assetsDir, 'renderer'), shimFile: path.join(assetsDir, 'shim.js') },
  { appInfo: readAppInfo, hosts: createMemoryHostStore() },
);
process.stdout.write(`${JSON.stringify({ url: harness.url, origin: harness.origin, token: harness.token })}\n`);

async function stop(): Promise<void> {
  await harness.close();
  if (builtDir) await rm(builtDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
