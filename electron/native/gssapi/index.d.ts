/** One initiator security context (opaque). */
export interface NativeContext {
  readonly __nativeContext: unique symbol;
}

export interface ContextOptions {
  /** The host of the service principal HTTP/<host>. */
  serviceHost: string;
  /** SPNEGO (limited to Kerberos inside) instead of raw Kerberos. */
  spnego: boolean;
  /** `user@REALM`; the cache's default principal when absent. */
  principal?: string;
  /** Credential cache or collection name (DIR:…, FILE:…); the library default when absent. Ignored by SSPI. */
  ccache?: string;
  /** Channel bindings application data (`tls-server-end-point:` + hash). */
  channelBindings?: Buffer;
}

/** Errors carry `code`: GSS_FAILED (the library refused), GSS_INTEGRITY (a bad, replayed or unsealed message), GSS_USAGE. */
export function createContext(options: ContextOptions): NativeContext;
export function step(context: NativeContext, peerToken: Buffer | null): Promise<{ token: Buffer | null; complete: boolean }>;
export function wrap(context: NativeContext, plaintext: Buffer): { header: Buffer; data: Buffer };
export function unwrap(context: NativeContext, token: Buffer, headerLength: number): Buffer;
export function release(context: NativeContext): void;
export const backend: 'gssapi' | 'sspi';
