import { DeskError } from '../../shared/errors.ts';
import type { ConnectionPlan } from '../../shared/policy/connection-plan-types.ts';
import { createBasicAuthenticator } from '../auth/basic.ts';
import type { AuthenticatorFactory } from '../auth/host-auth.ts';
import { createKerberosAuthenticator } from '../auth/kerberos-authenticator.ts';
import { createNegotiateAuthenticator } from '../auth/negotiate-authenticator.ts';
import { createNtlmAuthenticator } from '../auth/ntlm-authenticator.ts';
import type { ProxyAuthFactory } from '../proxy/proxy-auth.ts';
import { createBasicProxyAuth, createDigestProxyAuth } from '../proxy/proxy-auth-basic-digest.ts';
import { createNegotiateProxyAuth, type ProxyKerberosIdentity } from '../proxy/proxy-auth-negotiate.ts';
import { createNtlmProxyAuth } from '../proxy/proxy-auth-ntlm.ts';
import type { ConnectionRequest, ProxyCandidate } from './request.ts';

/** What the host authenticators are built from, once secrets and tickets are in hand. */
export interface HostSignIn {
  readonly userName: string;
  readonly password: string | undefined;
  /** The Kerberos principal whose ticket to use, where Kerberos may run, and the cache holding its ticket. */
  readonly principal: string | undefined;
  readonly ccache?: string;
  /** No ticket could be had for the stored credential: Negotiate goes straight to its NTLM fallback. */
  readonly kerberosUnavailable?: boolean;
}

export function hostAuthenticator(plan: ConnectionPlan, request: ConnectionRequest, signIn: HostSignIn): AuthenticatorFactory {
  const serviceHost = request.spnHost ?? request.endpoint.hostname;
  const encryptOverHttps = plan.protection === 'tls+message-encryption';
  const principal = { ...(signIn.principal ? { principal: signIn.principal } : {}), ...(signIn.ccache ? { ccache: signIn.ccache } : {}) };
  const password = signIn.password;
  switch (plan.auth) {
    case 'basic': {
      if (password === undefined) throw new DeskError('INVALID_ARGUMENT', 'Basic authentication needs a user name and password.', { settings: ['credential'] });
      const credential = { userName: signIn.userName, password };
      // The plan admits Basic over HTTP only directly and only with encryption `never`.
      return () => createBasicAuthenticator(credential, { allowUnencryptedHttp: plan.protection === 'none' });
    }
    case 'kerberos':
      return () => createKerberosAuthenticator({ httpScheme: 'Kerberos', serviceHost, ...principal, encryptOverHttps });
    case 'negotiate': {
      const fallback = request.ntlmFallback && password !== undefined ? { credential: { userName: signIn.userName, password } } : undefined;
      // Probing the collection would find some other identity's ticket: this one has none.
      if (signIn.kerberosUnavailable && fallback) return () => createNtlmAuthenticator(fallback.credential, { httpScheme: 'Negotiate', spnHost: serviceHost, encryptOverHttps });
      return () => createNegotiateAuthenticator({ serviceHost, ...principal, encryptOverHttps, ...(fallback ? { ntlmFallback: fallback } : {}) });
    }
    case 'ntlm': {
      if (password === undefined) throw new DeskError('INVALID_ARGUMENT', 'NTLM needs a user name and password.', { settings: ['credential'] });
      const credential = { userName: signIn.userName, password };
      // Negotiate that fell back to NTLM keeps the Negotiate scheme name on the wire, as Windows does.
      return () => createNtlmAuthenticator(credential, { httpScheme: 'Negotiate', spnHost: serviceHost, encryptOverHttps });
    }
  }
}

/** The proxy's own authentication: its own credential (or the logged-on user's ticket), its own scheme. */
export async function proxyAuthenticator(route: ProxyCandidate, loggedOnIdentity: () => Promise<ProxyKerberosIdentity>): Promise<ProxyAuthFactory | undefined> {
  const spnHost = route.spnHost ?? route.host;
  const credential = async () => {
    if (!route.credential) throw new DeskError('INVALID_ARGUMENT', `Proxy ${route.auth} authentication needs a proxy credential.`, { settings: ['proxyCredential'] });
    return { userName: route.credential.userName, password: await route.credential.password() };
  };
  switch (route.auth) {
    case 'none':
      return undefined;
    case 'basic': {
      const c = await credential();
      return () => createBasicProxyAuth(c);
    }
    case 'digest': {
      const c = await credential();
      return () => createDigestProxyAuth(c);
    }
    case 'ntlm': {
      const c = await credential();
      return () => createNtlmProxyAuth(c, spnHost);
    }
    case 'negotiate': {
      const identity = await loggedOnIdentity();
      return () => createNegotiateProxyAuth(spnHost, identity);
    }
  }
}
