import { describe, expect, it } from 'vitest';
import { EMPTY_RECEIVE_PACING, emptyReceiveDelay } from '../../electron/sessions/remote-command.ts';
import { RemoteShell } from '../../electron/sessions/remote-shell.ts';
import { startCli, type CliRun } from '../support/cli-process.ts';
import type { HostileWinrmServer } from './hostile-winrm-server.ts';
import { type Answer, answers, CLI_ENV, cliArgs, hostileServerForFile, receiveResponse, sessionOn, soap } from './hostile-winrm-server.ts';

// Issue 11, item 2: a server whose Receive comes back at once with nothing, or with the
// OperationTimeout fault at once, and never reports Done. Before the fix it got ~1 300 Receives a
// second here (2 500 on the reporter's machine), and two Ctrl-Cs, or a SIGTERM with a Delete that is
// never answered, left the command line running until SIGKILL.

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let server: HostileWinrmServer;
hostileServerForFile((started) => (server = started));

const sessionFor = () => sessionOn(server);

/** Receives the server got in `ms` milliseconds, counted from a second after the command started. */
async function receiveRate(receive: Answer, ms = 2000): Promise<number> {
  server.answer({ Receive: receive });
  const session = sessionFor();
  try {
    const shell = await RemoteShell.open(session);
    await shell.run('x');
    await delay(1000);
    const from = performance.now();
    await delay(ms);
    return server.countSince('Receive', from) - server.countSince('Receive', from + ms);
  } finally {
    await session.close();
  }
}

describe('Receives that come back at once with nothing are paced', { timeout: 15_000 }, () => {
  it.each([
    ['an empty Receive', answers.emptyReceive],
    ['the OperationTimeout fault', answers.timedOutAtOnce],
  ])('%s at once, forever: at most about one Receive a second once the pace is reached', async (_label, receive) => {
    const count = await receiveRate(receive);
    // One a second after the first ~1.5 s of back-off (50, 100, 200, 400, 800 ms, then 1 s).
    expect(count).toBeLessThanOrEqual(4);
    expect(count).toBeGreaterThanOrEqual(1);
  });

  it('never delays the Receive after one the server held (a real long-poll), nor after output', () => {
    const { firstMs, maxMs } = EMPTY_RECEIVE_PACING;
    expect(emptyReceiveDelay(0, 0, 0)).toBe(0);
    expect(emptyReceiveDelay(1, 1000, 1000)).toBe(firstMs);
    expect(emptyReceiveDelay(3, 1000, 1000)).toBe(4 * firstMs);
    expect(emptyReceiveDelay(50, 1000, 1000)).toBe(maxMs);
    expect(emptyReceiveDelay(50, 1000, 1000 + maxMs)).toBe(0);
    expect(emptyReceiveDelay(1_000_000, 0, 20_000)).toBe(0);
  });

  it('still delivers output that comes after a long run of empty answers, within the pace', async () => {
    let outputAt = Infinity;
    server.answer({
      Receive: (req, res) => {
        if (performance.now() < outputAt) return answers.emptyReceive(req, res);
        soap(res, receiveResponse(req.messageId, { stdout: 'late output\n', exitCode: 0 }));
      },
    });
    const session = sessionFor();
    try {
      const shell = await RemoteShell.open(session);
      const command = await shell.run('x');
      let received = '';
      command.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
      await delay(3000);
      outputAt = performance.now();
      await expect(command.exitCode).resolves.toBe(0);
      expect(performance.now() - outputAt).toBeLessThan(EMPTY_RECEIVE_PACING.maxMs + 500);
      expect(received).toBe('late output\n');
    } finally {
      await session.close();
    }
  });
});

async function untilReceiving(run: CliRun): Promise<void> {
  for (let waited = 0; server.count('Receive') < 1; waited += 20) {
    if (waited > 20_000 || run.child.exitCode !== null) throw new Error('the command line never reached the Receive loop');
    await delay(20);
  }
}

async function endsWithin(run: CliRun, ms: number) {
  const started = performance.now();
  const ended = await Promise.race([run.done, delay(ms).then(() => null)]);
  if (!ended) {
    run.child.kill('SIGKILL');
    throw new Error(`the command line was still running ${ms} ms later`);
  }
  return { ...ended, afterMs: performance.now() - started };
}

// Each starts the real command line (node electron/cli.ts), which takes a few seconds on a busy machine.
describe('the command line always has a way out (real process)', { timeout: 30_000 }, () => {
  it.each([
    ['answers it and carries on', answers.emptyReceive, undefined],
    ['never answers the Signal', answers.timedOutAtOnce, answers.never],
  ])('two Ctrl-Cs end it within a few seconds when the server ignores terminate (%s)', async (_label, receive, signal) => {
    server.answer({ Receive: receive, ...(signal ? { Signal: signal } : {}) });
    const run = startCli(['exec', ...cliArgs(server), '--', 'ignore-everything'], { env: CLI_ENV });
    await untilReceiving(run);
    run.child.kill('SIGINT');
    await delay(200);
    run.child.kill('SIGINT');
    const result = await endsWithin(run, 8000);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('winrm-desk: note: the remote command did not end within 2 s of terminate; its shell is deleted instead.');
    expect(server.count('Delete')).toBe(1);
  });

  it('SIGTERM ends it within a few seconds when the server never answers the Delete, and says so', async () => {
    server.answer({ Receive: answers.emptyReceive, Delete: answers.never });
    const run = startCli(['exec', ...cliArgs(server), '--', 'ignore-everything'], { env: CLI_ENV });
    await untilReceiving(run);
    run.child.kill('SIGTERM');
    const result = await endsWithin(run, 8000);
    expect(result.code).toBe(143);
    expect(result.stderr).toContain('winrm-desk: warning: the remote shell could not be deleted (TIMEOUT); it ends when its idle timeout passes.');
    expect(result.afterMs).toBeLessThan(6000);
  });
});
