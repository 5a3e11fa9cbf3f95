import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { CliResult } from './cli-process.ts';

export type ExecRunner = (command: string, extraArgs?: string[], stdin?: string) => Promise<CliResult>;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
export const TWENTY_MB_COMMAND = "yes 'WinRM Desk 0123456789 ü' | head -c 20971520";

/**
 * The `exec` cases every authentication path must pass against the test WinRM server: echo, an exit
 * code, stderr kept apart, stdin with End, UTF-8 intact, and 20 MB byte-identical to a local run.
 */
export function defineExecCases(run: ExecRunner): void {
  it('echoes', async () => {
    const result = await run('echo hello from winrm');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('hello from winrm\n');
  });

  it('passes exit code 3 through', async () => {
    await expect(run('exit 3')).resolves.toMatchObject({ code: 3 });
  });

  it('keeps stderr separate from stdout', async () => {
    const result = await run('echo to-out; echo to-err >&2');
    expect(result.stdout.toString()).toBe('to-out\n');
    expect(result.stderr).toBe('to-err\n');
  });

  it('pipes stdin and ends it', async () => {
    const result = await run('tr a-z A-Z; echo "[eof]"', [], 'first line\nsecond line\n');
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('FIRST LINE\nSECOND LINE\n[eof]\n');
  });

  it('streams 2 MB of stdin through a command that echoes it, without stalling', async () => {
    const input = `${'0123456789abcdef'.repeat(63)}\n`.repeat(2080);
    const result = await run('cat', [], input);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(Buffer.byteLength(input));
    expect(sha256(result.stdout)).toBe(sha256(Buffer.from(input)));
  });

  it('keeps non-ASCII UTF-8 output intact', async () => {
    const text = 'Grüße, 東京, ½ € — ✓';
    expect((await run(`printf '%s' '${text}'`)).stdout.toString('utf8')).toBe(text);
  });

  it('streams a 20 MB output byte-identical to the same command run locally', async () => {
    const local = execFileSync('/bin/sh', ['-c', TWENTY_MB_COMMAND], { maxBuffer: 64 * 1024 * 1024 });
    const result = await run(TWENTY_MB_COMMAND);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(local.length);
    expect(sha256(result.stdout)).toBe(sha256(local));
  });
}
