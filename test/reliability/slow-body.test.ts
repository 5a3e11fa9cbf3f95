import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PinnedConnection } from '../../electron/http/pinned-connection.ts';

// Issue 11, item 3: undici's bodyTimeout is the longest gap between two chunks, so a body sent one
// byte a second never trips it and `exec` waited forever. The connection's overall deadline
// (headers and body) ends it with TIMEOUT, and the next request gets a new socket.

let server: http.Server;
let port: number;
const trickles = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // Headers at once, then the body a byte a second: never a gap long enough for a body timeout.
      res.writeHead(200, { 'content-type': 'application/soap+xml', 'content-length': '1000' });
      const timer = setInterval(() => res.write('x'), 1000);
      trickles.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        trickles.delete(timer);
      });
    });
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const timer of trickles) clearInterval(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('a body sent one byte a second', { timeout: 20_000 }, () => {
  it('ends with TIMEOUT once headers and body together pass the deadline, and the next request uses a new socket', async () => {
    const connection = new PinnedConnection({ endpoint: new URL(`http://127.0.0.1:${port}/slow`), tls: { mode: 'system' }, bodyAllowanceMs: 1500 });
    try {
      const started = performance.now();
      const failure = await connection.exchange({ headers: {}, body: '<s:Envelope/>', headersTimeoutMs: 1500 }).then(
        () => null,
        (error: unknown) => error as { code?: string; message: string },
      );
      const tookMs = performance.now() - started;
      expect(failure?.code).toBe('TIMEOUT');
      expect(failure?.message).toMatch(/did not send its whole answer \(headers and body\) within 3 s; the connection was dropped\.$/);
      // The per-chunk body timeout (1.5 s here) never fires on a byte a second; the deadline (3 s) does.
      expect(tookMs).toBeGreaterThan(2900);
      expect(tookMs).toBeLessThan(6000);
      const before = connection.generation;
      await expect(connection.exchange({ headers: {}, body: '', headersTimeoutMs: 500 })).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(connection.generation).toBe(before + 1);
    } finally {
      await connection.close();
    }
  });

  it('is cut off by close within the close grace, so closing never waits on it', async () => {
    const connection = new PinnedConnection({ endpoint: new URL(`http://127.0.0.1:${port}/slow`), tls: { mode: 'system' } });
    // Neither timeout can fire within this test: only the close can end the request.
    const pending = connection.exchange({ headers: {}, body: '', headersTimeoutMs: 10_000 }).catch((error: { code: string; message: string }) => error);
    // Closing cuts the request off after the close grace, whatever the server does.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await connection.close();
    expect(performance.now() - started).toBeLessThan(2000);
    await expect(pending).resolves.toMatchObject({ code: 'CONNECTION_LOST' });
  });
});
