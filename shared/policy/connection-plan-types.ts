import type { ErrorCode } from '../errors.ts';
import type { Transport } from '../domain/transport.ts';

export const HOST_AUTH = ['basic', 'ntlm', 'negotiate', 'kerberos'] as const;
export type HostAuth = (typeof HOST_AUTH)[number];

export const PROXY_AUTH = ['none', 'basic', 'digest', 'negotiate', 'ntlm'] as const;
export type ProxyAuth = (typeof PROXY_AUTH)[number];

export const ENCRYPTION = ['auto', 'always', 'never'] as const;
export type Encryption = (typeof ENCRYPTION)[number];

export type CertificateCheck = 'system' | 'ca' | 'pin' | 'insecure';

/** What the user asked for: the host as its profile (or the CLI) describes it. */
export interface PlanTarget {
  readonly transport: Transport;
  readonly host: string;
  readonly port: number;
  readonly auth: HostAuth;
  /** `never` is the user's statement that the server accepts unencrypted traffic (AllowUnencrypted). */
  readonly encryption: Encryption;
  readonly certificate: CertificateCheck;
  /** Negotiate may use NTLM where Kerberos cannot protect the messages; off unless the profile allows it. */
  readonly allowNtlmFallback?: boolean;
}

/** The proxy chosen for this target (after bypass lists and PAC), or none. */
export type PlanProxy =
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'proxy';
      readonly host: string;
      readonly port: number;
      readonly auth: ProxyAuth;
      /** Tunnel an http:// target through CONNECT instead of forwarding it. */
      readonly tunnelHttp: boolean;
    };

/** What this platform's auth layer can do. */
export interface PlatformCaps {
  /**
   * Why Kerberos (and Negotiate's Kerberos) cannot run in this build — its native initiator did not
   * load — or null when it can, message encryption and channel bindings included.
   */
  readonly kerberosUnavailable: string | null;
}

export type Route = 'direct' | 'forward' | 'tunnel';

export interface ConnectionPlan {
  readonly ok: true;
  readonly route: Route;
  readonly proxy: { readonly host: string; readonly port: number; readonly auth: ProxyAuth } | null;
  readonly transport: Transport;
  /** The scheme that will actually run (Negotiate may become NTLM, see `notes`). */
  readonly auth: HostAuth;
  /** How the SOAP messages are protected on the wire. */
  readonly protection: 'tls' | 'message-encryption' | 'tls+message-encryption' | 'none';
  readonly certificateVerification: boolean;
  /** A session may open a second pinned connection so input never waits behind a Receive long-poll. */
  readonly maxPinnedConnections: 2;
  readonly connectionBasedAuth: boolean;
  readonly warnings: readonly string[];
  readonly notes: readonly string[];
}

export interface PlanRefusal {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly reason: string;
  /** One line that says what to change. */
  readonly fix: string;
}

export type PlanResult = ConnectionPlan | PlanRefusal;
