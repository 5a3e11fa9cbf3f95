import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import type { ConnectionRequest } from '../../../electron/connections/request.ts';
import { ConnectionTests } from '../../../electron/sessions/connection-tests.ts';
import { LADDER_STEPS, type ConnectionTest, type LadderStep } from '../../../shared/domain/connection-test.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { noKerberos, rigNtlmRequest } from '../../support/rig-request.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);

/** One test through the registry, watched as the page does until it is done; the steps only ever grow. */
async function ladderOf(request: ConnectionRequest): Promise<ConnectionTest> {
  const tests = new ConnectionTests({ requestFor: async () => ({ request, hostName: 'rig' }), kerberos: noKerberos });
  try {
    const [testId] = tests.start(['h_rigtest01']).testIds;
    let test = await tests.watch(testId!, 0);
    while (!test.done) {
      const seen = test.steps.length;
      test = await tests.watch(testId!, seen);
      expect(test.steps.length).toBeGreaterThanOrEqual(seen);
    }
    expect(test.steps.map((s) => s.step)).toEqual([...LADDER_STEPS]);
    return test;
  } finally {
    await tests.dispose();
  }
}

const step = (test: ConnectionTest, name: LadderStep['step']) => test.steps.find((s) => s.step === name)!;
const failed = (test: ConnectionTest) => test.steps.filter((s) => s.status === 'failed');
const secrets = [rig.winrm.ntlmPassword, rig.squid.basicPassword, 'Wr0ng-passw0rd!'];

function expectNoSecret(test: ConnectionTest): void {
  const text = JSON.stringify(test);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const squidTunnel = (auth: 'none' | 'basic') => ({
  host: '127.0.0.1',
  port: rig.squid.authPort,
  auth,
  tunnelHttp: false,
  ...(auth === 'basic' ? { credential: { userName: rig.squid.basicUser, password: async () => rig.squid.basicPassword } } : {}),
});

describe('the connection test ladder against the rig', () => {
  it('a good host through the authenticating Squid over HTTPS: every step it has is ok, with durations, and the shell is deleted', async () => {
    const before = await control.counters();
    const test = await ladderOf(rigNtlmRequest(rig, 'https', { routes: [squidTunnel('basic')] }));
    expect(test).toMatchObject({ done: true, ok: true, auth: 'ntlm', route: `via proxy 127.0.0.1:${rig.squid.authPort} (CONNECT tunnel, proxy authentication Basic)` });
    expect(test.durationMs).toBeGreaterThan(0);
    expect(test.steps.map((s) => [s.step, s.status])).toEqual([
      ['plan', 'ok'],
      ['resolve', 'skipped'],
      ['tcp', 'ok'],
      ['proxy-auth', 'ok'],
      ['tunnel', 'ok'],
      ['tls', 'ok'],
      ['winrm-auth', 'ok'],
      ['encryption', 'ok'],
      ['shell-create', 'ok'],
      ['shell-delete', 'ok'],
    ]);
    for (const s of test.steps.filter((x) => x.status === 'ok')) expect(s.durationMs).toBeGreaterThanOrEqual(0);
    expect(step(test, 'resolve').detail).toMatch(/127\.0\.0\.1 is an IP address/);
    expect(step(test, 'tcp').detail).toBe(`127.0.0.1:${rig.squid.authPort} (the proxy)`);
    // Basic answers before it is asked, so the proxy never sent a 407 to list its schemes.
    expect(step(test, 'proxy-auth')).toMatchObject({ detail: expect.stringMatching(/^basic accepted by 127\.0\.0\.1:/) });
    expect(step(test, 'proxy-auth').proxySchemes).toBeUndefined();
    const certificate = new X509Certificate(readFileSync(rig.ca.serverCertPath));
    expect(step(test, 'tls').certificate).toMatchObject({ sha256: certificate.fingerprint256, validTo: new Date(certificate.validTo).toISOString() });
    expect(step(test, 'winrm-auth')).toMatchObject({ mechanism: 'ntlm', offeredSchemes: ['Negotiate'] });
    expect(step(test, 'encryption').detail).toMatch(/TLS protects the messages/);
    const after = await control.counters();
    expect(after.shellsCreated - before.shellsCreated).toBe(1);
    expect(after.shellsDeleted - before.shellsDeleted).toBe(1);
    expectNoSecret(test);
  });

  it('a good host by name over HTTP: resolved, no TLS, messages sealed', async () => {
    const request = { ...rigNtlmRequest(rig, 'http'), endpoint: new URL(`http://localhost:${rig.winrm.httpPort}/wsman`) };
    const test = await ladderOf(request);
    expect(test.ok).toBe(true);
    expect(step(test, 'resolve')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^localhost → /) });
    expect(step(test, 'proxy-auth')).toMatchObject({ status: 'skipped', detail: 'direct connection: no proxy' });
    expect(step(test, 'tls')).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^HTTP: no TLS/) });
    expect(step(test, 'encryption')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/NTLM seals every message/) });
  });

  it('a wrong password fails at WinRM authentication with AUTH_FAILED and the credential fix', async () => {
    const request = rigNtlmRequest(rig, 'http', { identity: { kind: 'password', userName: `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`, password: async () => 'Wr0ng-passw0rd!' } });
    const test = await ladderOf(request);
    expect(test.ok).toBe(false);
    expect(failed(test)).toMatchObject([{ step: 'winrm-auth', code: 'AUTH_FAILED', fix: expect.stringMatching(/Check the user name and password of the credential linked to this host/), offeredSchemes: expect.arrayContaining(['Negotiate', 'Basic']) }]);
    expect(step(test, 'tcp').status).toBe('ok');
    expect(step(test, 'shell-create')).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/not reached/) });
    expectNoSecret(test);
  });

  it('tinyproxy forwarding HTTP NTLM loses affinity: AFFINITY_LOST at WinRM authentication', async () => {
    const test = await ladderOf(rigNtlmRequest(rig, 'http', { routes: [{ host: '127.0.0.1', port: rig.tinyproxy.port, auth: 'none', tunnelHttp: false }] }));
    expect(step(test, 'plan').detail).toMatch(/forwarded.*connection affinity/);
    expect(step(test, 'tunnel')).toMatchObject({ status: 'skipped', detail: 'HTTP forwarded by the proxy: no tunnel' });
    expect(failed(test)).toMatchObject([{ step: 'winrm-auth', code: 'AFFINITY_LOST', fix: expect.stringMatching(/use HTTPS \(port 5986\) or tunnel HTTP through CONNECT/) }]);
  });

  it('the authenticating Squid without a proxy credential: PROXY_AUTH_REQUIRED at proxy authentication, naming what it offers', async () => {
    const test = await ladderOf(rigNtlmRequest(rig, 'https', { routes: [squidTunnel('none')] }));
    expect(step(test, 'tcp').status).toBe('ok');
    const [failure] = failed(test);
    expect(failure).toMatchObject({ step: 'proxy-auth', code: 'PROXY_AUTH_REQUIRED', proxySchemes: expect.arrayContaining(['Basic', 'Digest', 'Negotiate']) });
    expect(failure!.detail).toMatch(/offers .*Basic/);
  });

  it('HTTPS with the system CAs against the rig’s own CA: TLS_UNTRUSTED at TLS, showing the certificate it refused', async () => {
    const before = await control.counters();
    const test = await ladderOf(rigNtlmRequest(rig, 'https', { tls: { mode: 'system' } }));
    const real = new X509Certificate(readFileSync(rig.ca.serverCertPath));
    const ca = new X509Certificate(readFileSync(rig.ca.certPath));
    const [failure] = failed(test);
    expect(failure).toMatchObject({ step: 'tls', code: 'TLS_UNTRUSTED', fix: expect.stringMatching(/pin the certificate’s SHA-256 shown above/) });
    expect(failure!.certificate).toEqual({
      subject: real.subject.split('\n').join(', '),
      issuer: ca.subject.split('\n').join(', '),
      sha256: real.fingerprint256,
      validFrom: new Date(real.validFrom).toISOString(),
      validTo: new Date(real.validTo).toISOString(),
    });
    expect((await control.counters()).requests - before.requests).toBe(0);
  });

  it('a tampered sealed reply: INTEGRITY_FAILED at message encryption, after sign-in succeeded', async () => {
    await control.setFaults({ tamperNextEncryptedResponse: true });
    try {
      const test = await ladderOf(rigNtlmRequest(rig, 'http'));
      expect(step(test, 'winrm-auth').status).toBe('ok');
      expect(failed(test)).toMatchObject([{ step: 'encryption', code: 'INTEGRITY_FAILED' }]);
    } finally {
      await control.setFaults({ tamperNextEncryptedResponse: null });
    }
  });

  it('a closed port: CONNECTION_REFUSED at TCP', async () => {
    const port = await closedPort();
    const test = await ladderOf({ ...rigNtlmRequest(rig, 'http'), endpoint: new URL(`http://127.0.0.1:${port}/wsman`) });
    expect(failed(test)).toMatchObject([{ step: 'tcp', code: 'CONNECTION_REFUSED', fix: expect.stringMatching(/WinRM listener/) }]);
    expect(step(test, 'resolve').status).toBe('skipped');
  });

  it('a refused plan fails at step 0 with its reason and fix, and nothing reaches the proxy or the server', async () => {
    const before = await control.counters();
    const test = await ladderOf(rigNtlmRequest(rig, 'http', { routes: [squidTunnel('basic')] }));
    expect(test).toMatchObject({ ok: false, auth: null });
    expect(test.steps[0]).toMatchObject({ step: 'plan', status: 'failed', code: 'POLICY_PROXY_AUTH_REQUIRES_HTTPS', detail: expect.stringMatching(/requires authentication/), fix: expect.stringMatching(/HTTPS \(port 5986\)/) });
    expect(test.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    const after = await control.counters();
    expect(after.connectionsAccepted - before.connectionsAccepted).toBe(0);
    expect(after.requests - before.requests).toBe(0);
  });
});
