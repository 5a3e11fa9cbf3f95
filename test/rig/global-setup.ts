import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import type { RigInfo } from './rig-info.ts';

const PYTHON = '/usr/bin/python3';
const RIG = path.join(import.meta.dirname, 'rig.py');
const START_TIMEOUT_MS = 120_000; // generous: a first run may apt-get install packages
const STOP_TIMEOUT_MS = 15_000;

/** Starts the rig once for the `rig` project and provides its info to every test file. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-rig-'));
  // stdin stays a pipe we hold: when this process dies, the rig sees EOF and stops.
  const child = spawn(PYTHON, [RIG, 'run', '--dir', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let info: RigInfo;
  try {
    info = await readInfo(child.stdout, exited, () => stderr);
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('rig', info);

  return async () => {
    child.stdin.end();
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) {
      // The supervisor hung: end it and then its components by the PIDs it reported, nothing else.
      child.kill('SIGKILL');
      for (const pid of Object.values(info.pids)) killQuietly(pid);
    }
    await rm(dir, { recursive: true, force: true });
  };
}

function readInfo(stdout: NodeJS.ReadableStream, exited: Promise<number | null>, stderr: () => string): Promise<RigInfo> {
  const lines = createInterface({ input: stdout });
  const first = new Promise<RigInfo>((resolve, reject) => {
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as RigInfo);
      } catch {
        reject(new Error(`rig printed something other than its JSON info: ${line}`));
      }
    });
  });
  const died = exited.then((code) => {
    throw new Error(`rig exited (${code}) before it was ready:\n${stderr()}`);
  });
  const late = delay(START_TIMEOUT_MS).then(() => {
    throw new Error(`rig not ready within ${START_TIMEOUT_MS} ms:\n${stderr()}`);
  });
  // Whichever loses the race still settles later; mark it handled so it is not reported.
  died.catch(() => undefined);
  late.catch(() => undefined);
  return Promise.race([first, died, late]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
