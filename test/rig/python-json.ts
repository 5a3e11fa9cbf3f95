import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RigInfo } from './rig-info.ts';

const run = promisify(execFile);

/** Runs a driver script from this directory with Debian's Python: JSON spec on stdin, one JSON object on stdout. */
export async function runPythonJson<T>(rig: RigInfo, script: string, spec: unknown): Promise<T> {
  // The spec carries passwords: stdin, never a command line.
  const pending = run(rig.python, [path.join(import.meta.dirname, script)], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  pending.child.stdin?.end(JSON.stringify(spec));
  const { stdout } = await pending;
  return JSON.parse(stdout) as T;
}
