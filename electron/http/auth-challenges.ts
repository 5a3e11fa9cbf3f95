export interface AuthChallenge {
  readonly scheme: string;
  /** Everything after the scheme name: a token (Negotiate/NTLM/Kerberos) or auth-params (Basic/Digest). */
  readonly value: string;
}

const TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
const PARAM = new RegExp(`^${TOKEN}\\s*=`);
const CHALLENGE = new RegExp(`^(${TOKEN})(?:\\s+(.*))?$`, 's');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * The pieces of a header value between the commas that lie outside quoted strings, in one pass (an
 * unterminated quoted string runs to the end of the value). The pattern this replaces backtracked
 * over unterminated quotes: 64 KB of `"\` took seconds.
 */
function splitAtCommas(value: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) quoted = false;
    } else if (c === QUOTE) {
      quoted = true;
    } else if (c === COMMA) {
      pieces.push(value.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(value.slice(start));
  return pieces;
}

/**
 * Splits WWW-Authenticate or Proxy-Authenticate values into challenges (RFC 9110 §11.6.1). Commas separate both challenges
 * and the auth-params inside one, so a piece that reads `name=value` continues the current challenge
 * and any other piece (`Digest realm=…`, `Negotiate <token68>`, `NTLM`) starts a new one. Linear in
 * the size of the values, however hostile.
 */
export function parseChallenges(values: readonly string[]): AuthChallenge[] {
  const found: Array<{ scheme: string; parts: string[] }> = [];
  for (const value of values) {
    for (const raw of splitAtCommas(value)) {
      const piece = raw.trim();
      if (piece === '') continue;
      const last = found.at(-1);
      if (last && PARAM.test(piece)) {
        last.parts.push(piece);
        continue;
      }
      const m = CHALLENGE.exec(piece);
      const rest = (m?.[2] ?? '').trim();
      if (m) found.push({ scheme: m[1]!, parts: rest ? [rest] : [] });
    }
  }
  return found.map(({ scheme, parts }) => ({ scheme, value: parts.join(', ') }));
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
