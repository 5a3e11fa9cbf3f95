import { randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RENDERER_CSP } from '../../shared/csp.ts';
import { contract } from '../../shared/ipc/contract.ts';
import { createDispatcher, type IpcLogEntry } from '../../electron/ipc/dispatcher.ts';
import { createHandlers, type Caller, type Services } from '../../electron/ipc/handlers.ts';
import { PortMux } from './port-mux.ts';
import type { HarnessAssets } from './build.ts';

export interface Harness {
  /** The page URL, with the per-run token in its fragment. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly ipcLog: readonly IpcLogEntry[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const SHIM_PATH = '/__harness/shim.js';
const IPC_PATH = '/__harness/ipc';

interface Connection {
  readonly verified: boolean;
  readonly owner: PortMux;
}

/**
 * The browser test harness (test/dev only, never packaged): the real IPC handlers behind the same
 * dispatcher Electron uses, reached over a loopback WebSocket that only a page from this server
 * holding this run's token may open.
 */
export interface HarnessOptions {
  /** Appends every IPC response, one JSON line each, to this file. */
  readonly transcript?: string;
}

export async function startHarness(assets: HarnessAssets, services: Services, options: HarnessOptions = {}): Promise<Harness> {
  const transcript = options.transcript;
  const token = randomBytes(24).toString('base64url');
  const ipcLog: IpcLogEntry[] = [];
  const dispatcher = createDispatcher<typeof contract, Connection, Caller | undefined>({
    contract,
    handlers: createHandlers(services),
    isTrustedSender: (connection) => connection.verified,
    callerOf: (connection) => ({ owner: connection.owner }),
    log: (entry) => ipcLog.push(entry),
  });

  const server = http.createServer((request, response) => {
    void serveFile(assets, request.url ?? '/', response);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const offered = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(token);
    const tokenOk = offered.length === expected.length && timingSafeEqual(offered, expected);
    if (url.pathname !== IPC_PATH || request.headers.origin !== origin || !tokenOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const owner = new PortMux(ws);
      // A closed or reloaded page takes its shell tabs with it, as a closed window does.
      ws.on('close', () => {
        owner.closeAll();
        void services.tabs.closeOwner(owner.id);
      });
      serveIpc(ws, owner, transcript, async (channel, payload) => {
        const result = await dispatcher.dispatch(channel, { verified: true, owner }, payload);
        if (transcript) await appendFile(transcript, `${JSON.stringify({ channel, result })}\n`);
        return result;
      });
    });
  });

  return {
    url: `${origin}/#harness-token=${token}`,
    origin,
    token,
    ipcLog,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveIpc(ws: WebSocket, owner: PortMux, transcript: string | undefined, dispatch: (channel: string, payload: unknown) => Promise<unknown>): void {
  ws.on('message', (data) => {
    let message: { id?: unknown; channel?: unknown; payload?: unknown; port?: unknown; frame?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      ws.close(1007, 'not JSON');
      return;
    }
    if (typeof message === 'object' && message !== null && typeof message.port === 'string') {
      // Input and acknowledgements of a shell tab, as a MessagePort would carry them.
      if (transcript) void appendFile(transcript, `${JSON.stringify({ port: message.port, frame: message.frame })}\n`);
      owner.deliver(message.port, message.frame);
      return;
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'number' || typeof message.channel !== 'string') {
      ws.close(1008, 'not an IPC message');
      return;
    }
    const { id, channel, payload } = message;
    void dispatch(channel, payload).then((result) => ws.send(JSON.stringify({ id, result })));
  });
}

async function serveFile(assets: HarnessAssets, rawUrl: string, response: http.ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(rawUrl, 'http://harness').pathname);
  const root = path.resolve(assets.rendererDir);
  const file = pathname === SHIM_PATH ? assets.shimFile : path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (file !== assets.shimFile && !file.startsWith(root + path.sep)) {
    response.writeHead(404).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    response.writeHead(404).end();
    return;
  }
  if (file.endsWith('index.html')) {
    // A classic script in <head> runs before the deferred app module: the API exists when the app starts.
    body = Buffer.from(body.toString('utf8').replace('<head>', `<head>\n    <script src="${SHIM_PATH}"></script>`));
  }
  response.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': RENDERER_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}
