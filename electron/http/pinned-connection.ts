import type { X509Certificate } from 'node:crypto';
import type { LookupFunction, Socket } from 'node:net';
import { Client, type buildConnector } from 'undici';
import { DeskError } from '../../shared/errors.ts';
import { openTunnel } from '../proxy/connect-tunnel.ts';
import type { HopEvent, HopListener } from './hops.ts';
import { connectTcp } from './tcp-connect.ts';
import type { ProxyAddress } from '../proxy/proxy-address.ts';
import type { ProxyAuthFactory } from '../proxy/proxy-auth.ts';
import { challengesIn, offeredSchemeNames } from './auth-challenges.ts';
import { certificateInfo } from './certificate-info.ts';
import { toNetworkError } from './network-errors.ts';
import { ResponseBody } from './response-body.ts';
import type { TlsPolicy } from './tls-policy.ts';
import { tlsSessionKey, type TlsSessionCache } from './tls-session-cache.ts';
import { TlsUpgrade } from './tls-upgrade.ts';

/**
 * How the bytes reach the endpoint: straight; through a proxy in forward mode (absolute-form request
 * line, plain http:// only); or through a CONNECT tunnel, with proxy authentication on the proxy socket.
 */
export type ConnectionRoute =
  | { readonly kind: 'direct' }
  | { readonly kind: 'forward'; readonly proxy: ProxyAddress }
  | { readonly kind: 'tunnel'; readonly proxy: ProxyAddress; readonly auth?: ProxyAuthFactory };

export interface PinnedConnectionOptions {
  readonly endpoint: URL;
  readonly route?: ConnectionRoute;
  readonly tls: TlsPolicy;
  /** The name the certificate must carry when it differs from the URL's host (SNI and verification). */
  readonly tlsServerName?: string;
  readonly connectTimeoutMs?: number;
  /** Largest response body accepted; a bigger one is refused instead of buffered. */
  readonly maxResponseBytes?: number;
  /**
   * What the body may add to the headers' allowance: a whole exchange, headers and body, must end
   * within `headersTimeoutMs` + this (default 60 s), however slowly its bytes trickle in.
   */
  readonly bodyAllowanceMs?: number;
  /** How long `close` lets a request in flight finish before cutting it off (default 500 ms). */
  readonly closeGraceMs?: number;
  /** Resolves the host (or forward proxy) name; the system's resolver unless given (tests answer without DNS). */
  readonly lookup?: LookupFunction;
  /**
   * TLS sessions and trust material shared with the owner's other connections: a new socket resumes
   * the session of an earlier one to the same target. Without it every handshake is a full one.
   */
  readonly tlsSessions?: TlsSessionCache;
}

export interface HttpExchange {
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
  /**
   * Headers must arrive within this time; a WinRM long-poll needs more than its OperationTimeout.
   * The whole answer must arrive within it plus the connection's body allowance.
   */
  readonly headersTimeoutMs: number;
  /**
   * Called as the body arrives with what has come so far (from its first byte, in one buffer that
   * becomes the reply's body), when the reply has a declared length; the callee may change those
   * bytes in place (a sealed reply is decrypted as it comes). Not called for other bodies.
   */
  readonly onBodyArrived?: (arrived: Buffer, headers: HttpReply['headers']) => void;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** Which TCP connection answered: it changes whenever undici had to open a new socket. */
  readonly generation: number;
}

export interface ConnectionEvent {
  readonly kind: 'open' | 'close';
  readonly generation: number;
}

const DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024;
const KEEP_ALIVE_MS = 10 * 60 * 1000;
// undici's bodyTimeout is the longest gap between two chunks, so a body sent a byte a second never
// trips it; the overall deadline does. A WinRM answer is at most MaxEnvelopeSize
// (512 000 bytes by default) plus its framing: 60 s is under 9 KB/s.
const DEFAULT_BODY_ALLOWANCE_MS = 60_000;
const DEFAULT_CLOSE_GRACE_MS = 500;

/**
 * A forwarding proxy that wants credentials: WinRM over plain HTTP must not answer it (rule 3 of
 * Microsoft's proxy guidance: a proxy that requires authentication means HTTPS), so the answer is the
 * fix, never a retry with proxy credentials over HTTP.
 */
function proxyDemandsAuthentication(headers: HttpReply['headers'], proxy: string): DeskError {
  const schemes = challengesIn(headers['proxy-authenticate']).map((c) => c.scheme);
  return new DeskError(
    'PROXY_AUTH_REQUIRED',
    `The proxy ${proxy} requires authentication${schemes.length ? ` (it offers ${schemes.join(', ')})` : ''}. WinRM through a proxy that requires authentication must use HTTPS: switch the host to HTTPS (port 5986), which goes through the proxy in a CONNECT tunnel, and set the proxy profile's authentication and credential.`,
    { settings: ['transport', 'proxyAuth', 'proxyCredential'] },
  );
}

/**
 * One HTTP/1.1 connection to one endpoint, never shared: connection-based authentication
 * (NTLM, Negotiate, Kerberos, CredSSP) binds its security context to it. undici reconnects silently
 * after a close, so every socket gets a generation number and every reply says which one carried it;
 * the auth layer compares generations to know when its context is gone.
 */
export class PinnedConnection {
  readonly endpoint: URL;
  #client: Client;
  #generation = 0;
  #socket: Socket | null = null;
  #peerCertificate: X509Certificate | null = null;
  #listeners = new Set<(event: ConnectionEvent) => void>();
  #hopListeners = new Set<HopListener>();
  #maxResponseBytes: number;
  #bodyAllowanceMs: number;
  #closeGraceMs: number;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #requestPath: string;
  #hostHeader: Record<string, string>;
  #proxyName: string;
  #open: (opts: buildConnector.Options) => Promise<{ socket: Socket; certificate: X509Certificate | null }>;
  /** A socket opened by connect() before any request, handed to undici by its next connect. */
  #opened: Socket | null = null;

  constructor(options: PinnedConnectionOptions) {
    this.endpoint = options.endpoint;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
    this.#bodyAllowanceMs = options.bodyAllowanceMs ?? DEFAULT_BODY_ALLOWANCE_MS;
    this.#closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    const pin = options.tls.mode === 'pin' ? options.tls.sha256 : null;
    const route = options.route ?? { kind: 'direct' };
    const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    const https = this.endpoint.protocol === 'https:';
    const sessions = https && options.tlsSessions ? { cache: options.tlsSessions, key: tlsSessionKey({ endpoint: this.endpoint, serverName: options.tlsServerName, route, tls: options.tls }) } : undefined;
    const upgrade = new TlsUpgrade({ policy: options.tls, serverName: options.tlsServerName, timeoutMs: connectTimeoutMs, sessions });
    const onHop = (hop: HopEvent) => this.reportHop(hop);
    // TCP is opened here, not by undici, so that name resolution and the connect are visible hops.
    const open = async (opts: buildConnector.Options): Promise<{ socket: Socket; certificate: X509Certificate | null }> => {
      let tcp: Socket;
      if (route.kind === 'tunnel') {
        const target = `${this.endpoint.hostname}:${this.endpoint.port || (this.endpoint.protocol === 'https:' ? 443 : 80)}`;
        tcp = await openTunnel({ proxy: route.proxy, target, timeoutMs: connectTimeoutMs, onHop, ...(route.auth ? { auth: route.auth } : {}) });
      } else {
        const who = route.kind === 'forward' ? `the proxy ${route.proxy.host}:${route.proxy.port}` : this.endpoint.origin;
        tcp = await connectTcp(opts.hostname, Number(opts.port), connectTimeoutMs, who, onHop, options.lookup);
      }
      if (!https) return { socket: tcp, certificate: null };
      const started = performance.now();
      try {
        // Nothing is sent before the verdict, exactly as when the handshake itself refuses.
        const handshake = await upgrade.over(tcp, opts);
        const { socket: tls, certificate, resumed } = handshake;
        const resumption = resumed ? { resumed } : {};
        if (certificate) onHop({ stage: 'certificate', detail: resumed ? `presented by ${this.endpoint.host} when the resumed session began` : `presented by ${this.endpoint.host}`, certificate: certificateInfo(certificate), ...resumption });
        const refuse = (error: Error): never => {
          handshake.refuse();
          tls.destroy();
          throw toNetworkError(error, this.endpoint.origin);
        };
        if (handshake.verificationError) refuse(handshake.verificationError);
        // Before the TLS hop, so a pin mismatch is TLS's failure, never a TLS step that passed.
        if (pin && certificate?.fingerprint256.replace(/:/g, '').toUpperCase() !== pin) {
          refuse(new DeskError('TLS_PIN_MISMATCH', `The certificate of ${this.endpoint.host} does not match the pinned thumbprint.`));
        }
        handshake.accept();
        onHop({
          stage: 'tls',
          detail: `${tls.getProtocol?.() ?? 'TLS'} with ${this.endpoint.host}${resumed ? ' (session resumed)' : ''}`,
          durationMs: performance.now() - started,
          ...(certificate ? { certificateSha256: certificate.fingerprint256 } : {}),
          ...resumption,
        });
        return { socket: tls, certificate: certificate ?? null };
      } catch (error) {
        tcp.destroy();
        throw toNetworkError(error, this.endpoint.origin);
      }
    };
    this.#open = open;
    const connect: buildConnector.connector = (connectOptions, callback) => {
      const opened = this.#opened;
      this.#opened = null;
      if (opened && !opened.destroyed && opened === this.#socket) {
        // Never synchronously: undici ignores a connect that completes inside its own resume loop.
        process.nextTick(() => callback(null, opened));
        return;
      }
      open(connectOptions).then(
        ({ socket, certificate }) => {
          this.#adopt(socket, certificate);
          callback(null, socket);
        },
        (error: Error) => callback(error, null),
      );
    };
    // In forward mode undici talks to the proxy and the request line carries the absolute URL.
    const forward = route.kind === 'forward';
    if (forward && this.endpoint.protocol !== 'http:') throw new DeskError('INVALID_ARGUMENT', 'Forward mode is for http:// endpoints; HTTPS goes through a CONNECT tunnel.');
    this.#requestPath = forward ? this.endpoint.href : this.endpoint.pathname + this.endpoint.search;
    this.#hostHeader = forward ? { host: this.endpoint.host } : {};
    this.#proxyName = forward ? `${route.proxy.host}:${route.proxy.port}` : '';
    const origin = forward ? `http://${route.proxy.host.includes(':') ? `[${route.proxy.host}]` : route.proxy.host}:${route.proxy.port}` : this.endpoint.origin;
    this.#client = new Client(origin, {
      connect,
      allowH2: false,
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      // Per-request timeouts are set on each exchange.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /** True when requests are forwarded by a proxy (absolute-form), which may or may not keep connection affinity. */
  get viaForwardProxy(): boolean {
    return this.#requestPath !== this.endpoint.pathname + this.endpoint.search;
  }

  /** The generation of the newest socket (0 before the first connect). */
  get generation(): number {
    return this.#generation;
  }

  /** True while the socket of the current generation is open, so the next request will use it. */
  get isOpen(): boolean {
    return this.#socket !== null && !this.#socket.destroyed;
  }

  /** The server certificate of the current TLS connection (channel bindings need it). */
  get peerCertificate(): X509Certificate | null {
    return this.#peerCertificate;
  }

  /**
   * Opens the socket now (TCP, the proxy's tunnel, TLS and the certificate's verdict) when none is
   * open, and the next request is sent on it: Kerberos binds its first token to the certificate, so
   * it must read the certificate before anything is sent.
   */
  async connect(): Promise<void> {
    if (this.#closed) throw new DeskError('CONNECTION_LOST', 'The connection was closed by the app.');
    // Forwarded requests go to the proxy, whose socket carries no certificate of the server.
    if (this.isOpen || this.viaForwardProxy) return;
    const url = this.endpoint;
    const https = url.protocol === 'https:';
    const { socket, certificate } = await this.#open({
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      host: url.host,
      protocol: url.protocol,
      port: url.port || (https ? '443' : '80'),
    } as buildConnector.Options);
    this.#opened = socket;
    this.#adopt(socket, certificate);
  }

  /** Hops of reaching the endpoint (TCP, proxy, TLS) and, from the authenticator, of signing in. */
  onHop(listener: HopListener): () => void {
    this.#hopListeners.add(listener);
    return () => this.#hopListeners.delete(listener);
  }

  reportHop(hop: HopEvent): void {
    for (const listener of this.#hopListeners) listener(hop);
  }

  onEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * One request/response, serialized with every other on this connection: a connection-based
   * handshake must never interleave with another request.
   */
  exchange(request: HttpExchange): Promise<HttpReply> {
    const run = this.#queue.then(() => this.#send(request));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Closes the connection: at once when idle; a request in flight (a long-poll, an answer that never
   * comes) gets the close grace and is then cut off with its socket, so this always ends soon.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolve) => (timer = setTimeout(resolve, this.#closeGraceMs, false)));
    const closed = await Promise.race([this.#client.close().then(() => true, () => false), graceOver]);
    clearTimeout(timer);
    if (!closed) await this.#client.destroy().catch(() => undefined);
  }

  /** Drops the socket at once (the next request opens a new generation). */
  async destroySocket(): Promise<void> {
    this.#socket?.destroy();
  }

  async #send(request: HttpExchange): Promise<HttpReply> {
    if (this.#closed) throw new DeskError('CONNECTION_LOST', 'The connection was closed by the app.');
    const target = `${this.endpoint.origin}`;
    const deadlineMs = request.headersTimeoutMs + this.#bodyAllowanceMs;
    const deadline = new AbortController();
    // Unreferenced: the request's socket keeps the process alive while it is in flight.
    const timer = setTimeout(() => deadline.abort(), deadlineMs).unref();
    try {
      const response = await this.#client.request({
        method: 'POST',
        path: this.#requestPath,
        headers: { ...request.headers, ...this.#hostHeader },
        body: request.body,
        headersTimeout: request.headersTimeoutMs,
        bodyTimeout: request.headersTimeoutMs,
        signal: deadline.signal,
      });
      const generation = this.#generation;
      const body = new ResponseBody(response.headers['content-length'], this.#maxResponseBytes);
      for await (const chunk of response.body) {
        if (!body.add(chunk as Buffer)) {
          response.body.destroy();
          throw new DeskError('MALFORMED_RESPONSE', `The response from ${target} is larger than ${this.#maxResponseBytes} bytes.`);
        }
        const arrived = request.onBodyArrived && body.arrived();
        if (arrived) request.onBodyArrived!(arrived, response.headers);
      }
      if (response.statusCode === 401 || (response.statusCode === 407 && this.viaForwardProxy)) {
        const header = response.headers[response.statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate'];
        this.reportHop({ stage: 'challenge', detail: `HTTP ${response.statusCode}`, challenger: response.statusCode === 401 ? 'server' : 'proxy', offeredSchemes: offeredSchemeNames(challengesIn(header)) });
      }
      if (response.statusCode === 407 && this.viaForwardProxy) throw proxyDemandsAuthentication(response.headers, this.#proxyName);
      return { status: response.statusCode, headers: response.headers, body: body.bytes(), generation };
    } catch (error) {
      if (deadline.signal.aborted) {
        // Half an answer was read: the socket cannot carry another request (nor an auth context).
        this.#socket?.destroy();
        throw new DeskError('TIMEOUT', `${target} did not send its whole answer (headers and body) within ${Math.round(deadlineMs / 1000)} s; the connection was dropped.`, { cause: error });
      }
      throw toNetworkError(error, target);
    } finally {
      clearTimeout(timer);
    }
  }

  #adopt(socket: Socket, certificate: X509Certificate | null): void {
    this.#generation += 1;
    const generation = this.#generation;
    this.#socket = socket;
    this.#peerCertificate = certificate;
    this.#emit({ kind: 'open', generation });
    socket.once('close', () => {
      if (this.#socket === socket) this.#socket = null;
      this.#emit({ kind: 'close', generation });
    });
  }

  #emit(event: ConnectionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
