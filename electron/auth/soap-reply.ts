import { DeskError } from '../../shared/errors.ts';
import { challengesIn, offeredSchemeNames } from '../http/auth-challenges.ts';
import type { HttpReply } from '../http/pinned-connection.ts';

export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

function header(reply: HttpReply, name: string): string {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** The schemes a 401 offers, by name only (tokens are not for messages). */
export function offeredSchemes(reply: HttpReply): string[] {
  return offeredSchemeNames(challengesIn(reply.headers['www-authenticate']));
}

/**
 * Interprets the HTTP layer of a WinRM reply: 200 carries SOAP, 500 with a SOAP body carries a fault
 * (decoded by the caller), anything else is an HTTP error that names the status, not the body. The
 * SOAP is handed on as the body's bytes: the XML reader works on them.
 */
export function soapFromReply(reply: HttpReply, target: string): Buffer {
  const contentType = header(reply, 'content-type').toLowerCase();
  const isSoap = contentType.startsWith('application/soap+xml');
  if (reply.status === 200 || (reply.status === 500 && isSoap)) {
    if (!isSoap && reply.body.length > 0) {
      throw new DeskError('MALFORMED_RESPONSE', `${target} answered ${reply.status} with ${contentType || 'no content type'} instead of SOAP.`);
    }
    return reply.body;
  }
  if (reply.status === 401) {
    const offered = offeredSchemes(reply);
    throw new DeskError(
      'AUTH_FAILED',
      `${target} rejected the credentials (HTTP 401)${offered.length ? `; it offers ${offered.join(', ')}` : ''}. Check the user name, password and authentication scheme.`,
    );
  }
  throw new DeskError('HTTP_ERROR', `${target} answered HTTP ${reply.status}${contentType ? ` (${contentType.split(';')[0]})` : ''} instead of a WS-Management response.`);
}
