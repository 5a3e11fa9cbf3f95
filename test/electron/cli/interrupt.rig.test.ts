import { beforeEach, describe, expect, inject, it } from 'vitest';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { startCli, type CliRun } from '../../support/cli-process.ts';
import { runCliInPty } from '../../support/pty-cli.ts';

// Ctrl-C and SIGTERM against the real CLI process and the test WinRM server. How many Signal
// requests reached the server is read off the remote command itself: it traps SIGINT (what the server
// turns ctrl_c into) and prints one `got-int` per ctrl_c, and a terminate (SIGKILL there) would keep
// it from reaching `finished` and its exit code 42. Only `exec` commands: the rig's bare `cmd` changes.

const rig = inject('rig');
const control = new WinrmControl(rig);
const env = { WINRM_PASSWORD: rig.winrm.basicPassword };
const https = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];

/** Runs about `tenths` × 0.1 s unless terminated; each ctrl_c only prints `got-int`. */
const trapping = (tenths: number) => `trap 'echo got-int' INT; echo started; i=0; while [ $i -lt ${tenths} ]; do sleep 0.1; i=$((i+1)); done; echo finished; exit 42`;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the CLI's stdout so far contains `text` (the remote command is running then). */
function stdoutShows(run: CliRun, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!seen.includes(text)) return;
      run.child.stdout!.off('data', onData);
      resolve();
    };
    run.child.stdout!.on('data', onData);
    run.child.once('close', () => reject(new Error(`the CLI exited before its output showed ${JSON.stringify(text)}; it showed ${JSON.stringify(seen)}`)));
  });
}

async function untilCommandStarted(): Promise<void> {
  for (let waited = 0; (await control.counters()).commandsStarted < 1; waited += 50) {
    if (waited > 20_000) throw new Error('the remote command did not start');
    await delay(50);
  }
}

const count = (text: string, word: string) => text.split(word).length - 1;

// After a SIGTERM the CLI deletes the shell while its Receive loop may still poll once more; that poll's
// ShellNotFound fault is expected. Any other fault (2150858846, "the CommandId is not valid", follows a
// terminate the user did not ask for) is not.
const SHELL_NOT_FOUND_FAULT = '2150858843';

async function expectShellDeleted(allowedFaults: readonly string[] = []): Promise<void> {
  const counters = await control.counters();
  expect({ created: counters.shellsCreated, deleted: counters.shellsDeleted, open: counters.shellsOpen }).toEqual({ created: 1, deleted: 1, open: 0 });
  expect(Object.keys(counters.faults).filter((code) => !allowedFaults.includes(code))).toEqual([]);
}

beforeEach(async () => {
  await control.reset();
});

describe('Ctrl-C (SIGINT) during exec', () => {
  it('sends exactly one ctrl_c for one SIGINT: a command that traps it goes on to its own end', async () => {
    const run = startCli(['exec', ...https, '--', trapping(30)], { env });
    await stdoutShows(run, 'started\n');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.stdout.toString()).toBe('started\ngot-int\nfinished\n');
    expect(result).toMatchObject({ code: 42, stderr: '' });
    await expectShellDeleted();
  });

  it('ends `exec -- sleep 30` on one SIGINT with the command’s interrupted exit code (130), not 255, and deletes the shell', async () => {
    const run = startCli(['exec', ...https, '--', 'sleep', '30'], { env });
    await untilCommandStarted();
    await delay(300);
    const interrupted = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(Date.now() - interrupted).toBeLessThan(10_000);
    expect(result).toMatchObject({ code: 130, stderr: '' });
    await expectShellDeleted();
  });

  it('sends terminate for a second SIGINT within a second', async () => {
    const run = startCli(['exec', ...https, '--', trapping(60)], { env });
    await stdoutShows(run, 'started\n');
    const interrupted = Date.now();
    run.child.kill('SIGINT');
    await delay(300);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(Date.now() - interrupted).toBeLessThan(5_000);
    const stdout = result.stdout.toString();
    expect(count(stdout, 'got-int')).toBe(1);
    expect(stdout).not.toContain('finished');
    // The command was killed (the server's SIGKILL reads as 137) or is gone (130, as for an interrupt).
    expect([130, 137]).toContain(result.code);
    expect(result.stderr).not.toMatch(/error/i);
    expect((await control.counters()).shellsOpen).toBe(0);
  });

  it('treats a single SIGINT more than a second after the last one as ctrl_c again', async () => {
    const run = startCli(['exec', ...https, '--', trapping(45)], { env });
    await stdoutShows(run, 'started\n');
    run.child.kill('SIGINT');
    await delay(1_500);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.stdout.toString()).toBe('started\ngot-int\ngot-int\nfinished\n');
    expect(result).toMatchObject({ code: 42, stderr: '' });
    await expectShellDeleted();
  });
});

describe('SIGTERM during exec', () => {
  it('ends the CLI at once on the first SIGTERM, deleting the shell (exit 143)', async () => {
    const run = startCli(['exec', ...https, '--', 'echo started; sleep 30; echo never'], { env });
    await stdoutShows(run, 'started\n');
    const terminated = Date.now();
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(Date.now() - terminated).toBeLessThan(5_000);
    expect(result).toMatchObject({ code: 143, stderr: '' });
    expect(result.stdout.toString()).toBe('started\n');
    await expectShellDeleted([SHELL_NOT_FOUND_FAULT]);
  });

  it('is not swallowed after an earlier SIGINT', async () => {
    const run = startCli(['exec', ...https, '--', trapping(60)], { env });
    await stdoutShows(run, 'started\n');
    run.child.kill('SIGINT');
    await stdoutShows(run, 'got-int\n');
    const terminated = Date.now();
    run.child.kill('SIGTERM');
    const result = await run.done;
    expect(Date.now() - terminated).toBeLessThan(3_000);
    expect(result.stdout.toString()).toBe('started\ngot-int\n');
    expect(result).toMatchObject({ code: 143, stderr: '' });
    await expectShellDeleted([SHELL_NOT_FOUND_FAULT]);
  });
});

describe('Ctrl-C typed at a real terminal (pty)', () => {
  it('is one ctrl_c: the trapping command goes on to its end', async () => {
    const result = await runCliInPty(rig.python, ['exec', ...https, '--', trapping(30)], { env, steps: [{ waitFor: 'started', send: '\u0003' }] });
    expect(result).toMatchObject({ timedOut: false, pendingSteps: 0, signal: null, code: 42 });
    expect(count(result.output, 'got-int')).toBe(1);
    expect(result.output).toContain('finished');
    expect(result.output).not.toMatch(/error/i);
    await expectShellDeleted();
  });

  it('twice within a second terminates the command', async () => {
    const steps = [
      { waitFor: 'started', send: '\u0003' },
      { waitFor: 'got-int', delayMs: 200, send: '\u0003' },
    ];
    const result = await runCliInPty(rig.python, ['exec', ...https, '--', trapping(60)], { env, steps });
    expect(result).toMatchObject({ timedOut: false, pendingSteps: 0, signal: null });
    expect([130, 137]).toContain(result.code);
    expect(count(result.output, 'got-int')).toBe(1);
    expect(result.output).not.toContain('finished');
    expect((await control.counters()).shellsOpen).toBe(0);
  });
});
