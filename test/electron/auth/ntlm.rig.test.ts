import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createNtlmAuthenticator, type NtlmOptions } from '../../../electron/auth/ntlm-authenticator.ts';
import { beginNtlmHandshake, ntlmKey } from '../../../electron/auth/ntlm/client.ts';
import { tlsServerEndPoint } from '../../../electron/auth/channel-bindings.ts';
import { PinnedConnection } from '../../../electron/http/pinned-connection.ts';
import { RemoteShell } from '../../../electron/sessions/remote-shell.ts';
import { Session } from '../../../electron/sessions/session.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { TWENTY_MB_COMMAND } from '../../support/exec-cases.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
const caPem = readFileSync(rig.ca.certPath, 'utf8');
const userName = `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`;
const sessions: Session[] = [];

function endpoint(transport: 'http' | 'https'): URL {
  return new URL(`${transport}://${rig.winrm.host}:${transport === 'http' ? rig.winrm.httpPort : rig.winrm.httpsPort}/wsman`);
}

function ntlmSession(transport: 'http' | 'https', options: NtlmOptions = {}, password = rig.winrm.ntlmPassword): Session {
  const session = new Session({
    endpoint: endpoint(transport),
    tls: { mode: 'ca', caPem },
    authenticator: () => createNtlmAuthenticator({ userName, password }, { spnHost: rig.winrm.spnHost, ...options }),
    operationTimeoutSec: 20,
  });
  sessions.push(session);
  return session;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function run(shell: RemoteShell, commandLine: string, stdin?: string) {
  const command = await shell.run(commandLine);
  if (stdin !== undefined) await command.write(Buffer.from(stdin), true);
  const [stdout, stderr, code] = await Promise.all([collect(command.stdout), collect(command.stderr), command.exitCode]);
  return { stdout: stdout.toString('utf8'), stdoutBytes: stdout, stderr: stderr.toString('utf8'), code };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

beforeEach(async () => {
  await control.reset();
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  await control.reset();
});

describe('NTLM with message encryption over HTTP', () => {
  it('runs commands with every SOAP body sealed: echo, exit code, stderr, stdin, 20 MB output', async () => {
    const session = ntlmSession('http');
    const shell = await RemoteShell.open(session);
    expect(await run(shell, 'echo hello over ntlm')).toMatchObject({ stdout: 'hello over ntlm\n', stderr: '', code: 0 });
    expect((await run(shell, 'exit 3')).code).toBe(3);
    expect(await run(shell, 'echo to-out; echo to-err >&2')).toMatchObject({ stdout: 'to-out\n', stderr: 'to-err\n', code: 0 });
    expect(await run(shell, 'tr a-z A-Z; echo "[eof]"', 'first line\nsecond line\n')).toMatchObject({ stdout: 'FIRST LINE\nSECOND LINE\n[eof]\n', code: 0 });
    const big = await run(shell, TWENTY_MB_COMMAND);
    const local = execFileSync('/bin/sh', ['-c', TWENTY_MB_COMMAND], { maxBuffer: 64 * 1024 * 1024 });
    expect(big.code).toBe(0);
    expect(big.stdoutBytes.length).toBe(20 * 1024 * 1024);
    expect(sha256(big.stdoutBytes)).toBe(sha256(local));
    await shell.close();

    const counters = await control.counters();
    const stats = session.stats();
    // The stdin Send travels on a second lane while the first holds a Receive: one handshake per lane.
    expect(stats.handshakes).toBe(stats.lanes);
    expect(counters.handshakes.ntlm).toBe(stats.lanes);
    expect(counters.handshakesByScheme.Negotiate).toBe(stats.lanes);
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.rejectedUnencrypted).toBe(0);
    expect(counters.decryptFailures).toBe(0);
    // Every request but the two empty-body legs of each handshake was encrypted.
    expect(counters.encryptedRequests).toBe(counters.requests - 2 * stats.lanes);
    expect(counters.encryptedRequests).toBe(stats.requests);
  });
});

describe('NTLM over HTTPS', () => {
  it('binds the context to the TLS channel and sends SOAP unencrypted inside TLS', async () => {
    const session = ntlmSession('https');
    const shell = await RemoteShell.open(session);
    expect(await run(shell, 'echo over tls')).toMatchObject({ stdout: 'over tls\n', code: 0 });
    await shell.close();
    const counters = await control.counters();
    expect(counters.handshakes.ntlm).toBe(1);
    expect(counters.encryptedRequests).toBe(0);
    expect(counters.plaintextRequests).toBe(counters.requests - 2);
  });

  it('seals over HTTPS too when asked', async () => {
    const session = ntlmSession('https', { encryptOverHttps: true });
    const shell = await RemoteShell.open(session);
    expect(await run(shell, 'echo sealed inside tls')).toMatchObject({ stdout: 'sealed inside tls\n', code: 0 });
    await shell.close();
    const counters = await control.counters();
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.encryptedRequests).toBe(counters.requests - 2);
  });

  it('is refused by the server when the channel bindings name another certificate (so the binding is checked)', async () => {
    const connection = new PinnedConnection({ endpoint: endpoint('https'), tls: { mode: 'ca', caPem } });
    try {
      const key = ntlmKey(userName, rig.winrm.ntlmPassword);
      const leg = (token: Buffer) => connection.exchange({ headers: { authorization: `Negotiate ${token.toString('base64')}` }, body: '', headersTimeoutMs: 10_000 });
      // Both attempts on one TLS connection, so the certificate read after the first leg is the one bound.
      const attempt = async (forge: boolean) => {
        const handshake = beginNtlmHandshake(key);
        const first = await leg(handshake.negotiate);
        const challenge = Buffer.from(String(first.headers['www-authenticate']).split(' ')[1]!, 'base64');
        const channelBindings = tlsServerEndPoint(connection.peerCertificate!);
        if (forge) channelBindings[channelBindings.length - 1]! ^= 1;
        return (await leg(handshake.authenticate(challenge, { targetName: `HTTP/${rig.winrm.spnHost}`, channelBindings }).token)).status;
      };
      expect(await attempt(true)).toBe(401);
      expect(await attempt(false)).toBe(200);
      expect(connection.generation).toBe(1);
    } finally {
      await connection.close();
    }
  });
});

describe('NTLM connection affinity', () => {
  it('authenticates each pinned connection once over a 200-command batch', async () => {
    const session = ntlmSession('http');
    const shell = await RemoteShell.open(session);
    for (let n = 0; n < 200; n++) {
      const result = await run(shell, `echo ${n}`);
      expect(result.stdout).toBe(`${n}\n`);
    }
    await shell.close();
    const counters = await control.counters();
    const stats = session.stats();
    expect(stats.handshakes).toBe(stats.lanes);
    expect(counters.handshakes.ntlm).toBe(stats.lanes);
    expect(counters.connectionsAccepted).toBe(stats.lanes);
    // Connections left open by earlier tests survive the counters' reset with zero requests: skip them.
    for (const connection of counters.connections.filter((c) => c.requests > 0)) expect(connection.handshakes).toBe(1);
    expect(counters.commandsStarted).toBe(200);
    expect(counters.encryptedRequests).toBe(counters.requests - 2 * stats.lanes);
  });

  it('re-authenticates transparently when the server closes the connection between requests', async () => {
    await control.setFaults({ closeAfterRequests: 5 });
    const session = ntlmSession('http');
    const shell = await RemoteShell.open(session);
    for (const word of ['one', 'two', 'three']) expect((await run(shell, `echo ${word}`)).stdout).toBe(`${word}\n`);
    await shell.close();
    const counters = await control.counters();
    expect(counters.closedByFault).toBeGreaterThanOrEqual(2);
    expect(counters.handshakes.ntlm).toBe(counters.connectionsAccepted);
    expect(session.stats().handshakes).toBe(counters.connectionsAccepted);
    expect(counters.unauthorized).toBe(0);
  });

  it('reports AFFINITY_LOST when the connection closes in the middle of the handshake', async () => {
    await control.setFaults({ closeAfterRequests: 1 });
    const session = ntlmSession('http');
    await expect(RemoteShell.open(session)).rejects.toMatchObject({ code: 'AFFINITY_LOST', message: expect.stringMatching(/same persistent HTTP\/1\.1 connection/) });
  });
});

describe('NTLM failures', () => {
  it('fails a wrong password with AUTH_FAILED after exactly one handshake attempt', async () => {
    const session = ntlmSession('http', {}, 'not-the-password');
    await expect(RemoteShell.open(session)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(RemoteShell.open(session)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const counters = await control.counters();
    // NEGOTIATE → 401 with the challenge, AUTHENTICATE → 401 refusal; the second call sent nothing.
    expect(counters.requests).toBe(2);
    expect(counters.unauthorized).toBe(1);
    expect(counters.handshakeFailures).toBe(1);
  });

  it('ends the session with INTEGRITY_FAILED when an encrypted response was tampered with', async () => {
    const session = ntlmSession('http');
    const shell = await RemoteShell.open(session);
    await control.setFaults({ tamperNextEncryptedResponse: true });
    await expect(run(shell, 'echo tampered')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    const before = (await control.counters()).requests;
    await expect(run(shell, 'echo again')).rejects.toMatchObject({ code: 'INTEGRITY_FAILED' });
    const counters = await control.counters();
    expect(counters.tamperedResponses).toBe(1);
    expect(counters.requests).toBe(before);
  });
});
