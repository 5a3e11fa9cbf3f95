import type { HostAuthenticator } from '../auth/host-auth.ts';
import type { PinnedConnection } from '../http/pinned-connection.ts';

/**
 * A pinned connection with its own authenticator: the unit a session hands requests to. `busyWith`
 * says whether a request is in flight and whether it is a long-poll, so the session can route a
 * keystroke or a Ctrl-C to a lane that will send it now.
 */
export class Lane {
  readonly connection: PinnedConnection;
  readonly auth: HostAuthenticator;
  #inFlight = 0;
  #longPolls = 0;

  constructor(connection: PinnedConnection, auth: HostAuthenticator) {
    this.connection = connection;
    this.auth = auth;
  }

  get idle(): boolean {
    return this.#inFlight === 0;
  }

  get polling(): boolean {
    return this.#longPolls > 0;
  }

  async exchange(soap: string, headersTimeoutMs: number, longPoll: boolean): Promise<Buffer> {
    this.#inFlight++;
    if (longPoll) this.#longPolls++;
    try {
      return await this.auth.exchange(this.connection, soap, headersTimeoutMs);
    } finally {
      this.#inFlight--;
      if (longPoll) this.#longPolls--;
    }
  }
}
