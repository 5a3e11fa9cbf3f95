import type { X509Certificate } from 'node:crypto';
import type * as NodeTls from 'node:tls';
import type { SecureContext } from 'node:tls';
import { inspect } from 'node:util';
import { DeskError } from '../../shared/errors.ts';
import { tlsConnectOptions, trustKey, type TlsPolicy } from './tls-policy.ts';

/** The part of a connection's route that decides where its TLS session ends. */
export type TlsRoute =
  | { readonly kind: 'direct' }
  | { readonly kind: 'tunnel' | 'forward'; readonly proxy: { readonly host: string; readonly port: number } };

/** Everything a TLS session's use depends on: where it goes, by which name and route, under which trust. */
export interface TlsSessionTarget {
  readonly endpoint: URL;
  /** The name the certificate must carry when it differs from the URL's host. */
  readonly serverName?: string | undefined;
  readonly route: TlsRoute;
  readonly tls: TlsPolicy;
}

declare const sessionKeyBrand: unique symbol;
/** A TLS session target reduced to the string sessions are kept under. */
export type TlsSessionKey = string & { readonly [sessionKeyBrand]: true };

/**
 * The key for a target. Node resumes an offered session with the verdict of the handshake it came
 * from, whatever the new connection trusts, and skips the host-name check, so the trust policy and
 * the server name are part of the key, beside the endpoint and the route.
 */
export function tlsSessionKey(target: TlsSessionTarget): TlsSessionKey {
  const port = Number(target.endpoint.port || (target.endpoint.protocol === 'http:' ? 80 : 443));
  const route = target.route.kind === 'direct' ? 'direct' : `${target.route.kind} ${target.route.proxy.host.toLowerCase()}:${target.route.proxy.port}`;
  return JSON.stringify([target.endpoint.hostname, port, target.serverName?.toLowerCase() ?? null, route, trustKey(target.tls)]) as TlsSessionKey;
}

/** A session to offer, and the certificate its first handshake verified: a resumed handshake carries none. */
export interface ResumableSession {
  readonly session: Buffer;
  readonly certificate: X509Certificate;
}

export interface TlsSessionCacheOptions {
  /** Sessions kept at most, one per target (default 256); the least recently used goes first. */
  readonly maxSessions?: number;
  /** How long a session is offered after it arrived (default 10 minutes). */
  readonly maxAgeMs?: number;
  /** Trust contexts kept at most (default 16): one for the system's roots, one per CA bundle. */
  readonly maxContexts?: number;
  /** The clock, in ms (tests move it). */
  readonly now?: () => number;
}

interface Entry extends ResumableSession {
  readonly keptAt: number;
}

const DEFAULT_MAX_SESSIONS = 256;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_MAX_CONTEXTS = 16;

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new DeskError('INVALID_ARGUMENT', `invalid ${name}: a positive integer is needed`);
  return value;
}

/** node:tls, loaded when an https connection first asks: a run that speaks only http:// never loads it. */
const nodeTls = () => process.getBuiltinModule('node:tls') as typeof NodeTls;

/** Moves a key to the most recently used end of a Map kept in use order. */
function touch<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
}

/**
 * What connections to the same servers may share at the TLS layer: the sessions they can resume, and
 * the parsed trust (a SecureContext per CA bundle, built once instead of on every connection).
 * Owned by whoever owns the sessions (the app's services, a CLI run); never process-wide. A session
 * ticket is no credential of the user, yet it is kept out of sight: nothing here serializes,
 * inspects or stringifies to its bytes.
 */
export class TlsSessionCache {
  readonly #sessions = new Map<string, Entry>();
  readonly #contexts = new Map<string, SecureContext>();
  readonly #maxSessions: number;
  readonly #maxAgeMs: number;
  readonly #maxContexts: number;
  readonly #now: () => number;

  constructor(options: TlsSessionCacheOptions = {}) {
    this.#maxSessions = positiveInteger(options.maxSessions, DEFAULT_MAX_SESSIONS, 'maxSessions');
    this.#maxAgeMs = positiveInteger(options.maxAgeMs, DEFAULT_MAX_AGE_MS, 'maxAgeMs');
    this.#maxContexts = positiveInteger(options.maxContexts, DEFAULT_MAX_CONTEXTS, 'maxContexts');
    this.#now = options.now ?? Date.now;
  }

  /** Sessions held now. */
  get size(): number {
    return this.#sessions.size;
  }

  /**
   * The session to offer a connection to `key`, or null. A session older than the age limit, or
   * whose certificate is outside its validity now, is dropped instead: a full handshake judges it.
   */
  offer(key: TlsSessionKey): ResumableSession | null {
    const entry = this.#sessions.get(key);
    if (!entry) return null;
    const now = this.#now();
    const valid = entry.certificate.validFromDate.getTime() <= now && now <= entry.certificate.validToDate.getTime();
    if (now - entry.keptAt > this.#maxAgeMs || !valid) {
      this.#sessions.delete(key);
      return null;
    }
    touch(this.#sessions, key, entry);
    return { session: entry.session, certificate: entry.certificate };
  }

  /** Keeps the newest session of a connection whose certificate was accepted; it replaces the older one. */
  keep(key: TlsSessionKey, resumable: ResumableSession): void {
    touch(this.#sessions, key, { session: resumable.session, certificate: resumable.certificate, keptAt: this.#now() });
    while (this.#sessions.size > this.#maxSessions) this.#sessions.delete(this.#sessions.keys().next().value!);
  }

  forget(key: TlsSessionKey): void {
    this.#sessions.delete(key);
  }

  /**
   * The trust material for a policy, parsed once. Pins and insecure mode verify no chain (the verdict
   * is not read), so they share the system roots' context with system trust.
   */
  secureContext(policy: TlsPolicy): SecureContext {
    const key = policy.mode === 'ca' ? trustKey(policy) : 'system';
    let context = this.#contexts.get(key);
    if (!context) {
      const { ca } = tlsConnectOptions(policy);
      context = nodeTls().createSecureContext(ca ? { ca } : {});
    }
    touch(this.#contexts, key, context);
    while (this.#contexts.size > this.#maxContexts) this.#contexts.delete(this.#contexts.keys().next().value!);
    return context;
  }

  clear(): void {
    this.#sessions.clear();
    this.#contexts.clear();
  }

  toJSON(): { sessions: number; contexts: number } {
    return { sessions: this.#sessions.size, contexts: this.#contexts.size };
  }

  toString(): string {
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    return `TlsSessionCache (${count(this.#sessions.size, 'session')}, ${count(this.#contexts.size, 'trust context')})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
