import type { AuthChallenge } from '../http/auth-challenges.ts';

export type ProxyChallenge = AuthChallenge;

/**
 * One proxy authentication exchange for one CONNECT (proxy auth is independent of the host's:
 * its own credential, its own scheme). `initial` may answer before any challenge (Basic, Negotiate,
 * NTLM type 1); `respond` answers a 407's challenges, or returns null when it has nothing more to say.
 */
export interface ProxyAuthenticator {
  readonly scheme: 'basic' | 'digest' | 'negotiate' | 'ntlm';
  /** True for schemes whose legs must share one TCP connection (NTLM, Negotiate). */
  readonly connectionBased: boolean;
  initial(): Promise<string | null>;
  respond(challenges: readonly ProxyChallenge[], request: { method: string; uri: string }): Promise<string | null>;
}

export type ProxyAuthFactory = () => ProxyAuthenticator;
