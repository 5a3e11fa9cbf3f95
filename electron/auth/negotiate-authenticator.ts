import type { HostAuthenticator } from './host-auth.ts';
import { createKerberosAuthenticator } from './kerberos-authenticator.ts';
import { startGssContext } from './kerberos-context.ts';
import { createNtlmAuthenticator, type NtlmCredential } from './ntlm-authenticator.ts';

export interface NegotiateOptions {
  readonly serviceHost: string;
  /** Whose Kerberos ticket to use (`user@REALM`), and the credential cache holding its ticket. */
  readonly principal?: string;
  readonly ccache?: string;
  /** Seal SOAP over HTTPS too (encryption `always`), whichever mechanism is chosen. */
  readonly encryptOverHttps?: boolean;
  /** When set, NTLM (under the Negotiate scheme) is used where no Kerberos ticket can be had. */
  readonly ntlmFallback?: { readonly credential: NtlmCredential };
}

/**
 * Negotiate as Windows clients do it: Kerberos (SPNEGO) when a ticket for HTTP/<host> can be had,
 * otherwise NTLM — but only where the profile allows the fallback, since NTLM is weaker and a silent
 * downgrade is what an attacker who blocks the KDC would want.
 */
export function createNegotiateAuthenticator(options: NegotiateOptions): HostAuthenticator {
  let chosen: HostAuthenticator | null = null;
  let choosing: Promise<HostAuthenticator> | null = null;

  async function choose(): Promise<HostAuthenticator> {
    const identity = { ...(options.principal ? { principal: options.principal } : {}), ...(options.ccache ? { ccache: options.ccache } : {}) };
    const encrypt = options.encryptOverHttps ? { encryptOverHttps: true } : {};
    try {
      // A first token means a service ticket could be had; the real handshake makes its own context.
      const probe = await startGssContext({ serviceHost: options.serviceHost, mech: 'spnego', errorCode: 'AUTH_FAILED', ...identity });
      try {
        await probe.step('');
      } finally {
        probe.dispose();
      }
      return createKerberosAuthenticator({ httpScheme: 'Negotiate', serviceHost: options.serviceHost, ...identity, ...encrypt });
    } catch (error) {
      if (!options.ntlmFallback) throw error;
      return createNtlmAuthenticator(options.ntlmFallback.credential, {
        httpScheme: 'Negotiate',
        spnHost: options.serviceHost,
        ...encrypt,
      });
    }
  }

  return {
    scheme: 'negotiate',
    stats: () => chosen?.stats() ?? { handshakes: 0, requests: 0 },
    async exchange(connection, soap, headersTimeoutMs) {
      chosen ??= await (choosing ??= choose());
      return chosen.exchange(connection, soap, headersTimeoutMs);
    },
  };
}
