import type { Encryption, HostAuth, ProxyAuth } from '../../shared/policy/connection-plan-types.ts';
import type { ShellSpec } from '../winrm/shell-messages.ts';

/** A secret is revealed only once the plan has accepted the connection, and only to the core. */
export type RevealSecret = () => Promise<string>;

/**
 * Who signs in to the host: a user name with a password (from the vault or, on the command line, an
 * environment variable), or — for Kerberos and Negotiate — the logged-on user's own ticket.
 */
export type HostIdentity =
  | { readonly kind: 'password'; readonly userName: string; readonly password: RevealSecret }
  | { readonly kind: 'logged-on-user' };

export interface ProxyCredential {
  readonly userName: string;
  readonly password: RevealSecret;
}

/** One proxy to try (bypass lists already applied); the proxy's authentication is its own. */
export interface ProxyCandidate {
  readonly host: string;
  readonly port: number;
  readonly auth: ProxyAuth;
  /** For Basic, Digest and NTLM proxy authentication; Negotiate uses the logged-on user's ticket. */
  readonly credential?: ProxyCredential;
  /** CONNECT even for an http:// target (affinity guaranteed where the proxy allows it). */
  readonly tunnelHttp: boolean;
  /** The proxy's Kerberos service host, when it differs from the address connected to. */
  readonly spnHost?: string;
}

/** How the server certificate is judged; a CA is named by its file and read when the session opens. */
export type TlsSetting =
  | { readonly mode: 'system' }
  | { readonly mode: 'ca'; readonly caFile: string }
  | { readonly mode: 'pin'; readonly sha256: string }
  | { readonly mode: 'insecure' };

/**
 * A resolved host, as both surfaces describe it to the core: the CLI from its flags, the app from a
 * saved host with its folder defaults, proxy profile and vault credentials.
 */
export interface ConnectionRequest {
  readonly endpoint: URL;
  readonly auth: HostAuth;
  readonly identity: HostIdentity;
  /** The Kerberos service host (HTTP/<spnHost>), when it differs from the address connected to. */
  readonly spnHost?: string;
  /** Negotiate may use NTLM when no Kerberos ticket can be had. */
  readonly ntlmFallback: boolean;
  readonly encryption: Encryption;
  readonly tls: TlsSetting;
  readonly operationTimeoutSec: number;
  readonly shell: ShellSpec;
  /**
   * Routes to try in order, as a PAC answer lists them: a proxy that cannot be reached gives way to
   * the next entry, an entry the plan refuses is skipped. null is a direct connection.
   */
  readonly routes: ReadonlyArray<ProxyCandidate | null>;
}
