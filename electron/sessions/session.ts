import { DeskError } from '../../shared/errors.ts';
import type { AuthenticatorFactory } from '../auth/host-auth.ts';
import { PinnedConnection, type ConnectionEvent, type ConnectionRoute } from '../http/pinned-connection.ts';
import type { HopEvent } from '../http/hops.ts';
import type { TlsPolicy } from '../http/tls-policy.ts';
import type { TlsSessionCache } from '../http/tls-session-cache.ts';
import { CMD_RESOURCE_URI } from '../winrm/namespaces.ts';
import { invokeWsman, type WsmanCall, type WsmanSettings } from '../winrm/wsman-client.ts';
import type { XmlElement } from '../winrm/xml-node.ts';
import { Lane } from './lane.ts';

export interface SessionOptions {
  readonly endpoint: URL;
  readonly route?: ConnectionRoute;
  readonly tls: TlsPolicy;
  readonly tlsServerName?: string;
  readonly authenticator: AuthenticatorFactory;
  readonly operationTimeoutSec?: number;
  readonly maxEnvelopeSize?: number;
  readonly locale?: string;
  readonly dataLocale?: string;
  readonly connectTimeoutMs?: number;
  /** The owner's TLS sessions: the session's lanes and reconnects resume them instead of a full handshake. */
  readonly tlsSessions?: TlsSessionCache;
}

export interface SessionConnectionEvent extends ConnectionEvent {
  readonly lane: number;
}

export interface SessionHopEvent extends HopEvent {
  readonly lane: number;
}

export interface SessionStats {
  readonly lanes: number;
  /** TCP connections opened over the session's life, reconnects included. */
  readonly connectionsOpened: number;
  readonly handshakes: number;
  readonly requests: number;
}

const MAX_LANES = 2;

export interface InvokeOptions {
  /** A Receive, which may hold its lane for OperationTimeout. */
  readonly longPoll?: boolean;
}

/**
 * A target plus an identity and the pinned connections that carry it. Requests go to the first idle
 * lane; a second lane is opened only when something must be sent while the first is held by a
 * Receive long-poll (a keystroke, Ctrl-C), so a batch of commands stays on one connection and an
 * interactive shell never waits behind a poll.
 */
export class Session {
  readonly settings: WsmanSettings;
  readonly #options: SessionOptions;
  readonly #lanes: Lane[] = [];
  readonly #listeners = new Set<(event: SessionConnectionEvent) => void>();
  readonly #hopListeners = new Set<(hop: SessionHopEvent) => void>();
  readonly #closing = new AbortController();
  #connectionsOpened = 0;
  #closed = false;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.settings = {
      endpoint: options.endpoint.toString(),
      resourceUri: CMD_RESOURCE_URI,
      maxEnvelopeSize: options.maxEnvelopeSize ?? 512_000,
      operationTimeoutSec: options.operationTimeoutSec ?? 20,
      locale: options.locale ?? 'en-US',
      dataLocale: options.dataLocale ?? options.locale ?? 'en-US',
    };
  }

  onConnectionEvent(listener: (event: SessionConnectionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every hop of every lane's connections (TCP, proxy, TLS, sign-in), as they happen. */
  onHop(listener: (hop: SessionHopEvent) => void): () => void {
    this.#hopListeners.add(listener);
    return () => this.#hopListeners.delete(listener);
  }

  /** Lanes whose connection is open now. */
  get openLanes(): number {
    return this.#lanes.filter((lane) => lane.connection.isOpen).length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Aborted when the session closes: waits between requests end with it. */
  get closedSignal(): AbortSignal {
    return this.#closing.signal;
  }

  /** Sends one WS-Management call. */
  invoke(call: WsmanCall, options: InvokeOptions = {}): Promise<XmlElement> {
    const longPoll = options.longPoll ?? false;
    const lane = this.#pickLane(longPoll);
    return invokeWsman(this.settings, (soap, timeoutMs) => lane.exchange(soap, timeoutMs, longPoll), call);
  }

  stats(): SessionStats {
    let handshakes = 0;
    let requests = 0;
    for (const lane of this.#lanes) {
      const s = lane.auth.stats();
      handshakes += s.handshakes;
      requests += s.requests;
    }
    return { lanes: this.#lanes.length, connectionsOpened: this.#connectionsOpened, handshakes, requests };
  }

  /**
   * Closes every lane. Requests still in flight (a Receive long-poll, a call that missed its deadline)
   * are given a moment and then cut off with their sockets, so closing ends in bounded time even when
   * the server never answers.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    await Promise.all(this.#lanes.map((lane) => lane.connection.close()));
  }

  #pickLane(longPoll: boolean): Lane {
    if (this.#closed) throw new DeskError('SESSION_CLOSED', 'The session was closed; open a new one.');
    const polling = this.#lanes.find((lane) => lane.polling);
    if (longPoll && polling && this.#lanes.length >= MAX_LANES - 1) {
      // At most MAX_LANES − 1 lanes long-poll: a Receive of a second command waits behind the first
      // one's (its output is late, never lost), so that one lane always stays free for input and
      // signals — a Send queued behind its own command's Receive would wait out the OperationTimeout.
      return polling;
    }
    const idle = this.#lanes.find((lane) => lane.idle);
    if (idle) return idle;
    const notPolling = this.#lanes.find((lane) => !lane.polling);
    if (this.#lanes.length < MAX_LANES && (this.#lanes.length === 0 || longPoll || !notPolling)) return this.#openLane();
    // Every lane is busy: queue behind one that is not long-polling, so the wait is one short request.
    return notPolling ?? this.#lanes[0]!;
  }

  #openLane(): Lane {
    const index = this.#lanes.length;
    const connection = new PinnedConnection({
      endpoint: this.#options.endpoint,
      tls: this.#options.tls,
      ...(this.#options.route ? { route: this.#options.route } : {}),
      ...(this.#options.tlsServerName ? { tlsServerName: this.#options.tlsServerName } : {}),
      ...(this.#options.connectTimeoutMs ? { connectTimeoutMs: this.#options.connectTimeoutMs } : {}),
      ...(this.#options.tlsSessions ? { tlsSessions: this.#options.tlsSessions } : {}),
    });
    connection.onEvent((event) => {
      if (event.kind === 'open') this.#connectionsOpened++;
      for (const listener of this.#listeners) listener({ ...event, lane: index });
    });
    connection.onHop((hop) => {
      for (const listener of this.#hopListeners) listener({ ...hop, lane: index });
    });
    const lane = new Lane(connection, this.#options.authenticator());
    this.#lanes.push(lane);
    return lane;
  }
}
