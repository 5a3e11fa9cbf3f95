import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openAppServices } from '../../electron/app-services.ts';
import { onTerminationSignals } from '../../electron/store/process-signals.ts';
import { buildHarnessAssets } from './build.ts';
import { startHarness } from './server.ts';

// The harness as its own process: `node test/harness/serve.ts [--assets DIR]`. Without --assets it
// builds the renderer and shim first; without --data it keeps profiles and vault in a temporary
// directory; --transcript FILE appends every IPC response to FILE (for tests that scan for secrets). It prints one JSON line {url, origin, token} when ready and
// runs until SIGINT/SIGTERM. Test/dev only: nothing here is packaged.
const { values } = parseArgs({ options: { assets: { type: 'string' }, data: { type: 'string' }, transcript: { type: 'string' } } });

const temporary: string[] = [];
let assetsDir = values.assets;
if (!assetsDir) {
  assetsDir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-harness-'));
  temporary.push(assetsDir);
  await buildHarnessAssets(assetsDir);
}

// The data directory holds the profiles and the vault; the harness, like Linux without a keyring, uses a master password.
let dataDir = values.data;
if (!dataDir) {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-harness-data-'));
  temporary.push(dataDir);
}
const app = openAppServices(dataDir, { osCipher: null, log: (message) => process.stderr.write(`sessions: ${message}\n`) });
const { services, problems } = app;
for (const problem of problems) process.stderr.write(`store: ${problem.code}: ${problem.message}\n`);
const harness = await startHarness({ rendererDir: path.join(assetsDir, 'renderer'), shimFile: path.join(assetsDir, 'shim.js') }, services, values.transcript ? { transcript: values.transcript } : {});
process.stdout.write(`${JSON.stringify({ url: harness.url, origin: harness.origin, token: harness.token })}\n`);

// Like the app quitting: every tab's remote shell is deleted first.
let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await harness.close();
  await app.dispose();
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
  process.exit(0);
}
// Exactly once per signal, whatever the store's dependencies registered.
onTerminationSignals(() => void stop());
