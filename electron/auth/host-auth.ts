import type { PinnedConnection } from '../http/pinned-connection.ts';

import { HOST_AUTH, type HostAuth } from '../../shared/policy/connection-plan-types.ts';

export const HOST_AUTH_SCHEMES = HOST_AUTH;
export type HostAuthScheme = HostAuth;

export interface AuthStats {
  /** Completed handshakes (connection-based schemes); Basic counts none. */
  readonly handshakes: number;
  readonly requests: number;
}

/**
 * The seam every host authentication scheme plugs into: one instance per pinned connection, so a
 * connection-based security context can never serve two connections. `exchange` sends one SOAP
 * message and returns the SOAP reply's bytes, doing whatever the scheme needs around it (a header, a
 * handshake, sealing and unsealing).
 */
export interface HostAuthenticator {
  readonly scheme: HostAuthScheme;
  exchange(connection: PinnedConnection, soap: string, headersTimeoutMs: number): Promise<Buffer>;
  stats(): AuthStats;
}

/** Builds a fresh authenticator for each new pinned connection of a session. */
export type AuthenticatorFactory = () => HostAuthenticator;
