import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RemoteShell } from '../../electron/sessions/remote-shell.ts';
import type { Session } from '../../electron/sessions/session.ts';
import { NS } from '../../electron/winrm/namespaces.ts';
import { CREATE_RESPONSE_2012, envelope } from '../electron/winrm/fixtures.ts';
import { COMMAND_ID, HostileWinrmServer, sessionOn, type Answer } from './hostile-winrm-server.ts';

// The real client (Session, RemoteShell, RemoteCommand over Basic on plain HTTP) against a loopback
// server whose replies are hostile in the ways issue 11 found (items 4 and 11): each must end in a
// coded error, soon, without the process's memory growing by more than a bounded amount.

const MiB = 1024 * 1024;
/** Generous: the whole reply must still cross loopback and be refused; the quadratic or DOM-building client took 30 s and more. */
const WITHIN_MS = 10_000;
/** Generous: a 60 MB reply is buffered (the byte cap holds at 64 MiB) before it is refused; building its DOM took 2.9 GiB. */
const RSS_GROWTH_LIMIT = 300 * MiB;

let server: HostileWinrmServer;
const sessions: Session[] = [];

beforeAll(async () => {
  server = await HostileWinrmServer.start();
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  server.reset();
});

afterAll(async () => {
  await server.close();
});

function sessionFor(): Session {
  const session = sessionOn(server);
  sessions.push(session);
  return session;
}

interface Measured {
  readonly error: string;
  readonly ms: number;
  readonly rssGrowth: number;
}

/** Runs `action` to its failure, with the time it took and the peak growth of the process's RSS. */
async function measure(action: () => Promise<unknown>): Promise<Measured> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  let error = 'no error';
  try {
    await action();
  } catch (caught) {
    error = `${(caught as { code?: string }).code}: ${(caught as Error).message}`;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { error, ms, rssGrowth: peak - before };
}

/** Writes `unit` `count` times between `prefix` and `suffix`, a megabyte at a time, minding back-pressure. */
function streamSoap(res: http.ServerResponse, prefix: string, unit: string, count: number, suffix: string): void {
  const perBlock = Math.max(1, Math.floor(MiB / unit.length));
  const block = Buffer.from(unit.repeat(perBlock));
  const length = Buffer.byteLength(prefix) + unit.length * count + Buffer.byteLength(suffix);
  res.writeHead(200, { 'content-type': 'application/soap+xml;charset=UTF-8', 'content-length': String(length) });
  res.write(prefix);
  let left = count;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, perBlock);
      left -= n;
      if (!res.write(n === perBlock ? block : block.subarray(0, n * unit.length))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(suffix);
  };
  pump();
}

/** Writes raw bytes as the whole HTTP response, then closes the socket. */
const raw =
  (bytes: () => Buffer | string): Answer =>
  (_req, res) => {
    res.socket!.end(bytes());
  };

/** The text of a reply envelope before and after its Body's content. */
function around(action: string, relatesTo: string): { before: string; after: string } {
  const [before = '', after = ''] = envelope(action, relatesTo, '\u0000').split('\u0000');
  return { before, after };
}
const RECEIVE = `${NS.shell}/ReceiveResponse`;

describe('hostile replies to the real client', () => {
  it('2 million nested elements (14 MB) in a Create reply: MALFORMED_RESPONSE, bounded (before: 33 s, 2.7 GiB)', async () => {
    const levels = 2_000_000;
    server.answer({
      Create: (req, res) => {
        const { before, after } = around('http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse', req.messageId);
        streamSoap(res, before, '<a>', levels, '</a>'.repeat(levels) + after);
      },
    });
    const result = await measure(() => RemoteShell.open(sessionFor()));
    expect(result.error).toMatch(/^MALFORMED_RESPONSE: .*more than 64 levels deep/);
    expect(result.ms).toBeLessThan(WITHIN_MS);
    expect(result.rssGrowth).toBeLessThan(RSS_GROWTH_LIMIT);
  }, 120_000);

  it('1.4 million Stream elements (60 MB) in a Receive reply: MALFORMED_RESPONSE, bounded (before: 31 s, 2.1 GiB)', async () => {
    const unit = '<rsp:Stream Name="stdout">QUJD</rsp:Stream>';
    server.answer({
      Receive: (req, res) => {
        const { before, after } = around(RECEIVE, req.messageId);
        streamSoap(res, `${before}<rsp:ReceiveResponse>`, unit, 1_400_000, `</rsp:ReceiveResponse>${after}`);
      },
    });
    const shell = await RemoteShell.open(sessionFor());
    const result = await measure(async () => (await shell.run('x')).exitCode);
    expect(unit.length * 1_400_000).toBeGreaterThan(60_000_000);
    expect(result.error).toMatch(/^MALFORMED_RESPONSE: .*more than 50000 elements/);
    expect(result.ms).toBeLessThan(WITHIN_MS);
    expect(result.rssGrowth).toBeLessThan(RSS_GROWTH_LIMIT);
  }, 120_000);

  it.each([
    ['a header line of 100 KB', raw(() => `HTTP/1.1 200 OK\r\nX-Filler: ${'a'.repeat(100_000)}\r\nContent-Length: 0\r\n\r\n`), /^MALFORMED_RESPONSE: .*headers larger than/],
    ['20 000 header lines', raw(() => `HTTP/1.1 200 OK\r\n${'X-A: b\r\n'.repeat(20_000)}Content-Length: 0\r\n\r\n`), /^MALFORMED_RESPONSE: .*headers larger than/],
    ['a body shorter than its Content-Length', raw(() => `HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nConnection: close\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(100)}`), /^MALFORMED_RESPONSE: .*differs from its Content-Length/],
    ['two different Content-Lengths', raw(() => 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'), /^MALFORMED_RESPONSE: /],
    ['a status line that is not HTTP', raw(() => 'HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n'), /^MALFORMED_RESPONSE: .*not valid HTTP\/1\.1 \(Invalid status code\)/],
    ['a header without a colon', raw(() => 'HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n'), /^MALFORMED_RESPONSE: /],
  ])('%s: MALFORMED_RESPONSE, not CONNECTION_LOST', async (_label, answer, expected) => {
    server.answer({ Create: answer });
    const result = await measure(() => RemoteShell.open(sessionFor()));
    expect(result.error).toMatch(expected);
    expect(result.ms).toBeLessThan(WITHIN_MS);
  });
});

describe('entities in a reply are neither expanded nor fetched', () => {
  let canary: http.Server;
  let canaryHits = 0;
  let canaryUrl = '';

  beforeAll(async () => {
    canary = http.createServer((_req, res) => {
      canaryHits++;
      res.end('<a>leaked</a>');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/entity`;
  });

  afterAll(async () => {
    await new Promise((resolve) => canary.close(resolve));
  });

  const soapReply =
    (xml: (messageId: string) => string): Answer =>
    (req, res) => {
      const body = xml(req.messageId);
      res.writeHead(200, { 'content-type': 'application/soap+xml;charset=UTF-8', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    };
  const withShellId = (messageId: string, shellId: string) => CREATE_RESPONSE_2012(messageId).replace(/A1B2C3D4-0000-4000-8000-00000000BEEF/g, shellId);

  it.each([
    ['an external entity', (id: string) => `<!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "${canaryUrl}">]>${withShellId(id, '&xxe;')}`],
    ['an external DTD', (id: string) => `<!DOCTYPE s:Envelope SYSTEM "${canaryUrl}">${CREATE_RESPONSE_2012(id)}`],
    ['a parameter entity', (id: string) => `<!DOCTYPE s:Envelope [<!ENTITY % p SYSTEM "${canaryUrl}"> %p;]>${CREATE_RESPONSE_2012(id)}`],
    ['billion laughs', (id: string) => `<!DOCTYPE s:Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>${withShellId(id, '&d;')}`],
    ['an undeclared entity', (id: string) => withShellId(id, '&xxe;')],
  ])('%s: MALFORMED_RESPONSE', async (_label, xml) => {
    server.answer({ Create: soapReply(xml) });
    const result = await measure(() => RemoteShell.open(sessionFor()));
    expect(result.error).toMatch(/^MALFORMED_RESPONSE: /);
    expect(result.ms).toBeLessThan(WITHIN_MS);
    expect(canaryHits).toBe(0);
  });

  it('the predefined entities and character references are still read', async () => {
    server.answer({ Create: soapReply((id) => withShellId(id, 'A&amp;B&#x3C;&#67;')) });
    expect((await RemoteShell.open(sessionFor())).id).toBe('A&B<C');
  });
});

// The receive reply the Stream test builds on must be one the client reads when it is small.
it('reads a small Receive reply built the same way', async () => {
  const unit = `<rsp:Stream Name="stdout" CommandId="${COMMAND_ID}">QUJD</rsp:Stream>`;
  server.answer({
    Receive: (req, res) => {
      const { before, after } = around(RECEIVE, req.messageId);
      const state = `<rsp:CommandState CommandId="${COMMAND_ID}" State="${NS.shell}/CommandState/Done"><rsp:ExitCode>7</rsp:ExitCode></rsp:CommandState>`;
      streamSoap(res, `${before}<rsp:ReceiveResponse>`, unit, 3, `${state}</rsp:ReceiveResponse>${after}`);
    },
  });
  const command = await (await RemoteShell.open(sessionFor())).run('x');
  const chunks: Buffer[] = [];
  command.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await expect(command.exitCode).resolves.toBe(7);
  expect(Buffer.concat(chunks).toString()).toBe('ABCABCABC');
});
