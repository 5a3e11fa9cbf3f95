import type { HostAuthenticator } from './host-auth.ts';
import { createKerberosAuthenticator } from './kerberos-authenticator.ts';
import { startGssContext } from './kerberos-context.ts';
import { createNtlmAuthenticator, type NtlmCredential } from './ntlm-authenticator.ts';

export interface NegotiateOptions {
  readonly serviceHost: string;
  /** Whose Kerberos ticket to use (`user@REALM`). */
  readonly principal?: string;
  /** When set, NTLM (under the Negotiate scheme) is used where no Kerberos ticket can be had. */
  readonly ntlmFallback?: { readonly credential: NtlmCredential; readonly encryptOverHttps?: boolean };
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
    try {
      const probe = await startGssContext(options.serviceHost, 'spnego', 'AUTH_FAILED', options.principal);
      await probe.step('');
      return createKerberosAuthenticator({ httpScheme: 'Negotiate', serviceHost: options.serviceHost, ...(options.principal ? { principal: options.principal } : {}) });
    } catch (error) {
      if (!options.ntlmFallback) throw error;
      return createNtlmAuthenticator(options.ntlmFallback.credential, {
        httpScheme: 'Negotiate',
        spnHost: options.serviceHost,
        ...(options.ntlmFallback.encryptOverHttps ? { encryptOverHttps: true } : {}),
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
