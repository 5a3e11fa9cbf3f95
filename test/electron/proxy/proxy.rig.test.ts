import { readFileSync } from 'node:fs';
import net from 'node:net';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { kinit } from '../../rig/kerberos-ticket.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess } from '../../support/cli-process.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
const env = { WINRM_PASSWORD: rig.winrm.basicPassword, PROXY_PASSWORD: rig.squid.basicPassword, NTLM_PASSWORD: rig.winrm.ntlmPassword };
const ntlmUser = `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`;
const ntlmHttp = ['--url', `http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`, '--auth', 'ntlm', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD'];
const ntlmHttps = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'ntlm', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD', '--ca', rig.ca.certPath];
const httpsTarget = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];
const httpTarget = (auth: string, ...extra: string[]) => ['--url', `http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`, '--auth', auth, '--user', rig.winrm.ntlmUser, '--password-env', 'WINRM_PASSWORD', ...extra];
const squidLog = () => readFileSync(rig.squid.accessLog, 'utf8');
const tunnelLines = () => squidLog().split('\n').filter((line) => line.includes(`CONNECT ${rig.winrm.host}:${rig.winrm.httpsPort}`));

beforeEach(async () => {
  await control.reset();
});

describe('HTTPS through a CONNECT tunnel', () => {
  it('works through Squid’s open listener, and Squid logs the tunnel', async () => {
    const before = tunnelLines().length;
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy', `127.0.0.1:${rig.squid.openPort}`, '--', 'echo tunnelled'], { env });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('tunnelled\n');
    // Squid writes its access log when the tunnel closes.
    await expect.poll(() => tunnelLines().length, { timeout: 5000 }).toBeGreaterThan(before);
    expect(tunnelLines().at(-1)).toMatch(/TCP_TUNNEL\/200/);
  });

  it('works through Squid with Basic proxy authentication (and the proxy user in Squid’s log)', async () => {
    const result = await runCliProcess(
      ['exec', ...httpsTarget, '--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'basic', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'PROXY_PASSWORD', '--', 'echo basic-proxy'],
      { env },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('basic-proxy\n');
    await expect.poll(() => tunnelLines().some((l) => l.includes(` ${rig.squid.basicUser} `) && l.includes('TCP_TUNNEL/200')), { timeout: 5000 }).toBe(true);
  });

  it('works through Squid with Digest proxy authentication, and refuses a wrong Digest password', async () => {
    const digest = ['--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'digest', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'PROXY_PASSWORD'];
    const result = await runCliProcess(['exec', ...httpsTarget, ...digest, '--', 'echo digest-proxy'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('digest-proxy\n');
    const wrong = await runCliProcess(['exec', ...httpsTarget, ...digest, '--', 'echo x'], { env: { ...env, PROXY_PASSWORD: 'wrong-digest' } });
    expect(wrong.code).toBe(255);
    expect(wrong.stderr).toMatch(/^winrm-desk: error PROXY_AUTH_FAILED: .*\(digest\)/);
  });

  it('works through Squid with Negotiate (Kerberos) proxy authentication', async () => {
    const ccache = await kinit(rig, 'ccache-proxy-negotiate');
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy', `localhost:${rig.squid.authPort}`, '--proxy-auth', 'negotiate', '--', 'echo kerberos-proxy'], {
      env: { ...env, KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: ccache },
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('kerberos-proxy\n');
    await expect.poll(() => tunnelLines().some((l) => l.includes(` ${rig.krb5.principal} `) && l.includes('TCP_TUNNEL/200')), { timeout: 5000 }).toBe(true);
  });

  it('works through a proxy that requires NTLM proxy authentication (checked by gss-ntlmssp), NTLM to the host inside', async () => {
    const proxy = ['--proxy', `127.0.0.1:${rig.winrm.ntlmProxyPort}`, '--proxy-auth', 'ntlm', '--proxy-user', ntlmUser, '--proxy-password-env', 'NTLM_PASSWORD'];
    const result = await runCliProcess(['exec', ...ntlmHttps, ...proxy, '--', 'echo ntlm proxy, ntlm host'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('ntlm proxy, ntlm host\n');
    const counters = await control.counters();
    expect(counters.ntlmProxyTunnels).toBe(1);
    expect(counters.handshakes.ntlm).toBeGreaterThanOrEqual(1);
    const wrong = await runCliProcess(['exec', ...ntlmHttps, ...proxy, '--', 'echo x'], { env: { ...env, NTLM_PASSWORD: 'wrong-password' } });
    expect(wrong.code).toBe(255);
    expect(wrong.stderr).toMatch(/^winrm-desk: error PROXY_AUTH_FAILED: .*\(ntlm\)/);
    expect((await control.counters()).ntlmProxyDenied).toBe(1);
  });

  it('works through tinyproxy (CONNECT keeps affinity even where forwarding does not)', async () => {
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy', `127.0.0.1:${rig.tinyproxy.port}`, '--', 'echo via-tinyproxy'], { env });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('via-tinyproxy\n');
  });

  it('names the schemes a proxy offers when the profile has no proxy authentication', async () => {
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy', `127.0.0.1:${rig.squid.authPort}`, '--', 'echo x'], { env });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error PROXY_AUTH_REQUIRED: .*offers Negotiate, Digest, Basic/);
    expect((await control.counters()).connectionsAccepted).toBe(0);
  });

  it('reports wrong proxy credentials as PROXY_AUTH_FAILED after one attempt, without leaking them', async () => {
    const denied = () => squidLog().split('\n').filter((l) => l.includes('TCP_DENIED/407')).length;
    const deniedBefore = denied();
    const result = await runCliProcess(
      ['exec', ...httpsTarget, '--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'basic', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'PROXY_PASSWORD', '--', 'echo x'],
      { env: { ...env, PROXY_PASSWORD: 'not-the-password' } },
    );
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error PROXY_AUTH_FAILED: /);
    expect(result.stderr).not.toContain('not-the-password');
    expect((await control.counters()).connectionsAccepted).toBe(0);
    await expect.poll(denied, { timeout: 5000 }).toBe(deniedBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(denied()).toBe(deniedBefore + 1);
  });

  it('bypasses the proxy for hosts on the bypass list', async () => {
    const before = tunnelLines().length;
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy', `127.0.0.1:${rig.squid.openPort}`, '--bypass', '<local>;127.0.0.0/8', '--', 'echo direct'], { env });
    expect(result.stdout.toString()).toBe('direct\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tunnelLines().length).toBe(before);
  });
});

describe('NTLM over HTTP through proxies (message encryption, connection affinity)', () => {
  it('forwards through Squid’s open listener: sealed, one handshake per pinned connection, in Squid’s log', async () => {
    const forwarded = () => squidLog().split('\n').filter((l) => l.includes(`POST http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`)).length;
    const before = forwarded();
    const lines = Array.from({ length: 20 }, (_, i) => `echo forwarded ${i}`).join('\n');
    const result = await runCliProcess(['batch', ...ntlmHttp, '--proxy', `127.0.0.1:${rig.squid.openPort}`, '--json'], { env, stdin: `${lines}\n` });
    expect(JSON.parse(result.stdout.toString())).toMatchObject({ exitCode: 0, commands: 20, handshakes: 1, connections: { opened: 1 } });
    expect(result.stderr).toContain('forwarded 19');
    const counters = await control.counters();
    expect(counters.handshakes.ntlm).toBe(1);
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.encryptedRequests).toBe(counters.requests - 2);
    await expect.poll(forwarded, { timeout: 5000 }).toBeGreaterThanOrEqual(before + counters.requests);
  });

  it.each([
    ['tinyproxy, which closes every connection', () => rig.tinyproxy.port],
    ['Squid’s connection-auth=off listener, which strips Negotiate/NTLM', () => rig.squid.noConnAuthPort],
  ])('reports AFFINITY_LOST with the fix through %s, after one handshake attempt', async (_label, port) => {
    const result = await runCliProcess(['exec', ...ntlmHttp, '--proxy', `127.0.0.1:${port()}`, '--', 'echo never'], { env });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/winrm-desk: error AFFINITY_LOST: .*Fix: use HTTPS .*CONNECT/);
    const counters = await control.counters();
    // No retry storm: at most the two legs of one handshake reached the server, and no SOAP.
    expect(counters.requests).toBeLessThanOrEqual(2);
    expect(counters.shellsCreated).toBe(0);
  });

  it('works through tinyproxy when HTTP is tunnelled through CONNECT', async () => {
    const result = await runCliProcess(['exec', ...ntlmHttp, '--proxy', `127.0.0.1:${rig.tinyproxy.port}`, '--proxy-tunnel', '--', 'echo tunnelled ntlm'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('tunnelled ntlm\n');
    expect((await control.counters()).plaintextRequests).toBe(0);
  });

  it('works through tinyproxy over HTTPS', async () => {
    const result = await runCliProcess(['exec', ...ntlmHttps, '--proxy', `127.0.0.1:${rig.tinyproxy.port}`, '--', 'echo https ntlm'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('https ntlm\n');
  });
});

describe('NTLM inside a CONNECT tunnel with proxy authentication', () => {
  it('authenticates to the host with NTLM (channel-bound) through Squid with Basic proxy auth', async () => {
    const proxy = ['--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'basic', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'PROXY_PASSWORD'];
    const result = await runCliProcess(['exec', ...ntlmHttps, ...proxy, '--', 'echo ntlm in tunnel'], { env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('ntlm in tunnel\n');
    expect((await control.counters()).handshakes.ntlm).toBeGreaterThanOrEqual(1);
  });
});

async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PAC-style proxy lists (what the system resolver answers), tried in order', () => {
  it('skips a proxy that cannot be reached and goes through the next one', async () => {
    const dead = await deadPort();
    const before = tunnelLines().length;
    const pac = `PROXY 127.0.0.1:${dead}; PROXY 127.0.0.1:${rig.squid.openPort}; DIRECT`;
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy-pac', pac, '--', 'echo second entry'], { env });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('second entry\n');
    expect(result.stderr).toMatch(new RegExp(`warning: the proxy 127\\.0\\.0\\.1:${dead} could not be used \\(CONNECTION_REFUSED\\); trying the next entry`));
    await expect.poll(() => tunnelLines().length, { timeout: 5000 }).toBeGreaterThan(before);
  });

  it('falls back to DIRECT when that is the next entry', async () => {
    const dead = await deadPort();
    const result = await runCliProcess(['exec', ...httpsTarget, '--proxy-pac', `PROXY 127.0.0.1:${dead}; DIRECT`, '--', 'echo direct'], { env });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('direct\n');
  });

  it('never uses an entry the plan refuses, and says so when all are refused', async () => {
    const pac = `PROXY 127.0.0.1:${rig.squid.openPort}; DIRECT`;
    const refused = await runCliProcess(['exec', ...httpTarget('basic'), '--proxy-pac', pac, '--', 'echo never'], { env });
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/^winrm-desk: error POLICY_UNENCRYPTED_VIA_PROXY: /);
    const plans = await runCliProcess(['plan', '--json', ...httpTarget('basic', '--encryption', 'never'), '--proxy-pac', pac], { env });
    expect(plans.code).toBe(0);
    expect(JSON.parse(plans.stdout.toString())).toMatchObject([{ ok: false, code: 'POLICY_UNENCRYPTED_VIA_PROXY' }, { ok: true, route: 'direct', protection: 'none' }]);
    expect((await control.counters()).connectionsAccepted).toBe(0);
  });
});

describe('refusals before any byte leaves the machine', () => {
  it.each([
    ['Basic over HTTP via a proxy', httpTarget('basic', '--encryption', 'never', '--proxy', `127.0.0.1:${rig.squid.openPort}`), 'POLICY_UNENCRYPTED_VIA_PROXY'],
    ['HTTP with encryption never via a proxy', httpTarget('ntlm', '--encryption', 'never', '--proxy', `127.0.0.1:${rig.squid.openPort}`), 'POLICY_UNENCRYPTED_VIA_PROXY'],
    ['HTTP through a proxy that needs authentication', httpTarget('ntlm', '--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'basic', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'PROXY_PASSWORD'), 'POLICY_PROXY_AUTH_REQUIRES_HTTPS'],
    ['HTTP tunnelled through a proxy that needs authentication', httpTarget('ntlm', '--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-tunnel', '--proxy-auth', 'negotiate'), 'POLICY_PROXY_AUTH_REQUIRES_HTTPS'],
    ['Basic over HTTP directly', httpTarget('basic'), 'POLICY_BASIC_OVER_HTTP'],
  ])('%s', async (_label, args, code) => {
    const logBefore = squidLog();
    const result = await runCliProcess(['exec', ...args, '--', 'echo never'], { env });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(new RegExp(`^winrm-desk: error ${code}: .+ Fix: .+\\n$`));
    const counters = await control.counters();
    expect([counters.connectionsAccepted, counters.requests]).toEqual([0, 0]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(squidLog()).toBe(logBefore);
  });

  it('`plan --json` prints the refusal with its fix and sends nothing', async () => {
    const result = await runCliProcess(['plan', '--json', ...httpTarget('basic', '--proxy', `127.0.0.1:${rig.squid.openPort}`)], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout.toString())).toMatchObject({ ok: false, code: 'POLICY_UNENCRYPTED_VIA_PROXY', fix: expect.stringContaining('HTTPS') });
    expect((await control.counters()).connectionsAccepted).toBe(0);
  });
});
