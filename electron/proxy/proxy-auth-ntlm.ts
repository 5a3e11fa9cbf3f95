import { DeskError } from '../../shared/errors.ts';
import { beginNtlmHandshake, ntlmKey, type NtlmHandshake } from '../auth/ntlm/client.ts';
import type { ProxyCredential } from './proxy-auth-basic-digest.ts';
import type { ProxyAuthenticator } from './proxy-auth.ts';

/**
 * NTLM to the proxy on the CONNECT socket: NEGOTIATE up front, AUTHENTICATE for the proxy's CHALLENGE.
 * No session security is used (the tunnel carries TLS), and no channel bindings exist for a plain
 * proxy connection. `httpScheme` is `NTLM` or, for proxies that wrap raw NTLM in it, `Negotiate`.
 */
export function createNtlmProxyAuth(credential: ProxyCredential, proxyHost: string, httpScheme: 'NTLM' | 'Negotiate' = 'NTLM'): ProxyAuthenticator {
  const key = ntlmKey(credential.userName, credential.password);
  let handshake: NtlmHandshake | null = null;
  return {
    scheme: 'ntlm',
    connectionBased: true,
    async initial() {
      handshake = beginNtlmHandshake(key);
      return `${httpScheme} ${handshake.negotiate.toString('base64')}`;
    },
    async respond(challenges) {
      const challenge = challenges.find((c) => c.scheme.toLowerCase() === httpScheme.toLowerCase() && c.value !== '');
      if (!handshake || !challenge) return null;
      const current = handshake;
      handshake = null;
      let token: Buffer;
      try {
        token = Buffer.from(challenge.value, 'base64');
      } catch {
        throw new DeskError('PROXY_AUTH_FAILED', 'The proxy sent an NTLM challenge that is not base64.');
      }
      const { token: authenticate } = current.authenticate(token, { targetName: `HTTP/${proxyHost}`, channelBindings: null });
      return `${httpScheme} ${authenticate.toString('base64')}`;
    },
  };
}
