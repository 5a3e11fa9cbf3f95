import kerberos from 'kerberos';
import { DeskError } from '../../shared/errors.ts';

export interface GssContext {
  /** Produces the next token (base64) from the peer's last one ('' to start). */
  step(peerToken: string): Promise<string>;
  readonly complete: boolean;
}

/**
 * A GSSAPI/SSPI initiator for `HTTP@<host>` through the `kerberos` package. On Linux and macOS it
 * uses the ticket cache named by KRB5CCNAME (or the default one); on Windows, the logon session.
 * `mech` selects SPNEGO (the `Negotiate` HTTP scheme) or raw krb5 (`Kerberos`).
 */
export async function startGssContext(serviceHost: string, mech: 'spnego' | 'krb5', errorCode: 'AUTH_FAILED' | 'PROXY_AUTH_FAILED'): Promise<GssContext> {
  const service = `HTTP@${serviceHost}`;
  const fail = (error: unknown) =>
    new DeskError(errorCode, `Kerberos could not authenticate to ${service}: ${error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unknown error'}. Check the service host (--spn-host) and that a ticket exists (kinit).`);
  let client: Awaited<ReturnType<typeof kerberos.initializeClient>>;
  try {
    client = await kerberos.initializeClient(service, { mechOID: mech === 'spnego' ? kerberos.GSS_MECH_OID_SPNEGO : kerberos.GSS_MECH_OID_KRB5 });
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
