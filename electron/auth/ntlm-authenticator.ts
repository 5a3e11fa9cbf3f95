import { affinityAdvice } from './affinity.ts';
import { DeskError } from '../../shared/errors.ts';
import { challengeToken, challengesIn } from '../http/auth-challenges.ts';
import type { HttpReply, PinnedConnection } from '../http/pinned-connection.ts';
import { SPNEGO_ENCRYPTED } from './encryption/multipart.ts';
import { replacedConnectionError, sendOnContext, type ContextHooks, type EstablishedContext } from './encryption/sealed-exchange.ts';
import type { HostAuthenticator } from './host-auth.ts';
import { beginNtlmHandshake, ntlmKey, type NtlmEntropy } from './ntlm/client.ts';
import { tlsServerEndPoint } from './channel-bindings.ts';
import type { NtlmSessionSecurity } from './ntlm/session-security.ts';
import { offeredSchemes } from './soap-reply.ts';

export interface NtlmCredential {
  /** `DOMAIN\user`, `user@domain` or `user`. */
  readonly userName: string;
  readonly password: string;
}

export interface NtlmOptions {
  /** `Negotiate` carrying raw NTLMSSP tokens (what Windows WinRM offers) or the legacy `NTLM` scheme name. */
  readonly httpScheme?: 'Negotiate' | 'NTLM';
  /** Seal SOAP over HTTPS too; without it HTTPS carries plain SOAP and the context is bound to the TLS channel instead. */
  readonly encryptOverHttps?: boolean;
  /** The host named in the SPN `HTTP/<host>` when it is not the URL's host (connecting by address). */
  readonly spnHost?: string;
  readonly entropy?: NtlmEntropy;
}

interface Context extends EstablishedContext {
  readonly security: NtlmSessionSecurity;
}

const AFFINITY_ADVICE = affinityAdvice('NTLM');

/** `NTLM <token>` or `Negotiate <token>` among the WWW-Authenticate values, for this scheme only. */
function ntlmChallenge(reply: HttpReply, scheme: string): Buffer | null {
  const token = challengeToken(challengesIn(reply.headers['www-authenticate']), scheme);
  return token !== null && /^[A-Za-z0-9+/]+={0,2}$/.test(token) ? Buffer.from(token, 'base64') : null;
}

/**
 * NTLMv2 for WinRM (`--auth ntlm`): a handshake of two empty-body POSTs on the pinned connection, then
 * SOAP sealed with NTLM session security over HTTP (MS-WSMV 2.2.9.1), or plain over HTTPS with the
 * context bound to the TLS channel. The context belongs to one socket generation. A rejected password,
 * a failed integrity check or a malformed security message ends the authenticator: later calls fail
 * with the same error and send nothing, so a wrong password is tried once and never locks an account out.
 */
export function createNtlmAuthenticator(credential: NtlmCredential, options: NtlmOptions = {}): HostAuthenticator {
  const key = ntlmKey(credential.userName, credential.password);
  const scheme = options.httpScheme ?? 'Negotiate';
  let context: Context | null = null;
  let fatal: DeskError | null = null;
  let handshakes = 0;
  let requests = 0;
  let queue: Promise<unknown> = Promise.resolve();

  /** Ends the authenticator: this error answers every later call. */
  function end(error: DeskError): DeskError {
    fatal = error;
    context = null;
    return error;
  }

  function ending<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw error instanceof DeskError ? end(error) : error;
    }
  }

  async function handshake(connection: PinnedConnection, headersTimeoutMs: number): Promise<Context> {
    const origin = connection.endpoint.origin;
    const https = connection.endpoint.protocol === 'https:';
    const ntlm = beginNtlmHandshake(key, options.entropy);
    const leg = (token: Buffer) =>
      connection.exchange({ headers: { authorization: `${scheme} ${token.toString('base64')}`, 'accept-encoding': 'identity' }, body: '', headersTimeoutMs });

    const first = await leg(ntlm.negotiate);
    const challenge = first.status === 401 ? ntlmChallenge(first, scheme) : null;
    if (!challenge) {
      if (first.status !== 401) throw new DeskError('HTTP_ERROR', `${origin} answered HTTP ${first.status} to the start of NTLM authentication instead of a challenge.`);
      const offered = offeredSchemes(first);
      if (connection.viaForwardProxy && !offered.some((o) => /^(negotiate|ntlm)$/i.test(o))) {
        // WinRM always offers Negotiate; a 401 without it, through a proxy, is the proxy removing it.
        throw end(new DeskError('AFFINITY_LOST', `The proxy between this machine and ${origin} removed the server's offer of connection-based authentication (it passed on ${offered.length ? `only ${offered.join(', ')}` : 'no authentication offer'}). ${AFFINITY_ADVICE}`));
      }
      throw end(new DeskError('AUTH_FAILED', `${origin} did not answer NTLM through ${scheme}${offered.length ? ` (it offers ${offered.join(', ')})` : ''}.`));
    }
    const closing = [first.headers['connection'], first.headers['proxy-connection']].flat().some((v) => typeof v === 'string' && /\bclose\b/i.test(v));
    if (closing || !connection.isOpen || connection.generation !== first.generation) {
      throw end(new DeskError('AFFINITY_LOST', `The connection to ${origin} closed in the middle of NTLM authentication${connection.viaForwardProxy ? ' (the proxy does not keep it open)' : ''}. ${AFFINITY_ADVICE}`));
    }
    const certificate = https ? connection.peerCertificate : null;
    if (https && !certificate) throw new DeskError('PROTOCOL_ERROR', `The TLS connection to ${origin} has no server certificate to bind NTLM to.`);
    const { token, security } = ending(() =>
      ntlm.authenticate(challenge, {
        targetName: `HTTP/${options.spnHost ?? connection.endpoint.hostname}`,
        channelBindings: certificate ? tlsServerEndPoint(certificate) : null,
      }),
    );

    let second: HttpReply;
    try {
      second = await leg(token);
    } catch (error) {
      if (error instanceof DeskError && error.code === 'CONNECTION_LOST') {
        throw end(new DeskError('AFFINITY_LOST', `The connection to ${origin} was lost in the middle of NTLM authentication. ${AFFINITY_ADVICE}`));
      }
      throw error;
    }
    if (second.generation !== first.generation) {
      throw new DeskError('AFFINITY_LOST', `The connection to ${origin} changed in the middle of NTLM authentication. ${AFFINITY_ADVICE}`);
    }
    if (second.status === 401) {
      throw end(new DeskError('AUTH_FAILED', `${origin} rejected the NTLM credentials (HTTP 401). Check the user name (DOMAIN\\user), the password, and that the account may use WinRM.`));
    }
    if (second.status !== 200) throw new DeskError('HTTP_ERROR', `${origin} answered HTTP ${second.status} to NTLM authentication.`);
    handshakes++;
    const encrypt = !https || options.encryptOverHttps === true;
    connection.reportHop({ stage: 'winrm-auth', detail: `NTLM accepted (${options.httpScheme ?? 'Negotiate'} scheme)`, mechanism: 'ntlm' });
    connection.reportHop({ stage: 'encryption', detail: encrypt ? 'NTLM seals every message' : 'TLS protects the messages', sealed: encrypt });
    return { generation: first.generation, security, sealer: encrypt ? security : null, protocol: SPNEGO_ENCRYPTED };
  }

  const hooks: ContextHooks = {
    affinityAdvice: AFFINITY_ADVICE,
    invalidate: () => {
      context = null;
    },
    end,
  };

  async function send(connection: PinnedConnection, ctx: Context, soap: string, headersTimeoutMs: number): Promise<Buffer> {
    requests++;
    const result = await sendOnContext(connection, ctx, soap, headersTimeoutMs, hooks);
    if (!Buffer.isBuffer(result)) {
      if (result.reconnected) throw replacedConnectionError(connection.endpoint.origin, AFFINITY_ADVICE);
      throw new DeskError('AFFINITY_LOST', `${connection.endpoint.origin} answered 401 on a connection it had authenticated: the NTLM context did not survive between requests. ${AFFINITY_ADVICE}`);
    }
    return result;
  }

  async function exchange(connection: PinnedConnection, soap: string, headersTimeoutMs: number): Promise<Buffer> {
    if (fatal) throw fatal;
    // A closed socket or a newer generation means undici would carry the request on a connection the
    // context does not belong to: authenticate that connection before anything is sent on it.
    if (context && (!connection.isOpen || connection.generation !== context.generation)) context = null;
    context ??= await handshake(connection, headersTimeoutMs);
    return send(connection, context, soap, headersTimeoutMs);
  }

  return {
    scheme: 'ntlm',
    stats: () => ({ handshakes, requests }),
    exchange(connection, soap, headersTimeoutMs) {
      // One request at a time: a handshake and the sequence numbers of sealed messages must not interleave.
      const run = queue.then(() => exchange(connection, soap, headersTimeoutMs));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
