import { spawn } from 'node:child_process';
import path from 'node:path';

export interface PtyStep {
  /** Text the program's terminal output must show (after the previous step's match). */
  readonly waitFor: string;
  readonly delayMs?: number;
  /** What to type: "\u0003" is Ctrl-C, which the terminal turns into SIGINT. */
  readonly send: string;
}

export interface PtyResult {
  readonly code: number | null;
  readonly signal: number | null;
  /** Everything written to the terminal (CR LF line ends, echoed keys such as ^C). */
  readonly output: string;
  readonly timedOut: boolean;
  readonly pendingSteps: number;
}

const HELPER = path.join(import.meta.dirname, 'pty_run.py');

/**
 * Runs the CLI (`node electron/cli.ts …`) on a real pseudo-terminal through Python's pty module, so
 * Ctrl-C goes through a terminal's line discipline as when a user types it.
 */
export function runCliInPty(python: string, args: readonly string[], options: { env?: Record<string, string>; steps: readonly PtyStep[]; timeoutSec?: number }): Promise<PtyResult> {
  const spec = {
    argv: [process.execPath, 'electron/cli.ts', ...args],
    env: { PATH: process.env['PATH'] ?? '', TERM: 'dumb', ...options.env },
    cwd: process.cwd(),
    steps: options.steps,
    timeoutSec: options.timeoutSec ?? 60,
  };
  const child = spawn(python, [HELPER], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`pty helper exited ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as PtyResult);
    });
  });
}
