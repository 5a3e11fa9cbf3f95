import { beforeEach, describe, expect, inject, it } from 'vitest';
import { kinit } from '../../rig/kerberos-ticket.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess } from '../../support/cli-process.ts';
import { defineExecCases } from '../../support/exec-cases.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
const krb5Env = { KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: `FILE:${rig.dir}/no-such-ccache` };
const env = { ...krb5Env, KRB_PASSWORD: rig.krb5.password, PROXY_PASSWORD: rig.squid.basicPassword };
// Connect to 127.0.0.1, authenticate to HTTP/winrm.test.local: the SPN host differs from the address.
const kerberosHttps = (auth = 'kerberos') => [
  '--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', auth, '--spn-host', rig.winrm.spnHost,
  '--user', rig.krb5.principal, '--password-env', 'KRB_PASSWORD', '--ca', rig.ca.certPath,
];
const exec = (args: string[], command: string, extra: string[] = [], stdin?: string, environment: Record<string, string> = env) =>
  runCliProcess(['exec', ...args, ...extra, '--', command], { env: environment, ...(stdin === undefined ? {} : { stdin }) });

beforeEach(async () => {
  await control.reset();
});

describe('Kerberos over HTTPS, SPN host different from the connect address (stored password → private ticket cache)', () => {
  defineExecCases((command, extra, stdin) => exec(kerberosHttps(), command, extra, stdin));

  it('authenticated with Kerberos, once per pinned connection', async () => {
    const result = await exec(kerberosHttps(), 'echo x', ['--json']);
    const summary = JSON.parse(result.stdout.toString()) as { handshakes: number; connections: { opened: number } };
    const counters = await control.counters();
    expect(counters.handshakesByScheme.Kerberos).toBe(summary.connections.opened);
    expect(summary.handshakes).toBe(summary.connections.opened);
    expect(counters.handshakes.ntlm).toBe(0);
  });

  it('runs a 200-command batch with one handshake on one connection', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `echo ${i}`).join('\n');
    const result = await runCliProcess(['batch', ...kerberosHttps(), '--json'], { env, stdin: `${lines}\n` });
    expect(JSON.parse(result.stdout.toString())).toMatchObject({ exitCode: 0, commands: 200, handshakes: 1, connections: { opened: 1 } });
    const counters = await control.counters();
    expect([counters.connectionsAccepted, counters.handshakesByScheme.Kerberos, counters.unauthorized]).toEqual([1, 1, 0]);
  });
});

describe('Negotiate', () => {
  it('uses Kerberos (SPNEGO) from the user’s own ticket cache when a ticket exists', async () => {
    const ccache = await kinit(rig, 'ccache-negotiate');
    const args = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'negotiate', '--spn-host', rig.winrm.spnHost, '--ca', rig.ca.certPath];
    const result = await exec(args, 'echo spnego', [], undefined, { KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: ccache });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('spnego\n');
    const counters = await control.counters();
    expect(counters.handshakesByScheme.Negotiate).toBeGreaterThanOrEqual(1);
    expect(counters.handshakes.kerberos).toBe(counters.handshakesByScheme.Negotiate);
  });
});

describe('Kerberos inside a CONNECT tunnel', () => {
  it('authenticates to the host through Squid with Basic proxy authentication', async () => {
    const proxy = ['--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'basic', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'PROXY_PASSWORD'];
    const result = await exec(kerberosHttps(), 'echo tunnelled kerberos', proxy);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('tunnelled kerberos\n');
    expect((await control.counters()).handshakesByScheme.Kerberos).toBeGreaterThanOrEqual(1);
  });
});

describe('Kerberos failures', () => {
  it('a wrong password is AUTH_FAILED from the KDC, and nothing reaches the server', async () => {
    const result = await exec(kerberosHttps(), 'echo x', [], undefined, { ...env, KRB_PASSWORD: 'wrong-password' });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error AUTH_FAILED: Kerberos refused alice@TEST\.LOCAL: Password incorrect/);
    expect(result.stderr).not.toContain('wrong-password');
    expect((await control.counters()).requests).toBe(0);
  });

  it('an SPN the KDC does not know is AUTH_FAILED naming the service and the fix', async () => {
    const args = kerberosHttps().map((a) => (a === rig.winrm.spnHost ? 'nosuch.test.local' : a));
    const result = await exec(args, 'echo x');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error AUTH_FAILED: Kerberos could not authenticate to HTTP@nosuch\.test\.local: .*--spn-host/);
  });
});
