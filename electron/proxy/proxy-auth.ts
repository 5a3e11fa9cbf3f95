export interface ProxyChallenge {
  readonly scheme: string;
  /** Everything after the scheme name: a token (Negotiate/NTLM) or auth-params (Basic/Digest). */
  readonly value: string;
}

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

/**
 * Splits Proxy-Authenticate values into challenges (RFC 9110 §11.6.1). Commas separate both challenges
 * and the auth-params inside one, so a piece that reads `name=value` continues the current challenge
 * and any other piece (`Digest realm=…`, `Negotiate <token68>`, `NTLM`) starts a new one.
 */
export function parseChallenges(values: readonly string[]): ProxyChallenge[] {
  const out: ProxyChallenge[] = [];
  for (const value of values) {
    for (const raw of value.match(/(?:[^,"]+|"(?:[^"\\]|\\.)*")+/g) ?? []) {
      const piece = raw.trim();
      if (piece === '') continue;
      const isParam = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=/.test(piece);
      const last = out.at(-1);
      if (isParam && last) {
        out[out.length - 1] = { scheme: last.scheme, value: last.value ? `${last.value}, ${piece}` : piece };
        continue;
      }
      const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s+(.*))?$/s.exec(piece);
      if (m) out.push({ scheme: m[1]!, value: (m[2] ?? '').trim() });
    }
  }
  return out;
}
