import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { nativeGss } from '../../../electron/auth/gss/native-gss.ts';
import { startGssContext } from '../../../electron/auth/kerberos-context.ts';
import { PinnedConnection } from '../../../electron/http/pinned-connection.ts';
import { createKerberosAuthenticator, type KerberosOptions } from '../../../electron/auth/kerberos-authenticator.ts';
import { tlsServerEndPoint } from '../../../electron/auth/channel-bindings.ts';
import { KerberosIdentities } from '../../../electron/connections/kerberos-identities.ts';
import { openShell } from '../../../electron/connections/open-session.ts';
import { RemoteShell } from '../../../electron/sessions/remote-shell.ts';
import { Session } from '../../../electron/sessions/session.ts';
import { gssapiEcho } from '../../rig/gssapi-echo.ts';
import { kinit } from '../../rig/kerberos-ticket.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess } from '../../support/cli-process.ts';
import { defineExecCases, TWENTY_MB_COMMAND } from '../../support/exec-cases.ts';
import { rigNtlmRequest } from '../../support/rig-request.ts';

// Kerberos message encryption over HTTP (MS-WSMV 2.2.9.1 with the RFC 4121 wrap token) and Kerberos
// channel bindings over HTTPS, against the test server's MIT acceptor. Its python-gssapi client
// (test/rig/gssapi_client.py) runs beside ours on the same server, so a misunderstanding shared by
// our client and the server cannot pass unnoticed.
const rig = inject('rig');
const control = new WinrmControl(rig);
const caPem = readFileSync(rig.ca.certPath, 'utf8');
const env = { KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: `FILE:${rig.dir}/no-such-ccache`, KRB_PASSWORD: rig.krb5.password };
const url = (transport: 'http' | 'https') => `${transport}://${rig.winrm.host}:${transport === 'http' ? rig.winrm.httpPort : rig.winrm.httpsPort}/wsman`;
const cliTarget = (auth: 'kerberos' | 'negotiate', transport: 'http' | 'https' = 'http') => [
  '--url', url(transport), '--auth', auth, '--spn-host', rig.winrm.spnHost, '--user', rig.krb5.principal, '--password-env', 'KRB_PASSWORD', '--ca', rig.ca.certPath,
];
const exec = (args: string[], command: string, extra: string[] = [], stdin?: string) => runCliProcess(['exec', ...args, ...extra, '--', command], { env, ...(stdin === undefined ? {} : { stdin }) });

let ccache: string;
const savedKrb5Config = process.env['KRB5_CONFIG'];
const sessions: Session[] = [];

beforeAll(async () => {
  // The machine's Kerberos configuration, as on an admin's workstation; tickets are named per context.
  process.env['KRB5_CONFIG'] = rig.krb5.krb5Conf;
  ccache = await kinit(rig, 'ccache-sealing');
});

afterAll(() => {
  if (savedKrb5Config === undefined) delete process.env['KRB5_CONFIG'];
  else process.env['KRB5_CONFIG'] = savedKrb5Config;
});

beforeEach(() => control.reset());

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});

function kerberosSession(transport: 'http' | 'https', options: Partial<KerberosOptions> = {}): Session {
  const session = new Session({
    endpoint: new URL(url(transport)),
    tls: { mode: 'ca', caPem },
    authenticator: () => createKerberosAuthenticator({ httpScheme: 'Kerberos', serviceHost: rig.winrm.spnHost, principal: rig.krb5.principal, ccache, ...options }),
    operationTimeoutSec: 20,
  });
  sessions.push(session);
  return session;
}

async function run(shell: RemoteShell, commandLine: string): Promise<{ stdout: Buffer; code: number }> {
  const command = await shell.run(commandLine);
  const chunks: Buffer[] = [];
  command.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await command.exitCode;
  return { stdout: Buffer.concat(chunks), code };
}

for (const auth of ['kerberos', 'negotiate'] as const) {
  describe(`exec with ${auth} over HTTP, every message sealed by Kerberos`, () => {
    defineExecCases((command, extra, stdin) => exec(cliTarget(auth), command, extra, stdin));

    it('seals every SOAP body: the server decrypted each request and received none in clear', async () => {
      const result = await exec(cliTarget(auth), 'echo sealed', ['--json']);
      // With --json the remote output goes to stderr, the summary alone to stdout.
      expect(result).toMatchObject({ code: 0, stderr: 'sealed\n' });
      const summary = JSON.parse(result.stdout.toString()) as { handshakes: number; protection: string; mechanism: string };
      expect(summary).toMatchObject({ protection: 'message-encryption', mechanism: 'kerberos' });
      const counters = await control.counters();
      expect(counters.plaintextRequests).toBe(0);
      // Create, Command, Receive (one or more), Signal, Delete: all sealed, none refused.
      expect(counters.encryptedRequests).toBeGreaterThanOrEqual(5);
      expect([counters.decryptFailures, counters.unauthorized]).toEqual([0, 0]);
      expect(counters.handshakes).toEqual({ kerberos: summary.handshakes, ntlm: 0 });
      expect(counters.handshakesByScheme[auth === 'kerberos' ? 'Kerberos' : 'Negotiate']).toBe(summary.handshakes);
    });
  });
}

describe('Kerberos over HTTP through proxies', () => {
  it('is forwarded through Squid, which pins the server connection to ours: sealed, one handshake per connection', async () => {
    const result = await exec(cliTarget('kerberos'), 'echo via squid', ['--proxy', `127.0.0.1:${rig.squid.openPort}`, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^winrm-desk: warning: Kerberos is connection-based: forwarding through 127\.0\.0\.1:\d+ works only if the proxy keeps connection affinity.*\nvia squid\n$/s);
    const summary = JSON.parse(result.stdout.toString()) as { route: string; handshakes: number; connections: { opened: number } };
    expect(summary).toMatchObject({ route: 'forward' });
    const counters = await control.counters();
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.encryptedRequests).toBeGreaterThanOrEqual(5);
    expect(counters.handshakesByScheme.Kerberos).toBe(summary.connections.opened);
    const log = readFileSync(rig.squid.accessLog, 'utf8');
    expect(log).toContain(`POST http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`);
  });

  it('is refused with AFFINITY_LOST through tinyproxy, which opens a new server connection per request, and nothing is sent in clear', async () => {
    const result = await exec(cliTarget('kerberos'), 'echo never', ['--proxy', `127.0.0.1:${rig.tinyproxy.port}`]);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error AFFINITY_LOST: .*HTTPS \(port 5986\)/m);
    const counters = await control.counters();
    expect([counters.plaintextRequests, counters.encryptedRequests, counters.shellsCreated]).toEqual([0, 0, 0]);
  });
});

describe('the app’s shell with Kerberos over HTTP', () => {
  for (const auth of ['kerberos', 'negotiate'] as const) {
    it(`opens a ${auth} shell from a stored credential, sealed, and streams 20 MB byte-identical`, async () => {
      const identities = new KerberosIdentities({ env: { ...process.env, KRB5CCNAME: `FILE:${rig.dir}/no-such-ccache` } });
      const request = rigNtlmRequest(rig, 'http', { auth, identity: { kind: 'password', userName: rig.krb5.principal, password: async () => rig.krb5.password }, spnHost: rig.winrm.spnHost });
      const opened = await openShell(request, { kerberos: () => identities });
      try {
        expect(opened.facts()).toMatchObject({ mechanism: 'kerberos', protection: 'message-encryption', route: 'direct' });
        const command = await opened.shell.run('/bin/sh', ['-c', `"${TWENTY_MB_COMMAND}"`]);
        const hash = createHash('sha256');
        let length = 0;
        command.stdout.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          length += chunk.length;
        });
        await expect(command.exitCode).resolves.toBe(0);
        const expected = createHash('sha256').update(Buffer.from('WinRM Desk 0123456789 ü\n'.repeat(Math.ceil(20971520 / 25)), 'utf8').subarray(0, 20971520)).digest('hex');
        expect([length, hash.digest('hex')]).toEqual([20971520, expected]);
        const counters = await control.counters();
        expect(counters.plaintextRequests).toBe(0);
        expect(counters.encryptedRequests).toBeGreaterThan(5);
      } finally {
        await opened.dispose();
        identities.dispose();
      }
    });
  }
});

describe('hostile Kerberos-sealed replies end the session with INTEGRITY_FAILED', () => {
  it.each([
    ['tampered (a flipped ciphertext byte)', { tamperNextEncryptedResponse: true }],
    ['replayed (an earlier sealed reply sent again)', { replayNextEncryptedResponse: true }],
    ['downgraded (a reply in clear to a sealed request)', { plaintextNextResponse: true }],
  ] as const)('%s', async (_label, fault) => {
    const shell = await RemoteShell.open(kerberosSession('http'));
    await expect(run(shell, 'echo before')).resolves.toMatchObject({ code: 0 });
    await control.setFaults(fault);
    await expect(run(shell, 'echo hostile')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    // The authenticator is finished: the next call fails the same way and sends nothing.
    const before = (await control.counters()).requests;
    await expect(run(shell, 'echo again')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    expect((await control.counters()).requests).toBe(before);
  });
});

describe('Kerberos channel bindings over HTTPS', () => {
  it('sends the certificate’s tls-server-end-point bindings, which the server’s acceptor verifies', async () => {
    const shell = await RemoteShell.open(kerberosSession('https'));
    await expect(run(shell, 'echo bound')).resolves.toMatchObject({ code: 0, stdout: Buffer.from('bound\n') });
    const counters = await control.counters();
    expect(counters.handshakesByScheme.Kerberos).toBe(1);
    expect(counters.channelBoundHandshakes).toBe(1);
    // TLS protects the messages; Kerberos does not seal inside it unless asked.
    expect([counters.encryptedRequests, counters.badChannelBindings]).toEqual([0, 0]);
  });

  it('binds Negotiate (SPNEGO) the same way', async () => {
    const shell = await RemoteShell.open(kerberosSession('https', { httpScheme: 'Negotiate' }));
    await expect(run(shell, 'echo spnego bound')).resolves.toMatchObject({ code: 0 });
    expect((await control.counters()).channelBoundHandshakes).toBe(1);
  });

  it('is refused by MIT when the bindings are wrong, reported as AUTH_FAILED, and no shell is made', async () => {
    const certificate = new (await import('node:crypto')).X509Certificate(readFileSync(rig.ca.serverCertPath));
    const right = tlsServerEndPoint(certificate);
    const wrong = Buffer.from(right);
    wrong[wrong.length - 1]! ^= 1;
    const failure = await RemoteShell.open(kerberosSession('https', { channelBindingsOverride: wrong })).then(
      () => null,
      (error: unknown) => error as { code: string; message: string },
    );
    expect(failure).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/rejected the Kerberos ticket for HTTP\/winrm\.test\.local/) });
    const counters = await control.counters();
    expect(counters.badChannelBindings).toBe(1);
    expect([counters.shellsCreated, counters.channelBoundHandshakes]).toEqual([0, 0]);
    expect(readFileSync(rig.winrm.log, 'utf8')).toMatch(/handshake refused: scheme=Kerberos .*[Cc]hannel binding/);
  });

  it('seals inside TLS too when encryption is forced', async () => {
    const shell = await RemoteShell.open(kerberosSession('https', { encryptOverHttps: true }));
    await expect(run(shell, 'echo sealed in tls')).resolves.toMatchObject({ code: 0 });
    const counters = await control.counters();
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.encryptedRequests).toBeGreaterThanOrEqual(3);
    expect(counters.channelBoundHandshakes).toBe(1);
  });
});

describe('the independent python-gssapi client on the same server', () => {
  it('over HTTP: sealed with a 60-byte header (RRC 28), as ours reads it', async () => {
    const outcome = await gssapiEcho(rig, 'Kerberos', 'kerberos', { ccache });
    expect(outcome).toMatchObject({ ok: true, stdout: 'sealed\n', headerLength: 60, rrc: 28 });
  });

  it.each([
    ['the certificate’s bindings: accepted and verified', 'certificate', { ok: true, stdout: 'sealed\n' }, 1, 0],
    ['wrong bindings: refused', 'wrong', { ok: false, status: 401 }, 0, 1],
    // MIT accepts an initiator that sends no bindings at all, so "strict" Extended Protection cannot be shown with MIT.
    ['no bindings: MIT accepts them, unverified', 'none', { ok: true, stdout: 'sealed\n' }, 0, 0],
  ] as const)('over HTTPS with %s', async (_label, bindings, expected, bound, bad) => {
    const outcome = await gssapiEcho(rig, 'Kerberos', 'kerberos', { ccache, https: { bindings } });
    expect(outcome).toMatchObject(expected);
    const counters = await control.counters();
    expect([counters.channelBoundHandshakes, counters.badChannelBindings]).toEqual([bound, bad]);
  });
});

describe('the addon with a real ticket', () => {
  const gss = nativeGss()!;
  const newContext = () => gss.createContext({ serviceHost: rig.winrm.spnHost, spnego: false, principal: rig.krb5.principal, ccache });

  it('wraps and unwraps nothing before the server has proved who it is, and a released context stays refused', async () => {
    const context = newContext();
    const first = gss.step(context, null);
    // One leg at a time: the library's context must not be used from two threads.
    expect(() => gss.step(context, null)).toThrow(expect.objectContaining({ code: 'GSS_USAGE', message: expect.stringMatching(/already in progress/) }));
    await expect(first).resolves.toMatchObject({ complete: false, token: expect.any(Buffer) });
    expect(() => gss.wrap(context, Buffer.from('soap'))).toThrow(expect.objectContaining({ code: 'GSS_USAGE', message: expect.stringMatching(/not established/) }));
    expect(() => gss.unwrap(context, Buffer.alloc(80), 60)).toThrow(expect.objectContaining({ code: 'GSS_USAGE' }));
    gss.release(context);
    gss.release(context);
    expect(() => gss.wrap(context, Buffer.from('soap'))).toThrow(expect.objectContaining({ code: 'GSS_USAGE', message: expect.stringMatching(/released/) }));
  });

  it('refuses random bytes as a sealed reply on an established context, every time, as INTEGRITY_FAILED', async () => {
    const context = await startGssContext({ serviceHost: rig.winrm.spnHost, mech: 'krb5', errorCode: 'AUTH_FAILED', principal: rig.krb5.principal, ccache });
    const connection = new PinnedConnection({ endpoint: new URL(url('http')), tls: { mode: 'ca', caPem } });
    try {
      const reply = await connection.exchange({ headers: { authorization: `Kerberos ${await context.step('')}` }, body: '', headersTimeoutMs: 10_000 });
      expect(reply.status).toBe(200);
      await context.step(String(reply.headers['www-authenticate']).replace(/^Kerberos /, ''));
      const sealer = context.sealer();
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.uint8Array({ minLength: 0, maxLength: 2000 }), (header, data) => {
          expect(() => sealer.unseal(Buffer.from(header), Buffer.from(data))).toThrow(expect.objectContaining({ code: 'INTEGRITY_FAILED' }));
        }),
        { numRuns: 300 },
      );
      // The context still works for what the server really sends: sealing is unaffected by the refusals.
      expect(sealer.seal(Buffer.from('x')).header.length).toBe(60);
    } finally {
      context.dispose();
      await connection.close();
    }
  });
});
