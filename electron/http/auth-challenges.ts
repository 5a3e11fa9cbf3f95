export interface AuthChallenge {
  readonly scheme: string;
  /** Everything after the scheme name: a token (Negotiate/NTLM/Kerberos) or auth-params (Basic/Digest). */
  readonly value: string;
}

/**
 * Splits WWW-Authenticate or Proxy-Authenticate values into challenges (RFC 9110 §11.6.1). Commas separate both challenges
 * and the auth-params inside one, so a piece that reads `name=value` continues the current challenge
 * and any other piece (`Digest realm=…`, `Negotiate <token68>`, `NTLM`) starts a new one.
 */
export function parseChallenges(values: readonly string[]): AuthChallenge[] {
  const out: AuthChallenge[] = [];
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

/** The challenges in a reply's header (undici gives a repeated header as an array). */
export function challengesIn(header: string | string[] | undefined): AuthChallenge[] {
  return parseChallenges(Array.isArray(header) ? header : header ? [header] : []);
}

/** The token a server sent with this scheme (`Negotiate <token>`), if any. */
export function challengeToken(challenges: readonly AuthChallenge[], scheme: string): string | null {
  return challenges.find((c) => c.scheme.toLowerCase() === scheme.toLowerCase() && c.value !== '')?.value ?? null;
}

/** The scheme names offered, once each, for messages (never the tokens). */
export function offeredSchemeNames(challenges: readonly AuthChallenge[]): string[] {
  return [...new Set(challenges.map((c) => c.scheme))];
}
