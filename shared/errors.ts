/**
 * The one list of error codes the app, the CLI and the IPC contract use. Codes are stable identifiers:
 * scripts and the UI key off them, so a code is never renamed, only added.
 */
export const ERROR_CODES = [
  // Input and IPC
  'INVALID_ARGUMENT',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'CONFLICT',
  'NOT_SUPPORTED',
  // Network and TLS
  'HOST_NOT_FOUND',
  'CONNECTION_REFUSED',
  'CONNECTION_LOST',
  'TIMEOUT',
  'TLS_UNTRUSTED',
  'TLS_HOSTNAME_MISMATCH',
  'TLS_PIN_MISMATCH',
  'TLS_FAILED',
  // Authentication and message security
  'AUTH_FAILED',
  'AFFINITY_LOST',
  'INTEGRITY_FAILED',
  // WS-Management
  'HTTP_ERROR',
  'MALFORMED_RESPONSE',
  'PROTOCOL_ERROR',
  'WSMAN_FAULT',
  'SHELL_NOT_FOUND',
  'SESSION_CLOSED',
  // Proxies
  'PROXY_AUTH_REQUIRED',
  'PROXY_AUTH_FAILED',
  'PROXY_CONNECT_FAILED',
  // Connection plan refusals (nothing was sent)
  'POLICY_BASIC_OVER_HTTP',
  'POLICY_ENCRYPTION_UNAVAILABLE',
  'POLICY_UNENCRYPTED_VIA_PROXY',
  'POLICY_PROXY_AUTH_REQUIRES_HTTPS',
  'POLICY_KERBEROS_UNAVAILABLE',
  // Saved profiles and the credential vault
  'STORE_CORRUPT',
  'STORE_IO',
  'VAULT_LOCKED',
  'VAULT_WRONG_PASSWORD',
  // Bugs
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * Settings a core error can point at, named as the profile and the app name them. Each surface turns
 * them into its own hint (the command line into its flags, the app into the field to change), so a
 * core message never names one surface's controls.
 */
export const SETTINGS = [
  'address',
  'transport',
  'auth',
  'credential',
  'spnHost',
  'ntlmFallback',
  'caFile',
  'certThumbprint',
  'insecureSkipVerify',
  'encryption',
  'proxy',
  'proxyAuth',
  'proxyCredential',
  'proxyTunnel',
  'proxySpnHost',
  'bypass',
] as const;
export type Setting = (typeof SETTINGS)[number];

export interface DeskErrorOptions {
  /** The error this one explains; kept for logs and debugging, never shown or sent as is. */
  readonly cause?: unknown;
  /** The settings a user would change to fix this. */
  readonly settings?: readonly Setting[];
}

/**
 * An error whose message was written for the user and carries no secret; any other thrown value is
 * reported as INTERNAL with a generic message, so a stray exception cannot leak what it held.
 */
export class DeskError extends Error {
  readonly code: ErrorCode;
  readonly settings: readonly Setting[];

  constructor(code: ErrorCode, message: string, options: DeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeskError';
    this.code = code;
    this.settings = options.settings ?? [];
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
