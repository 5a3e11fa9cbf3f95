import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as tlsServer } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PinnedConnection, type ConnectionEvent } from '../../../electron/http/pinned-connection.ts';
import { normalizeThumbprint } from '../../../electron/http/tls-policy.ts';
import { makeTlsFixture, type TlsFixture } from '../../support/tls-fixture.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, connectionNumber: number) => void;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function listen(server: http.Server | https.Server, handler: Handler): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const numbers = new WeakMap<Socket, number>();
  server.on('connection', (socket: Socket) => numbers.set(socket, ++connections));
  server.on('secureConnection', (socket: Socket) => numbers.set(socket, connections));
  server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, numbers.get(req.socket) ?? connections));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}

function connection(url: string, options: Partial<ConstructorParameters<typeof PinnedConnection>[0]> = {}): PinnedConnection {
  const c = new PinnedConnection({ endpoint: new URL(url), tls: { mode: 'system' }, ...options });
  cleanups.push(() => c.close());
  return c;
}

const post = (c: PinnedConnection, headersTimeoutMs = 5000) => c.exchange({ headers: { 'content-type': 'text/plain' }, body: 'ping', headersTimeoutMs });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('PinnedConnection over HTTP', () => {
  it('hands a body with a declared length to onBodyArrived as it comes, growing in one buffer that becomes the body', async () => {
    const pieces = ['aaaa', 'bbbbbb', 'cc', 'dddddddd'];
    const total = pieces.join('').length;
    const server = await listen(http.createServer(), (_req, res) => {
      res.writeHead(200, { 'content-length': String(total), 'content-type': 'text/plain' });
      let next = 0;
      const write = () => {
        if (next === pieces.length) return res.end();
        res.write(pieces[next++]);
        setTimeout(write, 20);
      };
      write();
    });
    const c = connection(`http://127.0.0.1:${server.port}/wsman`);
    const seen: Array<{ length: number; text: string; buffer: ArrayBuffer }> = [];
    const reply = await c.exchange({
      headers: { 'content-type': 'text/plain' },
      body: 'ping',
      headersTimeoutMs: 5000,
      onBodyArrived: (arrived, headers) => {
        expect(headers['content-type']).toBe('text/plain');
        seen.push({ length: arrived.length, text: arrived.toString(), buffer: arrived.buffer as ArrayBuffer });
        // Changed where it lies: what comes back is the body as changed.
        arrived.write(arrived.toString().toUpperCase());
      },
    });
    expect(reply.body.toString()).toBe(pieces.join('').toUpperCase());
    // Each call sees everything so far from the first byte, in the same buffer as the reply's body.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.map((s) => s.length)).toEqual([...seen.map((s) => s.length)].sort((a, b) => a - b));
    expect(seen.at(-1)!.length).toBe(total);
    expect(seen.every((s) => s.buffer === reply.body.buffer)).toBe(true);
    expect(seen[1]!.text.startsWith('AAAA')).toBe(true);
  });

  it('keeps one TCP connection for many requests (generation stays 1)', async () => {
    const server = await listen(http.createServer(), (_req, res, n) => res.end(`conn ${n}`));
    const c = connection(`http://127.0.0.1:${server.port}/wsman`);
    const replies = [await post(c), await post(c), await post(c)];
    expect(replies.map((r) => [r.status, r.body.toString(), r.generation])).toEqual([
      [200, 'conn 1', 1],
      [200, 'conn 1', 1],
      [200, 'conn 1', 1],
    ]);
    expect(server.connections()).toBe(1);
  });

  it('reports a new generation, and the close/open events, when the server drops the connection', async () => {
    const server = await listen(http.createServer(), (_req, res, n) => {
      res.setHeader('Connection', 'close');
      res.end(`conn ${n}`);
    });
    const c = connection(`http://127.0.0.1:${server.port}/wsman`);
    const events: ConnectionEvent[] = [];
    c.onEvent((e) => events.push(e));
    const first = await post(c);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.isOpen).toBe(false);
    const second = await post(c);
    expect([first.generation, second.generation]).toEqual([1, 2]);
    expect([first.body.toString(), second.body.toString()]).toEqual(['conn 1', 'conn 2']);
    expect(events.slice(0, 3)).toEqual([
      { kind: 'open', generation: 1 },
      { kind: 'close', generation: 1 },
      { kind: 'open', generation: 2 },
    ]);
  });

  it('serializes concurrent exchanges on its one connection', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await listen(http.createServer(), (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 20);
    });
    const c = connection(`http://127.0.0.1:${server.port}/wsman`);
    await Promise.all([post(c), post(c), post(c)]);
    expect(maxInFlight).toBe(1);
    expect(server.connections()).toBe(1);
  });

  it('gives TIMEOUT when headers do not come in time', async () => {
    const server = await listen(http.createServer(), () => {});
    const c = connection(`http://127.0.0.1:${server.port}/wsman`);
    await expect(codeOf(post(c, 200))).resolves.toBe('TIMEOUT');
  });

  it('gives CONNECTION_REFUSED when nothing listens', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    await expect(codeOf(post(connection(`http://127.0.0.1:${port}/wsman`)))).resolves.toBe('CONNECTION_REFUSED');
  });

  it('refuses a response larger than its limit', async () => {
    const server = await listen(http.createServer(), (_req, res) => res.end(Buffer.alloc(4096)));
    const c = connection(`http://127.0.0.1:${server.port}/wsman`, { maxResponseBytes: 1024 });
    await expect(codeOf(post(c))).resolves.toBe('MALFORMED_RESPONSE');
  });

  it('reads a body sent in many pieces, with a Content-Length or chunked, byte for byte', async () => {
    const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 0xff));
    const server = await listen(http.createServer(), (req, res) => {
      if (req.url?.endsWith('length')) res.setHeader('Content-Length', body.length);
      let at = 0;
      const next = () => {
        if (at >= body.length) return void res.end();
        res.write(body.subarray(at, (at += 7_001)));
        setImmediate(next);
      };
      next();
    });
    for (const path of ['length', 'chunked']) {
      const c = connection(`http://127.0.0.1:${server.port}/wsman/${path}`);
      const reply = await post(c);
      expect(reply.headers['content-length'] !== undefined).toBe(path === 'length');
      expect(reply.body.equals(body)).toBe(true);
    }
  });

  it('refuses a response larger than its limit however it declares its length', async () => {
    const server = await listen(http.createServer(), (req, res) => {
      if (req.url?.endsWith('length')) res.setHeader('Content-Length', 4096);
      res.write(Buffer.alloc(1000));
      setImmediate(() => res.end(Buffer.alloc(3096)));
    });
    for (const path of ['length', 'chunked']) {
      const c = connection(`http://127.0.0.1:${server.port}/wsman/${path}`, { maxResponseBytes: 2048 });
      await expect(codeOf(post(c))).resolves.toBe('MALFORMED_RESPONSE');
    }
  });
});

describe('PinnedConnection over HTTPS', () => {
  let tls: TlsFixture;
  let port: number;
  beforeAll(() => {
    tls = makeTlsFixture(['winrm.test.local', '127.0.0.1']);
  });
  const startTlsServer = async () => {
    const server = await listen(https.createServer({ cert: tls.certPem, key: tls.keyPem }), (_req, res) => res.end('secure'));
    port = server.port;
  };

  it('trusts a server whose CA is given and exposes its certificate', async () => {
    await startTlsServer();
    const c = connection(`https://127.0.0.1:${port}/wsman`, { tls: { mode: 'ca', caPem: tls.caPem } });
    const reply = await post(c);
    expect(reply.body.toString()).toBe('secure');
    expect(c.peerCertificate?.fingerprint256.replace(/:/g, '')).toBe(tls.thumbprint);
  });

  it('checks the certificate against the TLS server name when it differs from the address', async () => {
    await startTlsServer();
    const c = connection(`https://127.0.0.1:${port}/wsman`, { tls: { mode: 'ca', caPem: tls.caPem }, tlsServerName: 'winrm.test.local' });
    await expect(post(c)).resolves.toMatchObject({ status: 200 });
    const wrong = connection(`https://127.0.0.1:${port}/wsman`, { tls: { mode: 'ca', caPem: tls.caPem }, tlsServerName: 'other.test.local' });
    await expect(codeOf(post(wrong))).resolves.toBe('TLS_HOSTNAME_MISMATCH');
  });

  it('gives TLS_UNTRUSTED for an unknown CA with system trust', async () => {
    await startTlsServer();
    await expect(codeOf(post(connection(`https://127.0.0.1:${port}/wsman`)))).resolves.toBe('TLS_UNTRUSTED');
  });

  it('accepts the pinned thumbprint and refuses any other', async () => {
    await startTlsServer();
    const pinned = connection(`https://127.0.0.1:${port}/wsman`, { tls: { mode: 'pin', sha256: normalizeThumbprint(tls.thumbprint.toLowerCase()) } });
    await expect(post(pinned)).resolves.toMatchObject({ status: 200 });
    const other = connection(`https://127.0.0.1:${port}/wsman`, { tls: { mode: 'pin', sha256: 'A'.repeat(64) } });
    await expect(codeOf(post(other))).resolves.toBe('TLS_PIN_MISMATCH');
  });

  it('connects without verification only in insecure mode', async () => {
    await startTlsServer();
    await expect(post(connection(`https://127.0.0.1:${port}/wsman`, { tls: { mode: 'insecure' } }))).resolves.toMatchObject({ status: 200 });
  });

  it('gives TLS_FAILED when the port speaks plain HTTP', async () => {
    const plain = await listen(http.createServer(), (_req, res) => res.end('plain'));
    await expect(codeOf(post(connection(`https://127.0.0.1:${plain.port}/wsman`, { tls: { mode: 'insecure' } })))).resolves.toBe('TLS_FAILED');
  });
});

// The certificate verdict is taken after the handshake (so the refused certificate can be shown):
// a refused one must still see no byte of HTTP. A raw TLS server counts what arrives after the handshake.
describe('PinnedConnection refusing a certificate', () => {
  let tls: TlsFixture;
  let otherCa: TlsFixture;
  beforeAll(() => {
    tls = makeTlsFixture(['winrm.test.local', '127.0.0.1']);
    otherCa = makeTlsFixture(['127.0.0.1']);
  });

  async function countingServer(): Promise<{ url: string; bytes: () => number; closed: () => Promise<unknown> }> {
    let bytes = 0;
    const closes: Array<Promise<void>> = [];
    const server = tlsServer({ cert: tls.certPem, key: tls.keyPem }, (socket) => {
      socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    });
    // The client hangs up on a refused certificate, often before this side has finished its handshake.
    server.on('tlsClientError', () => undefined);
    // What the client wrote has been read by the time its TCP connection has closed.
    server.on('connection', (raw: Socket) => closes.push(new Promise((resolve) => raw.on('close', () => resolve()))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/wsman`, bytes: () => bytes, closed: () => Promise.all(closes) };
  }

  type Options = Partial<ConstructorParameters<typeof PinnedConnection>[0]>;
  it.each<[string, () => Options, string]>([
    ['system trust, unknown CA', () => ({ tls: { mode: 'system' } }), 'TLS_UNTRUSTED'],
    ['another CA file', () => ({ tls: { mode: 'ca', caPem: otherCa.caPem } }), 'TLS_UNTRUSTED'],
    ['the right CA, another name', () => ({ tls: { mode: 'ca', caPem: tls.caPem }, tlsServerName: 'other.test.local' }), 'TLS_HOSTNAME_MISMATCH'],
    ['another pinned thumbprint', () => ({ tls: { mode: 'pin', sha256: 'A'.repeat(64) } }), 'TLS_PIN_MISMATCH'],
  ])('%s: refused after the handshake, before the TLS step passes, with nothing written', async (_name, options, code) => {
    const server = await countingServer();
    const hops: string[] = [];
    const c = connection(server.url, options());
    c.onHop((hop) => hops.push(hop.stage));
    await expect(codeOf(post(c))).resolves.toBe(code);
    await server.closed();
    expect(hops).toContain('certificate');
    expect(hops).not.toContain('tls');
    expect(server.bytes()).toBe(0);
  });

  it('writes the request once the certificate is accepted (insecure mode), so the counter can see one', async () => {
    const server = await countingServer();
    await expect(codeOf(post(connection(server.url, { tls: { mode: 'insecure' } }), 300))).resolves.toBe('TIMEOUT');
    expect(server.bytes()).toBeGreaterThan(0);
  });
});
