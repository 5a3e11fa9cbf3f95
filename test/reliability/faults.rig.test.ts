import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openShell, type OpenedShell } from '../../electron/connections/open-session.ts';
import { WinrmControl } from '../rig/winrm-control.ts';
import { noKerberos, rigNtlmRequest } from '../support/rig-request.ts';

// Faults injected by the rig's WinRM server while real sessions run: each must either be survived
// correctly (a new connection, a new handshake where that is safe) or end with a coded error; input
// is never lost or sent twice and output is never duplicated or reordered (hashes against local runs).
const rig = inject('rig');
const control = new WinrmControl(rig);
const request = (transport: 'http' | 'https') => rigNtlmRequest(rig, transport, { operationTimeoutSec: 5 });

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const local = (command: string) => execFileSync('/bin/sh', ['-c', command], { maxBuffer: 64 * 1024 * 1024 });

/** Runs a command, feeding `input` in pieces with `pauseMs` between them; returns its stdout bytes and exit code. */
async function run(opened: OpenedShell, command: string, input: Buffer[] = [], pauseMs = 0): Promise<{ stdout: Buffer; exitCode: number }> {
  const remote = await opened.shell.run('/bin/sh', ['-c', `'${command}'`], { deferReceive: input.length > 0 });
  const chunks: Buffer[] = [];
  remote.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  if (input.length > 0) {
    remote.startReceiving();
    for (const [index, piece] of input.entries()) {
      if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await remote.write(piece, index === input.length - 1);
    }
  }
  const exitCode = await remote.exitCode;
  return { stdout: Buffer.concat(chunks), exitCode };
}

let opened: OpenedShell | null = null;
afterEach(async () => {
  await control.setFaults({ closeAfterRequests: null, idleTimeoutSeconds: null, slowReceiveMs: null });
  await opened?.dispose();
  opened = null;
});

describe('faults injected by the server, survived or reported', () => {
  it('the server closes each connection after 3 requests: every reconnect re-authenticates, output and input stay exact', async () => {
    opened = await openShell(request('http'), { kerberos: noKerberos });
    await control.setFaults({ closeAfterRequests: 3 });
    const output = await run(opened, 'seq 1 300000');
    expect(sha256(output.stdout)).toBe(sha256(local('seq 1 300000')));
    const input = Array.from({ length: 12 }, (_, i) => Buffer.from(`line ${i} ${'x'.repeat(1000)}\n`));
    const echoed = await run(opened, 'sha256sum', input);
    expect(echoed.stdout.toString().split(' ')[0]).toBe(sha256(Buffer.concat(input)));
    expect(opened.session.stats().connectionsOpened).toBeGreaterThan(4);
  });

  it('an idle keep-alive close between keystrokes: each line reaches the program exactly once', async () => {
    opened = await openShell(request('https'), { kerberos: noKerberos });
    await control.setFaults({ idleTimeoutSeconds: 0.5 });
    const input = ['first\n', 'second\n', 'third\n'].map((line) => Buffer.from(line));
    const result = await run(opened, 'cat', input, 900);
    expect(result.stdout.toString()).toBe('first\nsecond\nthird\n');
  });

  it('a slow Receive delays output but neither loses nor repeats it', async () => {
    opened = await openShell(request('http'), { kerberos: noKerberos });
    await control.setFaults({ slowReceiveMs: 400 });
    const result = await run(opened, 'seq 1 20000');
    expect(sha256(result.stdout)).toBe(sha256(local('seq 1 20000')));
  });

  it('the service restarts while a shell is open: the next operation is SHELL_NOT_FOUND, and the delete is reported as not done', async () => {
    opened = await openShell(request('http'), { kerberos: noKerberos });
    await control.forgetShells();
    await expect(run(opened, 'echo hi')).rejects.toMatchObject({ code: 'SHELL_NOT_FOUND' });
    const disposed = await opened.dispose();
    expect(disposed).toMatchObject({ shellDeleted: false, error: { code: 'SHELL_NOT_FOUND' } });
    opened = null;
  });

  it('the server drops every connection mid-command: the command ends with a coded error, the session can still delete its shell', async () => {
    opened = await openShell(request('http'), { kerberos: noKerberos });
    const running = opened.shell.run('/bin/sh', ['-c', "'sleep 20'"]);
    const command = await running;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await control.drop();
    await expect(command.exitCode).rejects.toMatchObject({ code: expect.stringMatching(/^(CONNECTION_LOST|AFFINITY_LOST)$/) });
    await expect(opened.dispose()).resolves.toMatchObject({ shellDeleted: true });
    opened = null;
  });
});
