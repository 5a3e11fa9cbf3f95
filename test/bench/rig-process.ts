import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { RigInfo } from '../rig/rig-info.ts';

/** Starts the test rig (test/rig/rig.py) in a temporary directory; `stop` ends it and removes the directory. */
export async function startRig(): Promise<{ rig: RigInfo; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-bench-'));
  const child = spawn('/usr/bin/python3', [path.join(import.meta.dirname, '../rig/rig.py'), 'run', '--dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve([l]));
    child.once('exit', (code) => reject(new Error(`rig exited ${code}`)));
  })) as [string];
  return {
    rig: JSON.parse(line) as RigInfo,
    stop: async () => {
      // EOF on its stdin stops the rig (rig.py watches for it).
      child.stdin.end();
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
