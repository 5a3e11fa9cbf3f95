import { errors } from 'undici';
import { DeskError } from '../../shared/errors.ts';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'INVALID_CA',
]);

/** Turns socket, TLS and undici errors into coded errors that say what to change. */
export function toNetworkError(error: unknown, target: string): DeskError {
  if (error instanceof DeskError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (UNTRUSTED.has(code)) {
    return new DeskError(
      'TLS_UNTRUSTED',
      `The certificate of ${target} is not trusted (${code}). Trust its CA (a CA file), pin its thumbprint, or fix the server's certificate.`,
      { cause: error, settings: ['caFile', 'certThumbprint'] },
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new DeskError('TLS_HOSTNAME_MISMATCH', `The certificate of ${target} does not name that host. Connect by a name the certificate lists.`, { cause: error });
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
    return new DeskError('TLS_FAILED', `The TLS handshake with ${target} failed (${code}). Is that port an HTTPS listener?`, { cause: error });
  }
  // What the server sent is not a valid HTTP/1.1 response: llhttp's parse errors
  // (undici leaves their HPE_* code unset), a head beyond undici's maxHeaderSize, a body shorter or
  // longer than its Content-Length.
  if (error instanceof errors.HTTPParserError) {
    const reason = /\(([^()]{1,60})\)$/.exec(error.message)?.[1] ?? 'unparsable';
    return new DeskError('MALFORMED_RESPONSE', `${target} sent a response that is not valid HTTP/1.1 (${reason}).`, { cause: error });
  }
  switch (code) {
    case 'UND_ERR_HEADERS_OVERFLOW':
      return new DeskError('MALFORMED_RESPONSE', `${target} sent response headers larger than the client accepts.`, { cause: error });
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return new DeskError('MALFORMED_RESPONSE', `${target} sent a response body whose length differs from its Content-Length.`, { cause: error });
    case 'UND_ERR_RES_EXCEEDED_MAX_SIZE':
      return new DeskError('MALFORMED_RESPONSE', `${target} sent a response larger than the client accepts.`, { cause: error });
    case 'ECONNREFUSED':
      return new DeskError('CONNECTION_REFUSED', `${target} refused the connection. Is WinRM listening on that port?`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DeskError('HOST_NOT_FOUND', `The name in ${target} does not resolve.`, { cause: error });
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new DeskError('TIMEOUT', `Connecting to ${target} timed out.`, { cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new DeskError('TIMEOUT', `${target} did not answer in time.`, { cause: error });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new DeskError('CONNECTION_LOST', `The connection to ${target} was closed while a request was in flight.`, { cause: error });
    default:
      return new DeskError('CONNECTION_LOST', `The connection to ${target} failed (${code || 'unknown error'}).`, { cause: error });
  }
}
