import { createHash, randomBytes } from 'node:crypto';
import { DeskError } from '../../shared/errors.ts';
import type { ProxyAuthenticator, ProxyChallenge } from './proxy-auth.ts';

export interface ProxyCredential {
  readonly userName: string;
  readonly password: string;
}

export function createBasicProxyAuth(credential: ProxyCredential): ProxyAuthenticator {
  if (credential.userName.includes(':')) throw new DeskError('INVALID_ARGUMENT', 'A Basic proxy user name cannot contain ":".');
  const header = `Basic ${Buffer.from(`${credential.userName}:${credential.password}`, 'utf8').toString('base64')}`;
  return {
    scheme: 'basic',
    connectionBased: false,
    initial: async () => header,
    // Basic has nothing to add after a 407: the credentials were refused.
    respond: async () => null,
  };
}

/** Parses Digest auth-params (`realm="x", nonce="y", qop="auth,auth-int", algorithm=SHA-256`). */
export function parseAuthParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of value.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  }
  return params;
}

const ALGORITHMS: Record<string, { hash: string; sess: boolean }> = {
  'md5': { hash: 'md5', sess: false },
  'md5-sess': { hash: 'md5', sess: true },
  'sha-256': { hash: 'sha256', sess: false },
  'sha-256-sess': { hash: 'sha256', sess: true },
};

export interface DigestInput {
  readonly credential: ProxyCredential;
  readonly challenge: Record<string, string>;
  readonly method: string;
  readonly uri: string;
  readonly cnonce: string;
  readonly nc: number;
}

/** RFC 7616 §3.4 `response` (qop=auth only; auth-int needs the body, which CONNECT does not have). */
export function digestAuthorization(input: DigestInput): string {
  const { challenge, credential } = input;
  const algorithmName = (challenge['algorithm'] ?? 'MD5').toLowerCase();
  const algorithm = ALGORITHMS[algorithmName];
  if (!algorithm) throw new DeskError('PROXY_AUTH_FAILED', `The proxy asks for Digest ${algorithmName.slice(0, 20)}, which this client does not support.`);
  const realm = challenge['realm'] ?? '';
  const nonce = challenge['nonce'];
  if (!nonce) throw new DeskError('PROXY_AUTH_FAILED', 'The proxy sent a Digest challenge without a nonce.');
  const qops = (challenge['qop'] ?? '').split(',').map((q) => q.trim());
  const useQop = qops.includes('auth');
  const h = (text: string) => createHash(algorithm.hash).update(text, 'utf8').digest('hex');
  const nc = input.nc.toString(16).padStart(8, '0');
  let ha1 = h(`${credential.userName}:${realm}:${credential.password}`);
  if (algorithm.sess) ha1 = h(`${ha1}:${nonce}:${input.cnonce}`);
  const ha2 = h(`${input.method}:${input.uri}`);
  const response = useQop ? h(`${ha1}:${nonce}:${nc}:${input.cnonce}:auth:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const quote = (v: string) => `"${v.replace(/(["\\])/g, '\\$1')}"`;
  const fields = [
    `username=${quote(credential.userName)}`,
    `realm=${quote(realm)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${challenge['algorithm'] ?? 'MD5'}`,
    `nonce=${quote(nonce)}`,
    ...(useQop ? [`nc=${nc}`, `cnonce=${quote(input.cnonce)}`, 'qop=auth'] : []),
    `response=${quote(response)}`,
    ...(challenge['opaque'] !== undefined ? [`opaque=${quote(challenge['opaque'])}`] : []),
  ];
  return `Digest ${fields.join(', ')}`;
}

export function createDigestProxyAuth(credential: ProxyCredential): ProxyAuthenticator {
  let nc = 0;
  let lastNonce: string | null = null;
  return {
    scheme: 'digest',
    connectionBased: false,
    initial: async () => null,
    async respond(challenges: readonly ProxyChallenge[], request) {
      // Prefer SHA-256 when the proxy offers it (RFC 7616 §3.7), else the first Digest challenge.
      const digests = challenges.filter((c) => c.scheme.toLowerCase() === 'digest').map((c) => parseAuthParams(c.value));
      const chosen = digests.find((d) => (d['algorithm'] ?? '').toUpperCase().startsWith('SHA-256')) ?? digests[0];
      if (!chosen) return null;
      // A second challenge for the same nonce means the answer was wrong; a new nonce marked stale is a retry.
      if (lastNonce === chosen['nonce'] || (lastNonce !== null && chosen['stale']?.toLowerCase() !== 'true')) return null;
      lastNonce = chosen['nonce'] ?? null;
      nc += 1;
      return digestAuthorization({ credential, challenge: chosen, method: request.method, uri: request.uri, cnonce: randomBytes(16).toString('hex'), nc });
    },
  };
}
