import { beforeEach, describe, expect, inject, it } from 'vitest';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess, startCli } from '../../support/cli-process.ts';
import { defineExecCases, TWENTY_MB_COMMAND } from '../../support/exec-cases.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
const env = { WINRM_PASSWORD: rig.winrm.basicPassword };
const https = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];

const exec = (command: string, extra: string[] = [], stdin?: string) => runCliProcess(['exec', ...https, ...extra, '--', command], { env, ...(stdin === undefined ? {} : { stdin }) });

beforeEach(async () => {
  await control.reset();
});

describe('exec over Basic/HTTPS against the test WinRM server', () => {
  defineExecCases((command, extra = [], stdin) => exec(command, extra, stdin));

  it('reports the byte count of a 20 MB output in --json', async () => {
    const summary = JSON.parse((await exec(TWENTY_MB_COMMAND, ['--json'])).stdout.toString()) as { stdoutBytes: number; exitCode: number };
    expect(summary).toMatchObject({ exitCode: 0, stdoutBytes: 20971520 });
  });

  it('deletes the shell afterwards', async () => {
    const result = await exec('echo hello from winrm');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('hello from winrm\n');
    const counters = await control.counters();
    expect([counters.shellsCreated, counters.shellsDeleted, counters.shellsOpen]).toEqual([1, 1, 0]);
  });

  it('stops a long-running command on Ctrl-C (ctrl_c signal) and deletes the shell', async () => {
    const run = startCli(['exec', ...https, '--', 'echo started; sleep 60; echo never'], { env });
    await new Promise<void>((resolve) => run.child.stdout!.once('data', () => resolve()));
    const interrupted = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    // The remote command would have run for 60 s: ending well before that means the signal stopped it.
    expect(Date.now() - interrupted).toBeLessThan(30_000);
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

  it('ignores ambient proxy variables: without --proxy the connection is direct', async () => {
    const result = await runCliProcess(['exec', ...https, '--', 'echo direct'], { env: { ...env, https_proxy: 'http://127.0.0.1:1', HTTPS_PROXY: 'http://127.0.0.1:1' } });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('direct\n');
  });

  it('says so on stderr when certificate verification is off', async () => {
    const args = ['exec', '--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--insecure-skip-verify', '--', 'echo hi'];
    const result = await runCliProcess(args, { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^winrm-desk: warning: certificate verification is off/i);
  });
});
