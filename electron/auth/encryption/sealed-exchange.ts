import { DeskError } from '../../../shared/errors.ts';
import type { HttpReply, PinnedConnection } from '../../http/pinned-connection.ts';
import { SOAP_CONTENT_TYPE, soapFromReply } from '../soap-reply.ts';
import { ArrivingReply, encryptedProtocolOf, sealBody, unsealBody } from './multipart.ts';
import type { MessageSealer } from './sealer.ts';

/** An established connection-based context, as one request after the handshake needs it. */
export interface EstablishedContext {
  /** The socket generation the handshake ran on. */
  readonly generation: number;
  /** Seals every message (HTTP, or HTTPS with encryption forced); null: plain SOAP inside TLS. */
  readonly sealer: MessageSealer | null;
  /** The multipart/encrypted protocol of the scheme (SPNEGO's or Kerberos'). */
  readonly protocol: string;
}

export interface ContextHooks {
  /** What to do about lost affinity, appended to its errors. */
  readonly affinityAdvice: string;
  /** The context can no longer be trusted; the next request authenticates again. */
  invalidate(): void;
  /** The reply is hostile or broken: the error ends the authenticator, and answers every later call. */
  end(error: DeskError): DeskError;
}

/** A 401; the caller decides between lost affinity and a new handshake. */
export interface Unauthorized {
  readonly unauthorized: true;
  /** It came on a newer connection than the handshake's: the server refused, it did not process, the request. */
  readonly reconnected: boolean;
}

export function replacedConnectionError(origin: string, affinityAdvice: string): DeskError {
  return new DeskError('AFFINITY_LOST', `The connection to ${origin} was replaced while a request was on its way, so the request reached the server on a connection that was never authenticated; it was not retried. ${affinityAdvice}`);
}

/**
 * Sends one SOAP message on an established context and reads the SOAP reply, for every
 * connection-based scheme alike: sealed and unsealed in order (MS-WSMV 2.2.9.1) when the context
 * seals, checked to have stayed on the handshake's connection, and refused when the server answers
 * an encrypted request in clear (a downgrade by a box on the path).
 */
export async function sendOnContext(connection: PinnedConnection, context: EstablishedContext, soap: string, headersTimeoutMs: number, hooks: ContextHooks): Promise<Buffer | Unauthorized> {
  const origin = connection.endpoint.origin;
  const sealed = context.sealer ? sealBody(context.sealer, context.protocol, Buffer.from(soap, 'utf8')) : null;
  // A sealed reply is decrypted as it arrives (where the mechanism can) and verified once it is whole.
  const arriving = context.sealer ? new ArrivingReply(context.sealer, context.protocol) : null;
  let encryptedReply: boolean | undefined;
  let reply: HttpReply;
  try {
    reply = await connection.exchange({
      headers: { 'content-type': sealed?.contentType ?? SOAP_CONTENT_TYPE, 'accept-encoding': 'identity' },
      body: sealed?.body ?? soap,
      headersTimeoutMs,
      ...(arriving
        ? {
            onBodyArrived: (arrived: Buffer, headers: HttpReply['headers']) => {
              encryptedReply ??= encryptedProtocolOf(String(headers['content-type'] ?? '')) !== null;
              if (encryptedReply) arriving.arrived(arrived);
            },
          }
        : {}),
    });
  } catch (error) {
    // The server may or may not have consumed a sequence number: the context cannot be trusted.
    hooks.invalidate();
    throw error;
  }
  if (reply.status === 401) {
    hooks.invalidate();
    return { unauthorized: true, reconnected: reply.generation !== context.generation };
  }
  if (reply.generation !== context.generation) {
    hooks.invalidate();
    throw replacedConnectionError(origin, hooks.affinityAdvice);
  }
  const contentType = String(reply.headers['content-type'] ?? '');
  if (encryptedProtocolOf(contentType) !== null) {
    if (!context.sealer) throw hooks.end(new DeskError('PROTOCOL_ERROR', `${origin} answered a plain request with an encrypted message.`));
    let plaintext: Buffer;
    try {
      plaintext = unsealBody(context.sealer, context.protocol, contentType, reply.body, arriving ?? undefined);
    } catch (error) {
      throw error instanceof DeskError ? hooks.end(error) : error;
    }
    return soapFromReply({ ...reply, headers: { ...reply.headers, 'content-type': SOAP_CONTENT_TYPE }, body: plaintext }, origin);
  }
  if (context.sealer && (reply.status === 200 || (reply.status === 500 && reply.body.length > 0))) {
    throw hooks.end(new DeskError('INTEGRITY_FAILED', `${origin} answered an encrypted request in plain text (HTTP ${reply.status}); the reply was refused and the session closed.`));
  }
  if (context.sealer) hooks.invalidate(); // e.g. 400: the server could not decrypt; its sequence state is unknown
  return soapFromReply(reply, origin);
}
