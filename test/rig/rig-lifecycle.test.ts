import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, inject, it } from 'vitest';
import type { RigInfo } from './rig-info.ts';

const rig = inject('rig');
const RIG = path.join(import.meta.dirname, 'rig.py');

/** Starts a second, private rig; resolves with its info and the supervisor process. */
async function startRig(dir: string) {
  const child = spawn(rig.python, [RIG, 'run', '--dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await new Promise<string[]>((resolve) => createInterface({ input: child.stdout }).once('line', (l) => resolve([l])));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { info: JSON.parse(line!) as RigInfo, child, exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('rig supervisor', () => {
  it('stops every component it started when its stdin reaches EOF', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-rig-eof-'));
    try {
      const { info, child, exited } = await startRig(dir);
      const pids = Object.values(info.pids);
      expect(pids.every(alive)).toBe(true);
      child.stdin.end();
      await exited;
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves nothing behind when the supervisor itself is SIGKILLed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-rig-kill-'));
    try {
      const { info, child, exited } = await startRig(dir);
      child.kill('SIGKILL');
      await exited;
      const pids = Object.values(info.pids);
      expect(await eventually(() => pids.every((pid) => !alive(pid)), 10_000)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
