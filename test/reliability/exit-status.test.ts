import { describe, expect, it } from 'vitest';
import { exitStatusFor, LOCAL_FAILURE_EXIT, REMOTE_CODE_NOT_REPRESENTABLE_EXIT } from '../../electron/cli/exit-status.ts';
import { runCliProcess } from '../support/cli-process.ts';
import type { HostileWinrmServer } from './hostile-winrm-server.ts';
import { answers, CLI_ENV, cliArgs, hostileServerForFile } from './hostile-winrm-server.ts';

// Issue 11, item 5: the exit status used to be the remote code's low 8 bits (256 → 0, a failure
// reported as success; 0xC000013A → 58; 255 the same as a local failure). Codes above 255 cannot
// come from the rig's /bin/sh, so this server reports them; exit-status.rig.test.ts checks 0, 3 and
// 255 from real commands.

describe('exitStatusFor', () => {
  it.each([
    [0, 0],
    [1, 1],
    [3, 3],
    [253, 253],
    [254, 254],
    [255, 254],
    [256, 254],
    [0xc000013a, 254],
    [-1, 254],
  ])('remote %i → exit status %i', (remote, status) => {
    expect(exitStatusFor(remote).status).toBe(status);
    expect(exitStatusFor(remote).note === undefined).toBe(remote >= 0 && remote <= 253);
  });

  it('keeps local failures apart', () => {
    expect(LOCAL_FAILURE_EXIT).toBe(255);
    expect(REMOTE_CODE_NOT_REPRESENTABLE_EXIT).not.toBe(LOCAL_FAILURE_EXIT);
  });
});

let server: HostileWinrmServer;
hostileServerForFile((started) => (server = started));

const NOTE = (shown: string) => `winrm-desk: note: the remote command exited with ${shown}; exit status 254 stands for any remote code outside 0–253.\n`;

describe('the command line’s exit status for a remote exit code (real process)', { timeout: 30_000 }, () => {
  it.each([
    [0, 0, null],
    [3, 3, null],
    [255, 254, '255'],
    [256, 254, '256 (0x00000100)'],
    [0xc000013a, 254, '3221225786 (0xC000013A)'],
  ])('remote %i exits %i, with the real code on stderr and in --json', async (remote, status, shown) => {
    server.answer({ Receive: answers.exitWith(remote, 'out\n') });
    const plain = await runCliProcess(['exec', ...cliArgs(server), '--', 'x'], { env: CLI_ENV });
    expect(plain.code).toBe(status);
    expect(plain.stdout.toString()).toBe('out\n');
    expect(plain.stderr.endsWith(shown === null ? 'allows unencrypted traffic.\n' : NOTE(shown))).toBe(true);

    const json = await runCliProcess(['exec', ...cliArgs(server, ['--json']), '--', 'x'], { env: CLI_ENV });
    expect(json.code).toBe(status);
    expect(JSON.parse(json.stdout.toString())).toMatchObject({ exitCode: remote, processExitCode: status });
  });

  it('batch: the last non-zero code, mapped the same way', async () => {
    let n = 0;
    const codes = [256, 0];
    server.answer({ Receive: (req, res) => answers.exitWith(codes[n++ % codes.length]!)(req, res) });
    const result = await runCliProcess(['batch', ...cliArgs(server)], { env: CLI_ENV, stdin: 'first\nsecond\n' });
    expect(result.code).toBe(254);
    expect(result.stderr).toContain(NOTE('256 (0x00000100)'));
  });

  it('a local failure is still 255', async () => {
    server.answer({ Create: answers.fault('2150858770', 'The client cannot connect.') });
    const result = await runCliProcess(['exec', ...cliArgs(server), '--', 'x'], { env: CLI_ENV });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/winrm-desk: error WSMAN_FAULT: WSManFault 2150858770: The client cannot connect\.\n$/);
  });
});
