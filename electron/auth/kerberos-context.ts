import kerberos from 'kerberos';
import { DeskError } from '../../shared/errors.ts';
import { kerberosReason } from './kerberos-message.ts';

export interface GssContext {
  /** Produces the next token (base64) from the peer's last one ('' to start). */
  step(peerToken: string): Promise<string>;
  readonly complete: boolean;
}

/**
 * A GSSAPI/SSPI initiator for `HTTP@<host>` through the `kerberos` package. On Linux and macOS it
 * takes the credentials of `principal` from the process's credential-cache collection (see
 * electron/connections/kerberos-identities.ts), or the collection's primary cache when none is named;
 * on Windows, the logon session. `mech` selects SPNEGO (the `Negotiate` HTTP scheme) or raw krb5.
 * A failure quotes the library's reason without the cache's name or path (kerberos-message.ts).
 */
export async function startGssContext(serviceHost: string, mech: 'spnego' | 'krb5', errorCode: 'AUTH_FAILED' | 'PROXY_AUTH_FAILED', principal?: string): Promise<GssContext> {
  const service = `HTTP@${serviceHost}`;
  const fail = (error: unknown) =>
    new DeskError(errorCode, `Kerberos could not authenticate to ${service}: ${error instanceof Error ? kerberosReason(error.message).replace(/\.$/, '') : 'unknown error'}. Check the Kerberos service host (SPN host) and that a ticket exists for the user.`, { cause: error, settings: ['spnHost', 'credential'] });
  let client: Awaited<ReturnType<typeof kerberos.initializeClient>>;
  try {
    client = await kerberos.initializeClient(service, { mechOID: mech === 'spnego' ? kerberos.GSS_MECH_OID_SPNEGO : kerberos.GSS_MECH_OID_KRB5, ...(principal ? { principal } : {}) });
  } catch (error) {
    throw fail(error);
  }
  return {
    get complete() {
      return client.contextComplete;
    },
    async step(peerToken: string) {
      try {
        return (await client.step(peerToken)) ?? '';
      } catch (error) {
        throw fail(error);
      }
    },
  };
}
