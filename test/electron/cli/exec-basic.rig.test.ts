import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess, startCli } from '../../support/cli-process.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
const env = { WINRM_PASSWORD: rig.winrm.basicPassword };
const https = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];

const exec = (command: string, extra: string[] = [], stdin?: string) => runCliProcess(['exec', ...https, ...extra, '--', command], { env, ...(stdin === undefined ? {} : { stdin }) });
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

beforeEach(async () => {
  await control.reset();
});

describe('exec over Basic/HTTPS against the test WinRM server', () => {
  it('echoes, and the shell is deleted afterwards', async () => {
    const result = await exec('echo hello from winrm');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('hello from winrm\n');
    const counters = await control.counters();
    expect([counters.shellsCreated, counters.shellsDeleted, counters.shellsOpen]).toEqual([1, 1, 0]);
  });

  it('passes exit code 3 through', async () => {
    await expect(exec('exit 3')).resolves.toMatchObject({ code: 3 });
  });

  it('keeps stderr separate from stdout', async () => {
    const result = await exec('echo to-out; echo to-err >&2');
    expect(result.stdout.toString()).toBe('to-out\n');
    expect(result.stderr).toBe('to-err\n');
  });

  it('pipes stdin and ends it', async () => {
    const result = await exec('tr a-z A-Z; echo "[eof]"', [], 'first line\nsecond line\n');
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('FIRST LINE\nSECOND LINE\n[eof]\n');
  });

  it('keeps non-ASCII UTF-8 output intact', async () => {
    const text = 'Grüße, 東京, ½ € — ✓';
    const result = await exec(`printf '%s' '${text}'`);
    expect(result.stdout.toString('utf8')).toBe(text);
  });

  it('streams a 20 MB output byte-identical to the same command run locally', async () => {
    const command = "yes 'WinRM Desk 0123456789 ü' | head -c 20971520";
    const local = execFileSync('/bin/sh', ['-c', command], { maxBuffer: 64 * 1024 * 1024 });
    const result = await exec(command, ['--json']);
    expect(result.code).toBe(0);
    // With --json the remote stdout goes to our stderr; the JSON result alone is on stdout.
    const summary = JSON.parse(result.stdout.toString()) as { stdoutBytes: number; exitCode: number };
    expect(summary).toMatchObject({ exitCode: 0, stdoutBytes: local.length });
    const plain = await exec(command);
    expect(plain.stdout.length).toBe(20971520);
    expect(sha256(plain.stdout)).toBe(sha256(local));
  });

  it('stops a long-running command on Ctrl-C (ctrl_c signal) and deletes the shell', async () => {
    const run = startCli(['exec', ...https, '--', 'echo started; sleep 60; echo never'], { env });
    await new Promise<void>((resolve) => run.child.stdout!.once('data', () => resolve()));
    const interrupted = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(Date.now() - interrupted).toBeLessThan(10_000);
    expect(result.stdout.toString()).toBe('started\n');
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(255);
    const counters = await control.counters();
    expect(counters.shellsOpen).toBe(0);
  });

  it('polls again, silently, while a command outlives the OperationTimeout', async () => {
    const result = await exec('sleep 3; echo woke', ['--operation-timeout', '1']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('woke\n');
    expect((await control.counters()).receiveTimeouts).toBeGreaterThanOrEqual(2);
  });

  it('runs the command in the requested directory with the requested environment', async () => {
    const result = await exec('pwd; echo "$DESK_VAR"', ['--cwd', '/tmp', '--env', 'DESK_VAR=a=b c']);
    expect(result.stdout.toString()).toBe('/tmp\na=b c\n');
  });
});

describe('batch', () => {
  it('runs 200 commands in one shell over one authenticated connection', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `echo line ${i + 1}`).join('\n');
    const result = await runCliProcess(['batch', ...https, '--json'], { env, stdin: `${lines}\n` });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.toString()) as { commands: number; connections: { opened: number }; requests: number };
    expect(summary.commands).toBe(200);
    expect(summary.connections.opened).toBe(1);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('line ')).length).toBe(200);
    const counters = await control.counters();
    expect(counters.connectionsAccepted).toBe(1);
    expect(counters.shellsCreated).toBe(1);
    expect(counters.shellsOpen).toBe(0);
    // Create + Command per line + Delete, and per line one Receive, or two when the output came back
    // before the Done state (as Windows does too); no poll ever sat out its OperationTimeout.
    expect(counters.requests).toBeGreaterThanOrEqual(2 + 2 * 200);
    expect(counters.requests).toBeLessThanOrEqual(2 + 3 * 200);
    expect(counters.receiveTimeouts).toBe(0);
  });

  it('exits with the last non-zero exit code and still runs every line', async () => {
    const result = await runCliProcess(['batch', ...https], { env, stdin: 'exit 4\necho after\nexit 0\n' });
    expect(result.code).toBe(4);
    expect(result.stdout.toString()).toBe('after\n');
  });
});

describe('shell', () => {
  it('drives an interactive remote shell from our stdin', async () => {
    const run = startCli(['shell', ...https], { env, stdin: 'echo first\necho "second $((40 + 2))"\nexit 7\n' });
    const result = await run.done;
    expect(result.stdout.toString()).toContain('first\n');
    expect(result.stdout.toString()).toContain('second 42\n');
    expect(result.code).toBe(7);
    expect((await control.counters()).shellsOpen).toBe(0);
  });
});

describe('local failures', () => {
  it.each([
    ['a wrong password', { WINRM_PASSWORD: 'wrong' }, [], 'AUTH_FAILED'],
    ['an untrusted certificate', env, ['--ca', '/dev/null'], 'INVALID_ARGUMENT'],
    ['a missing password variable', {}, [], 'INVALID_ARGUMENT'],
  ])('%s gives one coded line and exit 255', async (_label, environment, extra, code) => {
    const args = ['exec', ...https.filter((a) => a !== rig.ca.certPath && a !== '--ca'), ...(extra.length ? extra : ['--ca', rig.ca.certPath]), '--', 'echo hi'];
    const result = await runCliProcess(args, { env: environment });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(new RegExp(`^winrm-desk: error ${code}: .+\\n$`));
    expect(result.stderr).not.toContain(rig.winrm.basicPassword);
  });

  it('refuses an untrusted certificate without --ca', async () => {
    const args = ['exec', '--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--', 'echo hi'];
    const result = await runCliProcess(args, { env });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error TLS_UNTRUSTED: /);
    expect((await control.counters()).requests).toBe(0);
  });

  it('refuses Basic over plain HTTP before sending anything', async () => {
    const args = ['exec', '--url', `http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--', 'echo hi'];
    const result = await runCliProcess(args, { env });
    expect(result.stderr).toMatch(/^winrm-desk: error POLICY_BASIC_OVER_HTTP: .*HTTPS/);
    expect((await control.counters()).connectionsAccepted).toBe(0);
  });

  it('says so on stderr when certificate verification is off', async () => {
    const args = ['exec', '--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--insecure-skip-verify', '--', 'echo hi'];
    const result = await runCliProcess(args, { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^winrm-desk: warning: certificate verification is OFF/);
  });
});
