import { startGssContext, type GssContext } from '../auth/kerberos-context.ts';
import type { ProxyAuthenticator } from './proxy-auth.ts';

/** Negotiate (Kerberos via SPNEGO) to the proxy, whose service name is HTTP@<proxy host>. */
export function createNegotiateProxyAuth(proxySpnHost: string, principal?: string): ProxyAuthenticator {
  let context: GssContext | null = null;
  return {
    scheme: 'negotiate',
    connectionBased: true,
    async initial() {
      context = await startGssContext(proxySpnHost, 'spnego', 'PROXY_AUTH_FAILED', principal);
      return `Negotiate ${await context.step('')}`;
    },
    async respond(challenges) {
      const challenge = challenges.find((c) => c.scheme.toLowerCase() === 'negotiate' && c.value !== '');
      if (!context || !challenge || context.complete) return null;
      const token = await context.step(challenge.value);
      return token ? `Negotiate ${token}` : null;
    },
  };
}
