import type { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector, Client } from 'undici';
import { DeskError } from '../../shared/errors.ts';
import { openTunnel } from '../proxy/connect-tunnel.ts';
import type { HopEvent, HopListener } from './hops.ts';
import { connectTcp } from './tcp-connect.ts';
import type { ProxyAddress } from '../proxy/proxy-address.ts';
import type { ProxyAuthFactory } from '../proxy/proxy-auth.ts';
import { toNetworkError } from './network-errors.ts';
import { tlsConnectOptions, type TlsPolicy } from './tls-policy.ts';

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
}

export interface HttpExchange {
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
  /** Headers must arrive within this time; a WinRM long-poll needs more than its OperationTimeout. */
  readonly headersTimeoutMs: number;
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
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #requestPath: string;
  #hostHeader: Record<string, string>;

  constructor(options: PinnedConnectionOptions) {
    this.endpoint = options.endpoint;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
    const tlsOptions = tlsConnectOptions(options.tls);
    const base = buildConnector({
      ...tlsOptions,
      ...(options.tlsServerName ? { servername: options.tlsServerName } : {}),
      timeout: options.connectTimeoutMs ?? 15_000,
      allowH2: false,
      maxCachedSessions: 0,
    });
    const pin = options.tls.mode === 'pin' ? options.tls.sha256 : null;
    const serverName = options.tlsServerName;
    const route = options.route ?? { kind: 'direct' };
    const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    const tlsOver = (opts: buildConnector.Options) =>
      new Promise<Socket>((resolve, reject) => base(serverName ? { ...opts, servername: serverName } : opts, (error, socket) => (error || !socket ? reject(error ?? new Error('connect failed')) : resolve(socket))));
    const onHop = (hop: HopEvent) => this.reportHop(hop);
    // TCP is opened here, not by undici, so that name resolution and the connect are visible hops.
    // The peer certificate is read once, here: a second getPeerX509Certificate() on the same socket
    // was seen to answer undefined.
    const open = async (opts: buildConnector.Options): Promise<{ socket: Socket; certificate: X509Certificate | null }> => {
      let tcp: Socket;
      if (route.kind === 'tunnel') {
        const target = `${this.endpoint.hostname}:${this.endpoint.port || (this.endpoint.protocol === 'https:' ? 443 : 80)}`;
        tcp = await openTunnel({ proxy: route.proxy, target, timeoutMs: connectTimeoutMs, onHop, ...(route.auth ? { auth: route.auth } : {}) });
      } else {
        const who = route.kind === 'forward' ? `the proxy ${route.proxy.host}:${route.proxy.port}` : this.endpoint.origin;
        tcp = await connectTcp(opts.hostname, Number(opts.port), connectTimeoutMs, who, onHop);
      }
      if (this.endpoint.protocol !== 'https:') return { socket: tcp, certificate: null };
      const started = performance.now();
      try {
        const tls = await tlsOver({ ...opts, httpSocket: tcp });
        const certificate = (tls as TLSSocket).getPeerX509Certificate?.();
        onHop({ stage: 'tls', detail: `${(tls as TLSSocket).getProtocol?.() ?? 'TLS'} with ${this.endpoint.host}`, durationMs: performance.now() - started, ...(certificate ? { certificateSha256: certificate.fingerprint256 } : {}) });
        return { socket: tls, certificate: certificate ?? null };
      } catch (error) {
        tcp.destroy();
        throw toNetworkError(error, this.endpoint.origin);
      }
    };
    const connect: buildConnector.connector = (connectOptions, callback) => {
      open(connectOptions).then(
        ({ socket, certificate }) => {
          if (pin && certificate?.fingerprint256.replace(/:/g, '').toUpperCase() !== pin) {
            socket.destroy();
            callback(new DeskError('TLS_PIN_MISMATCH', `The certificate of ${this.endpoint.host} does not match the pinned thumbprint.`), null);
            return;
          }
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close().catch(() => this.#client.destroy());
  }

  /** Drops the socket at once (the next request opens a new generation). */
  async destroySocket(): Promise<void> {
    this.#socket?.destroy();
  }

  async #send(request: HttpExchange): Promise<HttpReply> {
    if (this.#closed) throw new DeskError('CONNECTION_LOST', 'The connection was closed by the app.');
    const target = `${this.endpoint.origin}`;
    try {
      const response = await this.#client.request({
        method: 'POST',
        path: this.#requestPath,
        headers: { ...request.headers, ...this.#hostHeader },
        body: request.body,
        headersTimeout: request.headersTimeoutMs,
        bodyTimeout: request.headersTimeoutMs,
      });
      const generation = this.#generation;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > this.#maxResponseBytes) {
          response.body.destroy();
          throw new DeskError('MALFORMED_RESPONSE', `The response from ${target} is larger than ${this.#maxResponseBytes} bytes.`);
        }
        chunks.push(chunk as Buffer);
      }
      return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks), generation };
    } catch (error) {
      throw toNetworkError(error, target);
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
