import type { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type * as NodeTls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { tlsConnectOptions, type TlsPolicy } from './tls-policy.ts';
import type { ResumableSession, TlsSessionCache, TlsSessionKey } from './tls-session-cache.ts';

export interface TlsUpgradeOptions {
  readonly policy: TlsPolicy;
  /** The name the certificate must carry when it differs from the URL's host (SNI and verification). */
  readonly serverName?: string | undefined;
  readonly timeoutMs: number;
  /** Where sessions are resumed from and kept; without it every handshake is a full one. */
  readonly sessions?: { readonly cache: TlsSessionCache; readonly key: TlsSessionKey } | undefined;
}

/** A finished handshake whose certificate is not judged yet: nothing of it is kept until `accept`. */
export interface TlsHandshake {
  readonly socket: TLSSocket;
  /**
   * The server's certificate: the one it presented or, on a resumed session (where the server sends
   * none and Node gives none), the one verified by the handshake the session came from.
   */
  readonly certificate: X509Certificate | null;
  readonly resumed: boolean;
  /** Why chain verification (system or CA trust) refuses the certificate; null when it accepts, or the policy verifies no chain. */
  readonly verificationError: Error | null;
  /** The certificate was accepted: this connection's sessions, now and later, may be offered to the next. */
  accept(): void;
  /** The certificate was refused: nothing of this connection is kept, and a session it resumed is forgotten. */
  refuse(): void;
}

/** Node keeps the handshake's verdict as a code string (an Error in older typings); the code is what classifies it. */
function authorizationError(tls: TLSSocket): Error {
  const reason: unknown = tls.authorizationError;
  const code = typeof reason === 'string' ? reason : String((reason as { code?: unknown } | null)?.code ?? 'CERT_UNTRUSTED');
  return Object.assign(new Error(`certificate verification failed (${code})`), { code });
}

/**
 * The TLS step of one connection's sockets. The verdict on the certificate is the caller's, taken
 * once the certificate has been read and reported (a refused certificate is gone with its socket,
 * and the admin needs to see what was refused), so the handshake itself verifies nothing.
 *
 * On a resumed session Node reports the verdict of the session's first handshake, whatever this
 * connection trusts, skips the host-name check and gives no certificate. Sessions are therefore kept
 * per trust policy and server name (see tlsSessionKey), with the certificate that first handshake
 * verified; the host name is checked here again on that certificate.
 */
export class TlsUpgrade {
  readonly #connectorOptions: buildConnector.BuildOptions;
  readonly #full: buildConnector.connector;
  readonly #verify: boolean;
  readonly #serverName: string | undefined;
  readonly #sessions: TlsUpgradeOptions['sessions'];

  constructor(options: TlsUpgradeOptions) {
    const { rejectUnauthorized, ca } = tlsConnectOptions(options.policy);
    this.#verify = rejectUnauthorized;
    this.#serverName = options.serverName;
    this.#sessions = options.sessions;
    const trust = options.sessions ? { secureContext: options.sessions.cache.secureContext(options.policy) } : ca ? { ca } : {};
    this.#connectorOptions = {
      ...trust,
      rejectUnauthorized: false,
      ...(options.serverName ? { servername: options.serverName } : {}),
      timeout: options.timeoutMs,
      allowH2: false,
      // Sessions are this class's to keep: undici's cache, per connector, would keep them unjudged.
      maxCachedSessions: 0,
    };
    this.#full = buildConnector(this.#connectorOptions);
  }

  /** TLS over `tcp`, resuming the cached session of this target where there is one. */
  async over(tcp: Socket, opts: buildConnector.Options): Promise<TlsHandshake> {
    const sessions = this.#sessions;
    const offered = sessions?.cache.offer(sessions.key) ?? null;
    const connector = offered ? buildConnector({ ...this.#connectorOptions, session: offered.session }) : this.#full;
    let latest: Buffer | null = null;
    let judged: 'accepted' | 'refused' | null = null;
    let certificate: X509Certificate | null = null;
    let tls: TLSSocket;
    try {
      tls = await new Promise<TLSSocket>((resolve, reject) => {
        connector({ ...opts, httpSocket: tcp, ...(this.#serverName ? { servername: this.#serverName } : {}) }, (error, connected) => {
          if (error || !connected) return reject(error ?? new Error('connect failed'));
          // undici calls back from the socket's 'secureConnect'; Node hands the connection's sessions
          // over only after those listeners ran (TLS 1.3 tickets also later, at any time). Before the
          // verdict they wait; after a refusal they are dropped.
          connected.on('session', (session: Buffer) => {
            if (judged === 'accepted' && certificate && sessions) sessions.cache.keep(sessions.key, { session, certificate });
            else if (judged === null) latest = session;
          });
          resolve(connected as TLSSocket);
        });
      });
    } catch (error) {
      // A session the server chokes on is not offered again.
      if (offered) sessions!.cache.forget(sessions!.key);
      throw error;
    }
    const resumed = tls.isSessionReused();
    // Read once: a second getPeerX509Certificate() on the same socket was seen to answer undefined.
    certificate = tls.getPeerX509Certificate() ?? (resumed ? offered?.certificate ?? null : null);
    return {
      socket: tls,
      certificate,
      resumed,
      verificationError: this.#verify ? this.#verdict(tls, resumed, certificate, opts.hostname) : null,
      accept: () => {
        judged = 'accepted';
        if (sessions && offered && !resumed) sessions.cache.forget(sessions.key);
        if (sessions && latest && certificate) sessions.cache.keep(sessions.key, { session: latest, certificate } satisfies ResumableSession);
        latest = null;
      },
      refuse: () => {
        judged = 'refused';
        latest = null;
        if (sessions && offered) sessions.cache.forget(sessions.key);
      },
    };
  }

  #verdict(tls: TLSSocket, resumed: boolean, certificate: X509Certificate | null, hostname: string): Error | null {
    if (!tls.authorized) return authorizationError(tls);
    if (!resumed) return null;
    if (!certificate) return Object.assign(new Error('certificate verification failed (no certificate)'), { code: 'CERT_UNTRUSTED' });
    // node:tls is loaded by now (this socket is one); read here so that an http:// run never loads it.
    const { checkServerIdentity } = process.getBuiltinModule('node:tls') as typeof NodeTls;
    return checkServerIdentity(this.#serverName ?? hostname, certificate.toLegacyObject()) ?? null;
  }
}
