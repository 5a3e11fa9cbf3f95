import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, CLI_ENV, cliArgs, HostileWinrmServer } from './hostile-winrm-server.ts';

// Issue 11, item 10: `process.exit` right after the last write was seen to hang inside Node's
// shutdown (3 runs in ~40 of a 46 MB NTLM output). The command line now sets process.exitCode and
// ends when nothing holds it: sockets closed, timers cleared, stdin let go, even a stdin pipe that
// is never closed. A preloaded tracer reports any process.exit call.

const TRACER = path.join(import.meta.dirname, 'support', 'trace-exit.ts');

let server: HostileWinrmServer;

beforeAll(async () => {
  server = await HostileWinrmServer.start({ Receive: answers.exitWith(3, 'done\n') });
});

afterAll(async () => {
  await server.close();
});

/** The command line with the tracer, its stdin a pipe we keep open. */
function runTraced(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', TRACER, 'electron/cli.ts', ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...CLI_ENV },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      child.stdin.destroy();
      resolve({ code, stdout, stderr, signal });
    }),
  );
}

describe('the command line ends by itself, without process.exit (real process)', { timeout: 30_000 }, () => {
  it.each([
    ['exec', () => ['exec', ...cliArgs(server), '--', 'x'], 3],
    ['exec --json', () => ['exec', ...cliArgs(server, ['--json']), '--', 'x'], 3],
    ['a local failure', () => ['exec', '--url', server.url, '--auth', 'nonsense', '--', 'x'], 255],
  ])('%s, with a stdin pipe that is never closed', async (_label, args, code) => {
    const result = await runTraced(args());
    expect({ code: result.code, signal: result.signal, stderr: result.stderr.includes('[trace] process.exit') ? result.stderr : 'no process.exit' }).toEqual({ code, signal: null, stderr: 'no process.exit' });
  });
});
