import { randomBytes, X509Certificate } from 'node:crypto';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { inspect } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tlsServerEndPoint } from '../../../electron/auth/channel-bindings.ts';
import type { HopEvent } from '../../../electron/http/hops.ts';
import { PinnedConnection, type PinnedConnectionOptions } from '../../../electron/http/pinned-connection.ts';
import type { TlsPolicy } from '../../../electron/http/tls-policy.ts';
import { TlsSessionCache, tlsSessionKey } from '../../../electron/http/tls-session-cache.ts';
import { makeTlsFixture, type TlsFixture } from '../../support/tls-fixture.ts';

const VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;
type Version = (typeof VERSIONS)[number];

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let fixture: TlsFixture;
let other: TlsFixture;
beforeAll(() => {
  fixture = makeTlsFixture(['winrm.test.local', '127.0.0.1']);
  other = makeTlsFixture(['other.test.local']);
});

/** What the server saw of one TLS connection: whether it resumed a session, and the bytes sent after the handshake. */
interface Seen {
  readonly reused: boolean;
  bytes: number;
}

interface Server {
  readonly url: string;
  readonly port: number;
  readonly seen: Seen[];
  /** Resolves once every TCP connection so far has closed (all the client wrote has been read). */
  closed(): Promise<unknown>;
}

/** An HTTPS server of one TLS version that records, on its own side, whether each handshake resumed. */
async function server(version: Version, ticketKeys?: Buffer): Promise<Server> {
  const seen: Seen[] = [];
  const closes: Array<Promise<void>> = [];
  const s = https.createServer({ cert: fixture.certPem, key: fixture.keyPem, minVersion: version, maxVersion: version, ...(ticketKeys ? { ticketKeys } : {}) }, (req, res) => {
    req.resume();
    req.on('end', () => res.end('secure'));
  });
  s.on('secureConnection', (socket: TLSSocket) => {
    const entry: Seen = { reused: socket.isSessionReused(), bytes: 0 };
    seen.push(entry);
    socket.on('data', (chunk: Buffer) => (entry.bytes += chunk.length));
  });
  // A client that refuses the certificate hangs up, sometimes before this side is done.
  s.on('tlsClientError', () => undefined);
  s.on('connection', (raw: Socket) => closes.push(new Promise((resolve) => raw.on('close', () => resolve()))));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        s.closeAllConnections();
        s.close(resolve);
      }),
  );
  const port = (s.address() as AddressInfo).port;
  return { url: `https://127.0.0.1:${port}/wsman`, port, seen, closed: () => Promise.all(closes) };
}

/** A bare CONNECT proxy on loopback: the tunnel route without proxy authentication. */
async function connectProxy(): Promise<{ host: string; port: number }> {
  const proxy = net.createServer((client) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const [host, port] = head.toString('latin1').split(' ')[1]!.split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.write(head.subarray(end + 4));
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => proxy.close(resolve)));
  return { host: '127.0.0.1', port: (proxy.address() as AddressInfo).port };
}

const opened: PinnedConnection[] = [];

/** Closes every connection of the test, then waits until the server has read all they wrote. */
async function closeAll(s: Server): Promise<void> {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await s.closed();
}

interface Opened {
  readonly connection: PinnedConnection;
  readonly hops: HopEvent[];
}

function pinned(url: string, tlsPolicy: TlsPolicy, cache: TlsSessionCache | null, options: Partial<PinnedConnectionOptions> = {}): Opened {
  const hops: HopEvent[] = [];
  const connection = new PinnedConnection({ endpoint: new URL(url), tls: tlsPolicy, ...(cache ? { tlsSessions: cache } : {}), ...options });
  connection.onHop((hop) => hops.push(hop));
  opened.push(connection);
  cleanups.push(() => connection.close());
  return { connection, hops };
}

/** One request; the error's code when it fails. */
async function post(opened: Opened): Promise<string> {
  try {
    const reply = await opened.connection.exchange({ headers: { 'content-type': 'text/plain' }, body: 'ping', headersTimeoutMs: 5000 });
    return reply.body.toString();
  } catch (error) {
    return String((error as { code?: string }).code);
  }
}

const tlsHop = (opened: Opened) => opened.hops.find((h) => h.stage === 'tls');
const certificateHop = (opened: Opened) => opened.hops.find((h) => h.stage === 'certificate');
const caPolicy = (): TlsPolicy => ({ mode: 'ca', caPem: fixture.caPem });

// The facts of Node's TLS client the cache is built on, checked on Node's own API: if a Node release
// changes them, this says so before the design relies on them wrongly.
describe.each(VERSIONS)('what Node gives on a resumed %s handshake', (version) => {
  const handshake = (port: number, options: tls.ConnectionOptions) =>
    new Promise<{ reused: boolean; authorized: boolean; certificate: X509Certificate | undefined; session: Buffer | undefined }>((resolve, reject) => {
      let session: Buffer | undefined;
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'winrm.test.local', ...options });
      socket.on('session', (s: Buffer) => (session = s));
      socket.on('secureConnect', () => {
        const facts = { reused: socket.isSessionReused(), authorized: socket.authorized, certificate: socket.getPeerX509Certificate() };
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        socket.resume();
        socket.on('end', () => resolve({ ...facts, session }));
      });
      socket.on('error', reject);
    });

  it('no peer certificate, and the verdict of the handshake the session came from, whatever this connection trusts', async () => {
    const s = await server(version);
    const full = await handshake(s.port, { ca: fixture.caPem });
    expect(full).toMatchObject({ reused: false, authorized: true });
    expect(full.certificate?.fingerprint256.replace(/:/g, '')).toBe(fixture.thumbprint);
    // Trusting only the system's roots, which do not hold the test CA: a full handshake is refused…
    await expect(handshake(s.port, {})).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // …but the CA-verified session, offered to it, is resumed and "authorized", with no certificate.
    const resumed = await handshake(s.port, { session: full.session! });
    expect(resumed).toMatchObject({ reused: true, authorized: true, certificate: undefined });
  });
});

describe.each(VERSIONS)('PinnedConnection resuming %s sessions', (version) => {
  it('resumes the second connection: the server sees it, the TLS hop says so, the certificate and channel bindings are the first one’s', async () => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    const first = pinned(s.url, caPolicy(), cache);
    await expect(post(first)).resolves.toBe('secure');
    const second = pinned(s.url, caPolicy(), cache);
    await expect(post(second)).resolves.toBe('secure');
    expect(s.seen.map((c) => c.reused)).toEqual([false, true]);
    expect(tlsHop(first)).toMatchObject({ detail: `${version} with 127.0.0.1:${s.port}` });
    expect(tlsHop(first)?.resumed).toBeUndefined();
    expect(tlsHop(second)).toMatchObject({ detail: `${version} with 127.0.0.1:${s.port} (session resumed)`, resumed: true, certificateSha256: tlsHop(first)!.certificateSha256 });
    expect(certificateHop(second)?.certificate).toEqual(certificateHop(first)?.certificate);
    expect(certificateHop(second)).toMatchObject({ resumed: true });
    const served = new X509Certificate(fixture.certPem);
    expect(second.connection.peerCertificate?.fingerprint256).toBe(served.fingerprint256);
    expect(tlsServerEndPoint(second.connection.peerCertificate!)).toEqual(tlsServerEndPoint(served));
    // A resumed connection's own new sessions keep the chain going.
    const third = pinned(s.url, caPolicy(), cache);
    await expect(post(third)).resolves.toBe('secure');
    expect(s.seen.map((c) => c.reused)).toEqual([false, true, true]);
  });

  it('resumes nothing without a cache', async () => {
    const s = await server(version);
    await expect(post(pinned(s.url, caPolicy(), null))).resolves.toBe('secure');
    const second = pinned(s.url, caPolicy(), null);
    await expect(post(second)).resolves.toBe('secure');
    expect(s.seen.map((c) => c.reused)).toEqual([false, false]);
    expect(tlsHop(second)?.detail).not.toMatch(/resumed/);
  });

  it('resumes on undici’s reconnect of the same connection (a new generation)', async () => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    const c = pinned(s.url, caPolicy(), cache);
    await expect(post(c)).resolves.toBe('secure');
    await c.connection.destroySocket();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(post(c)).resolves.toBe('secure');
    expect(c.connection.generation).toBe(2);
    expect(s.seen.map((x) => x.reused)).toEqual([false, true]);
  });

  // Each row: the first connection's policy, the second's, and what the second must give. Offered the
  // first one's session, the second would resume it with the first one's verdict (see above).
  it.each<[string, () => TlsPolicy, () => TlsPolicy, string]>([
    ['ca, then the same ca (the control: this one resumes)', caPolicy, caPolicy, 'secure'],
    ['ca, then system trust', caPolicy, () => ({ mode: 'system' }), 'TLS_UNTRUSTED'],
    ['ca, then another CA file', caPolicy, () => ({ mode: 'ca', caPem: other.caPem }), 'TLS_UNTRUSTED'],
    ['ca, then a bundle with one more CA', caPolicy, () => ({ mode: 'ca', caPem: fixture.caPem + other.caPem }), 'secure'],
    ['insecure, then ca', () => ({ mode: 'insecure' }), caPolicy, 'secure'],
    ['insecure, then system trust', () => ({ mode: 'insecure' }), () => ({ mode: 'system' }), 'TLS_UNTRUSTED'],
    ['pin, then system trust', () => ({ mode: 'pin', sha256: fixture.thumbprint }), () => ({ mode: 'system' }), 'TLS_UNTRUSTED'],
    ['pin, then ca', () => ({ mode: 'pin', sha256: fixture.thumbprint }), caPolicy, 'secure'],
    ['pin, then another pin', () => ({ mode: 'pin', sha256: fixture.thumbprint }), () => ({ mode: 'pin', sha256: 'A'.repeat(64) }), 'TLS_PIN_MISMATCH'],
    ['ca, then insecure', caPolicy, () => ({ mode: 'insecure' }), 'secure'],
    ['ca, then pin', caPolicy, () => ({ mode: 'pin', sha256: fixture.thumbprint }), 'secure'],
  ])('%s: a session is only offered under the same trust policy', async (name, firstPolicy, secondPolicy, outcome) => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    await expect(post(pinned(s.url, firstPolicy(), cache))).resolves.toBe('secure');
    const second = pinned(s.url, secondPolicy(), cache);
    await expect(post(second)).resolves.toBe(outcome);
    const control = name.includes('control');
    expect(second.hops.some((h) => h.resumed)).toBe(control);
    // A client that refuses the certificate may hang up before the server has finished its side.
    expect(s.seen.length).toBe(outcome === 'secure' ? 2 : s.seen.length);
    expect(s.seen.map((c) => c.reused)).toEqual(control ? [false, true] : s.seen.map(() => false));
  });

  it('offers a session only to the same TLS server name', async () => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    await expect(post(pinned(s.url, caPolicy(), cache))).resolves.toBe('secure');
    await expect(post(pinned(s.url, caPolicy(), cache, { tlsServerName: 'winrm.test.local' }))).resolves.toBe('secure');
    await expect(post(pinned(s.url, caPolicy(), cache, { tlsServerName: 'winrm.test.local' }))).resolves.toBe('secure');
    expect(s.seen.map((c) => c.reused)).toEqual([false, false, true]);
  });

  it('offers a session only to the same port, though the other server would resume it', async () => {
    const keys = randomBytes(48);
    const [a, b] = [await server(version, keys), await server(version, keys)];
    const cache = new TlsSessionCache();
    await expect(post(pinned(a.url, caPolicy(), cache))).resolves.toBe('secure');
    await expect(post(pinned(b.url, caPolicy(), cache))).resolves.toBe('secure');
    expect(b.seen.map((c) => c.reused)).toEqual([false]);
    // The control: the two servers share ticket keys, so A's session, put under B's key, resumes on B.
    const keyOf = (url: string) => tlsSessionKey({ endpoint: new URL(url), route: { kind: 'direct' }, tls: caPolicy() });
    cache.keep(keyOf(b.url), cache.offer(keyOf(a.url))!);
    await expect(post(pinned(b.url, caPolicy(), cache))).resolves.toBe('secure');
    expect(b.seen.map((c) => c.reused)).toEqual([false, true]);
  });

  it('offers a direct session only to direct connections, and a tunnel’s only to tunnels through the same proxy', async () => {
    const s = await server(version);
    const [proxyA, proxyB] = [await connectProxy(), await connectProxy()];
    const cache = new TlsSessionCache();
    const via = (proxy: { host: string; port: number }) => ({ route: { kind: 'tunnel' as const, proxy } });
    await expect(post(pinned(s.url, caPolicy(), cache))).resolves.toBe('secure');
    await expect(post(pinned(s.url, caPolicy(), cache, via(proxyA)))).resolves.toBe('secure');
    await expect(post(pinned(s.url, caPolicy(), cache, via(proxyB)))).resolves.toBe('secure');
    await expect(post(pinned(s.url, caPolicy(), cache, via(proxyA)))).resolves.toBe('secure');
    await expect(post(pinned(s.url, caPolicy(), cache))).resolves.toBe('secure');
    expect(s.seen.map((c) => c.reused)).toEqual([false, false, false, true, true]);
  });

  it.each<[string, () => TlsPolicy]>([
    ['system trust, unknown CA', () => ({ mode: 'system' })],
    ['another CA file', () => ({ mode: 'ca', caPem: other.caPem })],
    ['another pinned thumbprint', () => ({ mode: 'pin', sha256: 'A'.repeat(64) })],
  ])('%s: a refused connection puts no session in the cache', async (_name, policy) => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    const refused = pinned(s.url, policy(), cache);
    await expect(post(refused)).resolves.toMatch(/^TLS_/);
    await closeAll(s);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cache.size).toBe(0);
    expect(s.seen.every((c) => c.bytes === 0)).toBe(true);
  });

  it('checks the pin against the certificate kept with the session, and refuses it before any HTTP byte', async () => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    const pin: TlsPolicy = { mode: 'pin', sha256: fixture.thumbprint };
    await expect(post(pinned(s.url, pin, cache))).resolves.toBe('secure');
    // The genuine session, but kept with another certificate: only the kept certificate can be judged
    // on a resumed handshake (the server sends none), so a refusal proves it is judged.
    const key = tlsSessionKey({ endpoint: new URL(s.url), route: { kind: 'direct' }, tls: pin });
    const foreign = new X509Certificate(other.certPem);
    cache.keep(key, { session: cache.offer(key)!.session, certificate: foreign });
    const resumed = pinned(s.url, pin, cache);
    await expect(post(resumed)).resolves.toBe('TLS_PIN_MISMATCH');
    await closeAll(s);
    // Resumed (Node's isSessionReused, behind the hop's flag), judged on the kept certificate, and
    // refused before a byte: the server may not even have finished its side of the handshake.
    expect(certificateHop(resumed)).toMatchObject({ resumed: true, certificate: { sha256: foreign.fingerprint256 } });
    expect(s.seen[0]!.bytes).toBeGreaterThan(0);
    expect(s.seen.slice(1).map((c) => [c.reused, c.bytes])).toEqual(s.seen.slice(1).map(() => [true, 0]));
    expect(tlsHop(resumed)).toBeUndefined();
    // A refused resumption is forgotten: the next connection makes a full handshake.
    expect(cache.offer(key)).toBeNull();
    await expect(post(pinned(s.url, pin, cache))).resolves.toBe('secure');
    expect(s.seen.at(-1)?.reused).toBe(false);
  });

  it('checks the host name against the kept certificate on resumption (Node skips that check for a resumed session)', async () => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    const options = { tlsServerName: 'winrm.test.local' };
    await expect(post(pinned(s.url, caPolicy(), cache, options))).resolves.toBe('secure');
    const key = tlsSessionKey({ endpoint: new URL(s.url), serverName: 'winrm.test.local', route: { kind: 'direct' }, tls: caPolicy() });
    cache.keep(key, { session: cache.offer(key)!.session, certificate: new X509Certificate(other.certPem) });
    const resumed = pinned(s.url, caPolicy(), cache, options);
    await expect(post(resumed)).resolves.toBe('TLS_HOSTNAME_MISMATCH');
    await closeAll(s);
    expect(certificateHop(resumed)).toMatchObject({ resumed: true });
    expect(tlsHop(resumed)).toBeUndefined();
    expect(s.seen.slice(1).map((c) => [c.reused, c.bytes])).toEqual(s.seen.slice(1).map(() => [true, 0]));
  });

  it('keeps the session bytes out of hops, errors and the cache’s own dumps', async () => {
    const s = await server(version);
    const cache = new TlsSessionCache();
    const pin: TlsPolicy = { mode: 'pin', sha256: fixture.thumbprint };
    const first = pinned(s.url, pin, cache);
    await expect(post(first)).resolves.toBe('secure');
    const key = tlsSessionKey({ endpoint: new URL(s.url), route: { kind: 'direct' }, tls: pin });
    const session = cache.offer(key)!.session;
    cache.keep(key, { session, certificate: new X509Certificate(other.certPem) });
    const refused = pinned(s.url, pin, cache);
    let error: unknown;
    await refused.connection.exchange({ headers: {}, body: 'ping', headersTimeoutMs: 5000 }).catch((e: unknown) => (error = e));
    const dumps = [inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), JSON.stringify([...first.hops, ...refused.hops]), inspect(cache, { depth: null, showHidden: true }), JSON.stringify(cache)];
    const forms = [session.toString('hex').slice(40, 80), session.toString('base64').slice(30, 60)];
    for (const dump of dumps) for (const form of forms) expect(dump).not.toContain(form);
    expect(error).toMatchObject({ code: 'TLS_PIN_MISMATCH' });
  });
});
