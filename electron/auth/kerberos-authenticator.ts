import { affinityAdvice } from './affinity.ts';
import { DeskError } from '../../shared/errors.ts';
import { challengeToken, challengesIn } from '../http/auth-challenges.ts';
import type { PinnedConnection } from '../http/pinned-connection.ts';
import type { HostAuthenticator } from './host-auth.ts';
import { startGssContext } from './kerberos-context.ts';
import { SOAP_CONTENT_TYPE, offeredSchemes, soapFromReply } from './soap-reply.ts';

export interface KerberosOptions {
  /** `Kerberos` sends raw krb5 tokens, `Negotiate` SPNEGO; Windows accepts both. */
  readonly httpScheme: 'Kerberos' | 'Negotiate';
  /** Host part of the service principal HTTP/<host>, when it differs from the address connected to. */
  readonly serviceHost: string;
  /** Whose ticket to use (`user@REALM`); the collection's primary cache when absent. */
  readonly principal?: string;
}

const MAX_LEGS = 6;

const AFFINITY_HELP = affinityAdvice('Kerberos');

/**
 * Kerberos (or SPNEGO) host authentication over HTTPS. The handshake runs on empty-body POSTs before
 * any SOAP is sent, and the context belongs to the connection generation it ran on: a reconnect means
 * a new handshake; a change in the middle of one, or a 401 right after one, is lost affinity.
 * Message encryption is not offered here: the platform layer cannot seal (DESIGN §3), so the plan only
 * routes Kerberos over HTTPS.
 */
export function createKerberosAuthenticator(options: KerberosOptions): HostAuthenticator {
  let authenticatedGeneration: number | null = null;
  let handshakes = 0;
  let requests = 0;

  async function handshake(connection: PinnedConnection, headersTimeoutMs: number): Promise<void> {
    const context = await startGssContext(options.serviceHost, options.httpScheme === 'Negotiate' ? 'spnego' : 'krb5', 'AUTH_FAILED', options.principal);
    let token = await context.step('');
    let generation: number | null = null;
    for (let leg = 0; leg < MAX_LEGS; leg++) {
      requests++;
      const reply = await connection.exchange({
        headers: { authorization: `${options.httpScheme} ${token}`, 'content-type': SOAP_CONTENT_TYPE, 'accept-encoding': 'identity' },
        body: '',
        headersTimeoutMs,
      });
      if (generation !== null && reply.generation !== generation) throw new DeskError('AFFINITY_LOST', `The connection changed in the middle of the ${options.httpScheme} handshake. ${AFFINITY_HELP}`);
      generation = reply.generation;
      const serverToken = challengeToken(challengesIn(reply.headers['www-authenticate']), options.httpScheme);
      if (reply.status === 200) {
        // The last token is the server's mutual-authentication proof; a bad one fails the step.
        if (serverToken && !context.complete) await context.step(serverToken);
        authenticatedGeneration = generation;
        handshakes++;
        connection.reportHop({ stage: 'winrm-auth', detail: `Kerberos accepted (${options.httpScheme} scheme)`, mechanism: 'kerberos' });
        connection.reportHop({ stage: 'encryption', detail: 'TLS protects the messages', sealed: false });
        return;
      }
      if (reply.status !== 401) soapFromReply(reply, connection.endpoint.origin);
      if (!serverToken || context.complete) {
        const offered = offeredSchemes(reply);
        if (leg > 0 && !offered.some((s) => s.toLowerCase() === options.httpScheme.toLowerCase())) {
          throw new DeskError('AFFINITY_LOST', `The server stopped offering ${options.httpScheme} in the middle of the handshake. ${AFFINITY_HELP}`);
        }
        throw new DeskError('AUTH_FAILED', `${connection.endpoint.origin} rejected the Kerberos ticket for HTTP/${options.serviceHost}${offered.length ? ` (it offers ${offered.join(', ')})` : ''}. Check the Kerberos service host (SPN host) and that the user may use WinRM.`, { settings: ['spnHost'] });
      }
      token = await context.step(serverToken);
    }
    throw new DeskError('AUTH_FAILED', `The ${options.httpScheme} handshake did not finish in ${MAX_LEGS} legs.`);
  }

  return {
    scheme: options.httpScheme === 'Negotiate' ? 'negotiate' : 'kerberos',
    stats: () => ({ handshakes, requests }),
    async exchange(connection, soap, headersTimeoutMs) {
      // A closed socket means undici will open a new one: authenticate that one first.
      if (authenticatedGeneration === null || !connection.isOpen || connection.generation !== authenticatedGeneration) {
        await handshake(connection, headersTimeoutMs);
      }
      requests++;
      const reply = await connection.exchange({ headers: { 'content-type': SOAP_CONTENT_TYPE, 'accept-encoding': 'identity' }, body: soap, headersTimeoutMs });
      if (reply.status === 401) {
        const reconnected = reply.generation !== authenticatedGeneration;
        authenticatedGeneration = null;
        if (!reconnected) throw new DeskError('AFFINITY_LOST', `The server asked to authenticate again right after a completed handshake. ${AFFINITY_HELP}`);
        // The request was refused on a fresh connection, not processed: authenticate it and send again, once.
        await handshake(connection, headersTimeoutMs);
        requests++;
        const again = await connection.exchange({ headers: { 'content-type': SOAP_CONTENT_TYPE, 'accept-encoding': 'identity' }, body: soap, headersTimeoutMs });
        if (again.status === 401) throw new DeskError('AFFINITY_LOST', `The server asked to authenticate again right after a completed handshake. ${AFFINITY_HELP}`);
        return soapFromReply(again, connection.endpoint.origin);
      }
      return soapFromReply(reply, connection.endpoint.origin);
    },
  };
}
