import { startGssContext, type GssContext } from '../auth/kerberos-context.ts';
import type { ProxyAuthenticator } from './proxy-auth.ts';

export interface ProxyKerberosIdentity {
  /** The logged-on user's principal and the credential cache holding its ticket. */
  readonly principal?: string;
  readonly ccache?: string;
}

/** Negotiate (Kerberos via SPNEGO) to the proxy, whose service name is HTTP@<proxy host>. */
export function createNegotiateProxyAuth(proxySpnHost: string, identity: ProxyKerberosIdentity = {}): ProxyAuthenticator {
  let context: GssContext | null = null;
  return {
    scheme: 'negotiate',
    connectionBased: true,
    async initial() {
      context?.dispose();
      context = await startGssContext({ serviceHost: proxySpnHost, mech: 'spnego', errorCode: 'PROXY_AUTH_FAILED', ...identity });
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
