import http from 'node:http';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createBasicAuthenticator } from '../../electron/auth/basic.ts';
import { Session } from '../../electron/sessions/session.ts';
import { CREATE_RESPONSE_2012, envelope, fault } from '../electron/winrm/fixtures.ts';

// A WinRM endpoint on loopback (plain HTTP; clients use Basic with encryption `never`) that answers
// Create, Command, Send, Signal and Delete as Windows does, and whatever a test says for any of them:
// a Receive that comes back at once with nothing, a fault message full of escape sequences, a body
// sent one byte a second, a Delete that never comes. Every request is counted by its action.

export type WinrsAction = 'Create' | 'Command' | 'Send' | 'Receive' | 'Signal' | 'Delete';

export interface WinrsRequest {
  readonly action: WinrsAction;
  readonly messageId: string;
  readonly body: string;
  /** How many requests of this action came before this one. */
  readonly index: number;
}

/** Answers one request; `res` may be left open (an answer that never comes). */
export type Answer = (request: WinrsRequest, res: http.ServerResponse) => void;

export const SHELL_ID = 'A1B2C3D4-0000-4000-8000-00000000BEEF';
export const COMMAND_ID = '5F3E1C2A-0000-4000-8000-00000000CAFE';

const SOAP = { 'content-type': 'application/soap+xml;charset=UTF-8' };
const SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell';

export function soap(res: http.ServerResponse, xml: string, status = 200): void {
  res.writeHead(status, { ...SOAP, 'content-length': String(Buffer.byteLength(xml)) }).end(xml);
}

export function receiveResponse(relatesTo: string, options: { stdout?: string; exitCode?: number } = {}): string {
  const stream = options.stdout === undefined ? '' : `<rsp:Stream Name="stdout" CommandId="${COMMAND_ID}">${Buffer.from(options.stdout).toString('base64')}</rsp:Stream>`;
  const state =
    options.exitCode === undefined
      ? `<rsp:CommandState CommandId="${COMMAND_ID}" State="${SHELL}/CommandState/Running"/>`
      : `<rsp:CommandState CommandId="${COMMAND_ID}" State="${SHELL}/CommandState/Done"><rsp:ExitCode>${options.exitCode}</rsp:ExitCode></rsp:CommandState>`;
  return envelope(`${SHELL}/ReceiveResponse`, relatesTo, `<rsp:ReceiveResponse>${stream}${state}</rsp:ReceiveResponse>`);
}

export const operationTimeoutFault = (relatesTo: string) => fault(relatesTo, '2150858793', 'w:TimedOut', 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.');

/** Answers that tests combine. */
export const answers = {
  /** A Receive with no output and the command still running, at once. */
  emptyReceive: ((req, res) => soap(res, receiveResponse(req.messageId))) as Answer,
  /** The OperationTimeout fault, at once (a poll that should have waited). */
  timedOutAtOnce: ((req, res) => soap(res, operationTimeoutFault(req.messageId), 500)) as Answer,
  /** Never answered. */
  never: (() => undefined) as Answer,
  exitWith:
    (exitCode: number, stdout?: string): Answer =>
    (req, res) =>
      soap(res, receiveResponse(req.messageId, { exitCode, ...(stdout === undefined ? {} : { stdout }) })),
  fault:
    (code: string, message: string): Answer =>
    (req, res) =>
      soap(res, fault(req.messageId, code, 'w:InternalError', message), 500),
} as const;

function defaultAnswer(request: WinrsRequest, res: http.ServerResponse): void {
  const id = request.messageId;
  switch (request.action) {
    case 'Create':
      return soap(res, CREATE_RESPONSE_2012(id));
    case 'Command':
      return soap(res, envelope(`${SHELL}/CommandResponse`, id, `<rsp:CommandResponse><rsp:CommandId>${COMMAND_ID}</rsp:CommandId></rsp:CommandResponse>`));
    case 'Send':
      return soap(res, envelope(`${SHELL}/SendResponse`, id, '<rsp:SendResponse/>'));
    case 'Signal':
      return soap(res, envelope(`${SHELL}/SignalResponse`, id, '<rsp:SignalResponse/>'));
    case 'Delete':
      return soap(res, envelope('http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse', id, ''));
    case 'Receive':
      return soap(res, receiveResponse(id, { exitCode: 0 }));
  }
}

const ACTIONS: Record<string, WinrsAction> = {
  'http://schemas.xmlsoap.org/ws/2004/09/transfer/Create': 'Create',
  'http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete': 'Delete',
  [`${SHELL}/Command`]: 'Command',
  [`${SHELL}/Send`]: 'Send',
  [`${SHELL}/Receive`]: 'Receive',
  [`${SHELL}/Signal`]: 'Signal',
};

export class HostileWinrmServer {
  readonly #server: http.Server;
  readonly #counts = new Map<WinrsAction, number>();
  readonly #times: { action: WinrsAction; at: number }[] = [];
  #answers: Partial<Record<WinrsAction, Answer>> = {};
  #port = 0;

  private constructor() {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const actionUri = /<a:Action[^>]*>([^<]+)<\/a:Action>/.exec(body)?.[1] ?? '';
        const action = ACTIONS[actionUri.trim()];
        if (!action) {
          res.writeHead(400).end();
          return;
        }
        const index = this.#counts.get(action) ?? 0;
        this.#counts.set(action, index + 1);
        this.#times.push({ action, at: performance.now() });
        const request: WinrsRequest = { action, index, body, messageId: /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(body)?.[1] ?? '' };
        (this.#answers[action] ?? defaultAnswer)(request, res);
      });
    });
    // Node's own server timeouts would end a hostile answer for us; the client must do it.
    this.#server.requestTimeout = 0;
    this.#server.headersTimeout = 0;
    this.#server.keepAliveTimeout = 600_000;
  }

  static async start(answers: Partial<Record<WinrsAction, Answer>> = {}): Promise<HostileWinrmServer> {
    const server = new HostileWinrmServer();
    server.answer(answers);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.#port = (server.#server.address() as AddressInfo).port;
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/wsman`;
  }

  /** Replaces the answers for the actions named; the others keep theirs. */
  answer(answers: Partial<Record<WinrsAction, Answer>>): void {
    this.#answers = { ...this.#answers, ...answers };
  }

  count(action: WinrsAction): number {
    return this.#counts.get(action) ?? 0;
  }

  /** Requests of `action` that arrived in the last `ms` milliseconds. */
  countSince(action: WinrsAction, sinceMs: number): number {
    return this.#times.filter((t) => t.action === action && t.at >= sinceMs).length;
  }

  reset(): void {
    this.#counts.clear();
    this.#times.length = 0;
    this.#answers = {};
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** The command line against this server: Basic over plain HTTP, which only `--encryption never` allows. */
export function cliArgs(server: HostileWinrmServer, extra: readonly string[] = []): string[] {
  return ['--url', server.url, '--auth', 'basic', '--user', 'u', '--password-env', 'HOSTILE_PASSWORD', '--encryption', 'never', ...extra];
}

export const CLI_ENV = { HOSTILE_PASSWORD: 'p' };

/**
 * One hostile server for a test file: started before its tests (handed to `started`), reset after
 * each test, closed after all of them.
 */
export function hostileServerForFile(started: (server: HostileWinrmServer) => void): void {
  let server: HostileWinrmServer | null = null;
  beforeAll(async () => {
    server = await HostileWinrmServer.start();
    started(server);
  });
  afterEach(() => server?.reset());
  afterAll(() => server?.close());
}

/** A session on `server`: Basic over plain HTTP, only because this server is on loopback and the tests say so. */
export function sessionOn(server: HostileWinrmServer): Session {
  return new Session({
    endpoint: new URL(server.url),
    tls: { mode: 'system' },
    authenticator: () => createBasicAuthenticator({ userName: 'u', password: 'p' }, { allowUnencryptedHttp: true }),
    operationTimeoutSec: 5,
  });
}
