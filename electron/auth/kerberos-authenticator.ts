import { affinityAdvice } from './affinity.ts';
import { DeskError } from '../../shared/errors.ts';
import { challengeToken, challengesIn } from '../http/auth-challenges.ts';
import type { PinnedConnection } from '../http/pinned-connection.ts';
import { KERBEROS_ENCRYPTED, SPNEGO_ENCRYPTED } from './encryption/multipart.ts';
import { sendOnContext, type ContextHooks, type EstablishedContext } from './encryption/sealed-exchange.ts';
import type { HostAuthenticator } from './host-auth.ts';
import { startGssContext, type GssContext } from './kerberos-context.ts';
import { tlsServerEndPoint } from './channel-bindings.ts';
import { SOAP_CONTENT_TYPE, offeredSchemes, soapFromReply } from './soap-reply.ts';

export interface KerberosOptions {
  /** `Kerberos` sends raw krb5 tokens, `Negotiate` SPNEGO; Windows accepts both. */
  readonly httpScheme: 'Kerberos' | 'Negotiate';
  /** Host part of the service principal HTTP/<host>, when it differs from the address connected to. */
  readonly serviceHost: string;
  /** Whose ticket to use (`user@REALM`); the cache's default principal when absent. */
  readonly principal?: string;
  /** The credential cache holding that ticket. */
  readonly ccache?: string;
  /** Seal SOAP over HTTPS too (encryption `always`); over HTTP messages are always sealed. */
  readonly encryptOverHttps?: boolean;
  /**
   * Tests only: channel bindings sent instead of the certificate's, to show that the server checks
   * what is sent (a wrong value must be refused).
   */
  readonly channelBindingsOverride?: Buffer;
}

interface Context extends EstablishedContext {
  readonly gss: GssContext;
}

const MAX_LEGS = 6;

const AFFINITY_HELP = affinityAdvice('Kerberos');

/**
 * Kerberos (or SPNEGO with Kerberos inside) host authentication. The handshake runs on empty-body
 * POSTs before any SOAP is sent; over HTTPS it carries `tls-server-end-point` channel bindings (the
 * same hash rule as NTLM's), and over HTTP every message is sealed with the context (MS-WSMV
 * 2.2.9.1: the RFC 4121 wrap token, header first). The context belongs to the connection generation
 * it ran on: a reconnect means a new handshake; a change in the middle of one, or a 401 on the same
 * connection right after one, is lost affinity. A tampered, replayed or downgraded reply ends the
 * authenticator, and later calls fail with the same error without sending anything.
 */
export function createKerberosAuthenticator(options: KerberosOptions): HostAuthenticator {
  let context: Context | null = null;
  let fatal: DeskError | null = null;
  let handshakes = 0;
  let requests = 0;
  let queue: Promise<unknown> = Promise.resolve();

  function drop(): void {
    context?.gss.dispose();
    context = null;
  }

  const hooks: ContextHooks = {
    affinityAdvice: AFFINITY_HELP,
    invalidate: drop,
    end(error) {
      fatal = error;
      drop();
      return error;
    },
  };

  async function channelBindings(connection: PinnedConnection): Promise<Buffer | undefined> {
    if (connection.endpoint.protocol !== 'https:') return undefined;
    // The first token carries the bindings, so the TLS connection (and its certificate) comes first.
    await connection.connect();
    if (options.channelBindingsOverride) return options.channelBindingsOverride;
    const certificate = connection.peerCertificate;
    if (!certificate) throw new DeskError('PROTOCOL_ERROR', `The TLS connection to ${connection.endpoint.origin} has no server certificate to bind Kerberos to.`);
    return tlsServerEndPoint(certificate);
  }

  async function handshake(connection: PinnedConnection, headersTimeoutMs: number): Promise<Context> {
    const bindings = await channelBindings(connection);
    const gss = await startGssContext({
      serviceHost: options.serviceHost,
      mech: options.httpScheme === 'Negotiate' ? 'spnego' : 'krb5',
      errorCode: 'AUTH_FAILED',
      ...(options.principal ? { principal: options.principal } : {}),
      ...(options.ccache ? { ccache: options.ccache } : {}),
      ...(bindings ? { channelBindings: bindings } : {}),
    });
    try {
      return await runLegs(connection, gss, headersTimeoutMs);
    } catch (error) {
      gss.dispose();
      throw error;
    }
  }

  async function runLegs(connection: PinnedConnection, gss: GssContext, headersTimeoutMs: number): Promise<Context> {
    const origin = connection.endpoint.origin;
    let token = await gss.step('');
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
        // The last token is the server's mutual-authentication proof; a bad one fails the step, and
        // without one the server has not proved who it is, so nothing is sent to it.
        if (serverToken && !gss.complete) await gss.step(serverToken);
        if (!gss.complete) throw new DeskError('AUTH_FAILED', `${origin} accepted the Kerberos ticket but did not prove that it is HTTP/${options.serviceHost}; nothing was sent to it.`, { settings: ['spnHost'] });
        const encrypt = connection.endpoint.protocol !== 'https:' || options.encryptOverHttps === true;
        handshakes++;
        connection.reportHop({ stage: 'winrm-auth', detail: `Kerberos accepted (${options.httpScheme} scheme)`, mechanism: 'kerberos' });
        connection.reportHop({ stage: 'encryption', detail: encrypt ? 'Kerberos seals every message' : 'TLS protects the messages', sealed: encrypt });
        return { generation, gss, sealer: encrypt ? gss.sealer() : null, protocol: options.httpScheme === 'Kerberos' ? KERBEROS_ENCRYPTED : SPNEGO_ENCRYPTED };
      }
      if (reply.status !== 401) soapFromReply(reply, origin);
      if (!serverToken || gss.complete) {
        const offered = offeredSchemes(reply);
        if (leg > 0 && !offered.some((s) => s.toLowerCase() === options.httpScheme.toLowerCase())) {
          throw new DeskError('AFFINITY_LOST', `The server stopped offering ${options.httpScheme} in the middle of the handshake. ${AFFINITY_HELP}`);
        }
        if (connection.viaForwardProxy && !offered.some((s) => /^(negotiate|kerberos)$/i.test(s))) {
          // WinRM always offers Negotiate and Kerberos; a 401 without them, through a proxy, is the proxy removing them.
          throw new DeskError('AFFINITY_LOST', `The proxy between this machine and ${origin} removed the server's offer of connection-based authentication (it passed on ${offered.length ? `only ${offered.join(', ')}` : 'no authentication offer'}). ${AFFINITY_HELP}`);
        }
        throw new DeskError('AUTH_FAILED', `${origin} rejected the Kerberos ticket for HTTP/${options.serviceHost}${offered.length ? ` (it offers ${offered.join(', ')})` : ''}. Check the Kerberos service host (SPN host) and that the user may use WinRM.`, { settings: ['spnHost'] });
      }
      token = await gss.step(serverToken);
    }
    throw new DeskError('AUTH_FAILED', `The ${options.httpScheme} handshake did not finish in ${MAX_LEGS} legs.`);
  }

  async function exchange(connection: PinnedConnection, soap: string, headersTimeoutMs: number): Promise<Buffer> {
    if (fatal) throw fatal;
    // A closed socket means undici will open a new one: authenticate that one first.
    if (context && (!connection.isOpen || connection.generation !== context.generation)) drop();
    context ??= await handshake(connection, headersTimeoutMs);
    requests++;
    const result = await sendOnContext(connection, context, soap, headersTimeoutMs, hooks);
    if (Buffer.isBuffer(result)) return result;
    if (!result.reconnected) throw new DeskError('AFFINITY_LOST', `The server asked to authenticate again right after a completed handshake. ${AFFINITY_HELP}`);
    // Refused on a fresh connection, not processed: authenticate that connection and send again, once.
    context = await handshake(connection, headersTimeoutMs);
    requests++;
    const again = await sendOnContext(connection, context, soap, headersTimeoutMs, hooks);
    if (!Buffer.isBuffer(again)) throw new DeskError('AFFINITY_LOST', `The server asked to authenticate again right after a completed handshake. ${AFFINITY_HELP}`);
    return again;
  }

  return {
    scheme: options.httpScheme === 'Negotiate' ? 'negotiate' : 'kerberos',
    stats: () => ({ handshakes, requests }),
    exchange(connection, soap, headersTimeoutMs) {
      // One request at a time: a handshake and the sequence numbers of sealed messages must not interleave.
      const run = queue.then(() => exchange(connection, soap, headersTimeoutMs));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
