import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopEvent } from '../../electron/http/hops.ts';
import { PinnedConnection } from '../../electron/http/pinned-connection.ts';

// Faults: DNS failure. This machine's resolver is not on loopback (and the tests may only talk to
// loopback), so no test here asks a DNS server anything: the connection takes its name lookup by
// injection (`lookup`, used by net.connect; the system's getaddrinfo by default), and these lookups
// fail exactly as getaddrinfo reports it through Node (code ENOTFOUND or EAI_AGAIN, syscall
// getaddrinfo) — or answer 127.0.0.1, to show the injected lookup is the one net.connect uses.

type Failure = 'ENOTFOUND' | 'EAI_AGAIN';
// libuv's numbers for getaddrinfo's EAI_NONAME and EAI_AGAIN, as Node's dns.lookup reports them.
const ERRNO: Record<Failure, number> = { ENOTFOUND: -3008, EAI_AGAIN: -3001 };

function failingLookup(code: Failure, asked: string[]): LookupFunction {
  return (hostname, _options, callback) => {
    asked.push(hostname);
    const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, errno: ERRNO[code], syscall: 'getaddrinfo', hostname });
    process.nextTick(() => (callback as (error: NodeJS.ErrnoException) => void)(error));
  };
}

/** Every name is 127.0.0.1, answered in the shape net.connect asks for (one address, or all of them). */
function loopbackLookup(asked: string[]): LookupFunction {
  return (hostname, options, callback) => {
    asked.push(hostname);
    const all = (options as { all?: boolean }).all === true;
    process.nextTick(() => (all ? (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
  };
}

let server: http.Server;
let port: number;
let served = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    served++;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-length': '2' }).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (connection: PinnedConnection) => connection.exchange({ headers: { 'content-type': 'application/soap+xml' }, body: '<s:Envelope/>', headersTimeoutMs: 5000 });

describe('a host name that does not resolve', () => {
  it('defaults to the system resolver', async () => {
    // The seam changes nothing for the app: without `lookup`, net.connect resolves through
    // getaddrinfo. "localhost" is answered from this machine's hosts file, so no DNS server is asked.
    const hops: HopEvent[] = [];
    const connection = new PinnedConnection({ endpoint: new URL(`http://localhost:${port}/wsman`), tls: { mode: 'system' } });
    connection.onHop((hop) => hops.push(hop));
    try {
      await expect(post(connection)).resolves.toMatchObject({ status: 200 });
    } finally {
      await connection.close();
    }
    expect(hops.find((hop) => hop.stage === 'dns')?.detail).toMatch(/^localhost → (127\.0\.0\.1|::1)$/);
  });

  it('uses the injected lookup for the name (and connects where it points)', async () => {
    const asked: string[] = [];
    const hops: HopEvent[] = [];
    const connection = new PinnedConnection({ endpoint: new URL(`http://winrm.lab.test:${port}/wsman`), tls: { mode: 'system' }, lookup: loopbackLookup(asked) });
    connection.onHop((hop) => hops.push(hop));
    try {
      await expect(post(connection)).resolves.toMatchObject({ status: 200 });
    } finally {
      await connection.close();
    }
    expect(asked).toEqual(['winrm.lab.test']);
    expect(hops.find((hop) => hop.stage === 'dns')?.detail).toBe('winrm.lab.test → 127.0.0.1');
  });

  it.each([
    ['ENOTFOUND', /^The host name "dc01\.corp\.invalid" does not resolve \(ENOTFOUND\), so http:\/\/dc01\.corp\.invalid:5985 cannot be reached\. Check the spelling of the name, and that this machine's DNS servers know it\.$/],
    ['EAI_AGAIN', /^The host name "dc01\.corp\.invalid" could not be looked up: no DNS server answered \(EAI_AGAIN\), so http:\/\/dc01\.corp\.invalid:5985 cannot be reached\. Check this machine's network and DNS settings, then try again\.$/],
  ] as const)('getaddrinfo %s → HOST_NOT_FOUND naming the host and what to check; nothing is sent', async (code, message) => {
    const asked: string[] = [];
    const before = served;
    const connection = new PinnedConnection({ endpoint: new URL('http://dc01.corp.invalid:5985/wsman'), tls: { mode: 'system' }, lookup: failingLookup(code, asked) });
    try {
      const error = await post(connection).then(
        () => null,
        (e: unknown) => e as { code: string; message: string; cause?: { code?: string } },
      );
      expect(error).toMatchObject({ code: 'HOST_NOT_FOUND', cause: { code } });
      expect(error?.message).toMatch(message);
      // No socket was ever adopted, no byte left: the lookup was the only thing that happened.
      expect(connection.generation).toBe(0);
    } finally {
      await connection.close();
    }
    expect(asked).toEqual(['dc01.corp.invalid']);
    expect(served).toBe(before);
  });

  it('a forward proxy whose name does not resolve is named as the proxy', async () => {
    const asked: string[] = [];
    const connection = new PinnedConnection({
      endpoint: new URL(`http://127.0.0.1:${port}/wsman`),
      route: { kind: 'forward', proxy: { host: 'proxy.corp.invalid', port: 3128 } },
      tls: { mode: 'system' },
      lookup: failingLookup('ENOTFOUND', asked),
    });
    try {
      await expect(post(connection)).rejects.toMatchObject({
        code: 'HOST_NOT_FOUND',
        message: 'The host name "proxy.corp.invalid" does not resolve (ENOTFOUND), so the proxy proxy.corp.invalid:3128 cannot be reached. Check the spelling of the name, and that this machine\'s DNS servers know it.',
      });
    } finally {
      await connection.close();
    }
    expect(asked).toEqual(['proxy.corp.invalid']);
  });

  it('an IP address is never looked up', async () => {
    const asked: string[] = [];
    const connection = new PinnedConnection({ endpoint: new URL(`http://127.0.0.1:${port}/wsman`), tls: { mode: 'system' }, lookup: failingLookup('ENOTFOUND', asked) });
    try {
      await expect(post(connection)).resolves.toMatchObject({ status: 200 });
    } finally {
      await connection.close();
    }
    expect(asked).toEqual([]);
  });
});
