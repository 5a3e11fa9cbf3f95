import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostAuthenticator } from '../../../electron/auth/host-auth.ts';
import { createNtlmAuthenticator, type NtlmOptions } from '../../../electron/auth/ntlm-authenticator.ts';
import { PinnedConnection } from '../../../electron/http/pinned-connection.ts';
import { FakeNtlmServer, REPLY, type Fault } from './fake-ntlm-server.ts';
import { SPEC } from './ntlm/vectors.ts';

let server: FakeNtlmServer;
let connection: PinnedConnection;

beforeEach(async () => {
  server = new FakeNtlmServer();
  connection = new PinnedConnection({ endpoint: await server.listen(), tls: { mode: 'system' } });
});

afterEach(async () => {
  await connection.close();
  await server.close();
});

function authenticator(password = SPEC.password, options: NtlmOptions = {}): HostAuthenticator {
  return createNtlmAuthenticator({ userName: `${SPEC.domain}\\${SPEC.user}`, password }, options);
}

const send = (auth: HostAuthenticator, soap = '<s:Envelope/>') => auth.exchange(connection, soap, 5000).then((reply) => reply.toString('utf8'));

async function failsWith(promise: Promise<unknown>, code: string, message?: RegExp) {
  await expect(promise).rejects.toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) });
}

describe('createNtlmAuthenticator over HTTP', () => {
  it('handshakes with two empty-body POSTs, then seals every request and unseals every reply', async () => {
    const auth = authenticator();
    expect(await send(auth)).toBe(REPLY);
    expect(await send(auth)).toBe(REPLY);
    expect(auth.stats()).toEqual({ handshakes: 1, requests: 2 });
    const [negotiate, authenticate, first, second] = server.seen;
    for (const leg of [negotiate!, authenticate!]) {
      expect(leg.authorization).toMatch(/^Negotiate [A-Za-z0-9+/=]+$/);
      expect([leg.contentLength, leg.bodyLength]).toEqual(['0', 0]);
    }
    for (const request of [first!, second!]) {
      expect(request.authorization).toBeUndefined();
      expect(request.contentType).toBe('multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"');
    }
    expect(server.seen).toHaveLength(4);
  });

  it('can name the scheme NTLM instead of Negotiate', async () => {
    await send(authenticator(SPEC.password, { httpScheme: 'NTLM' })).catch(() => undefined);
    expect(server.seen[0]!.authorization).toMatch(/^NTLM /);
  });

  it('runs one handshake for concurrent first requests', async () => {
    const auth = authenticator();
    expect(await Promise.all([send(auth), send(auth), send(auth)])).toEqual([REPLY, REPLY, REPLY]);
    expect(server.handshakes).toBe(1);
    expect(auth.stats()).toEqual({ handshakes: 1, requests: 3 });
  });

  it('re-authenticates, before sending, when the server closed the connection after a reply', async () => {
    const auth = authenticator();
    server.fault = 'closeAfterReply';
    expect(await send(auth)).toBe(REPLY);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.fault = 'none';
    expect(await send(auth)).toBe(REPLY);
    expect(auth.stats().handshakes).toBe(2);
    expect(connection.generation).toBe(2);
    // Nothing was sent unauthenticated on the new connection: no 401 after the handshakes.
    expect(server.seen.filter((r) => !r.authorization).length).toBe(2);
  });

  it('reports AFFINITY_LOST when the connection closes in the middle of the handshake', async () => {
    server.fault = 'closeAfterChallenge';
    await failsWith(send(authenticator()), 'AFFINITY_LOST', /middle of NTLM authentication.*HTTPS/);
  });

  it('reports AFFINITY_LOST for a 401 right after a completed handshake, and re-authenticates on the next call', async () => {
    const auth = authenticator();
    server.fault = 'forgetContext';
    await failsWith(send(auth), 'AFFINITY_LOST', /answered 401 on a connection it had authenticated/);
    server.fault = 'none';
    expect(await send(auth)).toBe(REPLY);
    expect(auth.stats().handshakes).toBe(2);
  });

  it('fails a wrong password with AUTH_FAILED after one attempt and never tries again', async () => {
    const auth = authenticator('wrong');
    await failsWith(send(auth), 'AUTH_FAILED', /rejected the NTLM credentials/);
    await failsWith(send(auth), 'AUTH_FAILED');
    expect(server.seen).toHaveLength(2);
  });

  it('says which schemes a server offers when it does not answer NTLM', async () => {
    server.fault = 'basicOnly';
    await failsWith(send(authenticator()), 'AUTH_FAILED', /offers Basic/);
  });

  it('refuses a malformed challenge with MALFORMED_RESPONSE', async () => {
    server.fault = 'badChallenge';
    await failsWith(send(authenticator()), 'MALFORMED_RESPONSE');
  });

  it.each<[Fault, RegExp]>([
    ['tamperReply', /wrong signature/],
    ['skipSequence', /sequence number 2 where 1/],
    // Judged where the declared length puts the end of the ciphertext (the reply is unsealed as it arrives).
    ['wrongLength', /declares \d+ bytes but its data part does not end there/],
    ['plaintextReply', /in plain text/],
  ])('ends the authenticator with INTEGRITY_FAILED on %s', async (fault, message) => {
    const auth = authenticator();
    expect(await send(auth)).toBe(REPLY);
    server.fault = fault;
    await failsWith(send(auth), 'INTEGRITY_FAILED', message);
    server.fault = 'none';
    const sent = server.seen.length;
    await failsWith(send(auth), 'INTEGRITY_FAILED', message);
    expect(server.seen.length).toBe(sent);
  });

  it('keeps the password out of every error message', async () => {
    const password = 'Sup3r-S3cret-Pass';
    for (const fault of ['none', 'tamperReply', 'badChallenge'] as Fault[]) {
      server.fault = fault;
      const error = await send(authenticator(password)).catch((e: unknown) => e);
      expect(String((error as Error | undefined)?.message ?? '')).not.toContain(password);
    }
  });
});
