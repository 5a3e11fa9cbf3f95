import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBasicAuthenticator } from '../../../electron/auth/basic.ts';
import { RemoteShell } from '../../../electron/sessions/remote-shell.ts';
import { Session } from '../../../electron/sessions/session.ts';
import { CREATE_RESPONSE_2012, fault } from '../winrm/fixtures.ts';

// A server that answers WinRM requests badly in every way a broken or hostile endpoint (or a proxy
// in front of it) can. Each answer must become a coded error: no crash, no hang.
type Answer = (messageId: string, res: http.ServerResponse) => void;

const SOAP = { 'content-type': 'application/soap+xml;charset=UTF-8' };
const answers: Record<string, Answer> = {
  malformed: (_id, res) => res.writeHead(200, SOAP).end('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><unclosed></s:Body>'),
  unknownFault: (id, res) => res.writeHead(500, SOAP).end(fault(id, '2150899999', 'w:SomethingNew', 'A fault no client knows.')),
  truncatedXml: (id, res) => res.writeHead(200, SOAP).end(CREATE_RESPONSE_2012(id).slice(0, 400)),
  truncatedBody: (id, res) => {
    const body = CREATE_RESPONSE_2012(id);
    res.writeHead(200, { ...SOAP, 'content-length': String(body.length) });
    res.write(body.slice(0, 200));
    res.socket?.destroy();
  },
  html500: (_id, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body><h1>Internal Server Error</h1></body></html>'),
  wrongRelatesTo: (_id, res) => res.writeHead(200, SOAP).end(CREATE_RESPONSE_2012('uuid:00000000-0000-4000-8000-000000000000')),
  notSoap200: (_id, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'),
  proxyError502: (_id, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'),
  shellNotFound: (id, res) => res.writeHead(500, SOAP).end(fault(id, '2150858843', 'w:InvalidSelectors', 'The shell was not found on the server.')),
};

let server: http.Server;
let port: number;
let mode = 'malformed';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const messageId = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(body)?.[1] ?? '';
      answers[mode]!(messageId, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function openShellAgainst(answer: string): Promise<string> {
  mode = answer;
  const session = new Session({
    endpoint: new URL(`http://127.0.0.1:${port}/wsman`),
    tls: { mode: 'system' },
    // Plain HTTP with Basic is allowed here only because the test says the server accepts it.
    authenticator: () => createBasicAuthenticator({ userName: 'u', password: 'p' }, { allowUnencryptedHttp: true }),
    operationTimeoutSec: 5,
  });
  try {
    await RemoteShell.open(session);
    return 'no error';
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  } finally {
    await session.close();
  }
}

describe('a WinRM endpoint that answers badly', () => {
  it.each([
    ['malformed XML', 'malformed', /^MALFORMED_RESPONSE: /],
    ['a fault with an unknown code', 'unknownFault', /^WSMAN_FAULT: WSManFault 2150899999: A fault no client knows\.$/],
    ['a truncated XML document', 'truncatedXml', /^MALFORMED_RESPONSE: /],
    ['a body cut off by a closed connection', 'truncatedBody', /^CONNECTION_LOST: /],
    ['an HTTP 500 HTML page', 'html500', /^HTTP_ERROR: .*HTTP 500 \(text\/html\)/],
    ['a RelatesTo naming another message', 'wrongRelatesTo', /^PROTOCOL_ERROR: /],
    ['a 200 that is not SOAP', 'notSoap200', /^MALFORMED_RESPONSE: /],
    ['a proxy’s 502 page', 'proxyError502', /^HTTP_ERROR: .*HTTP 502/],
    ['a missing shell', 'shellNotFound', /^SHELL_NOT_FOUND: /],
  ])('%s gives a coded error', async (_label, answer, expected) => {
    await expect(openShellAgainst(answer)).resolves.toMatch(expected);
  });
});
