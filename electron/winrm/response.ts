import { DeskError } from '../../shared/errors.ts';
import { decodeFault } from './fault.ts';
import { NS } from './namespaces.ts';
import { firstChild, parseXml, pathOf, textOf } from './xml.ts';
import type { XmlElement } from './xml-node.ts';

/**
 * Checks a response envelope (the reply's bytes, UTF-8, or its text) and returns its Body: a Fault is
 * thrown as a typed error, and a RelatesTo that does not name our request means the answer is not
 * ours (a confused proxy or server) and is refused rather than trusted. The Body may read from the
 * bytes given, and readReceive decodes the output over them: they are the Body's from now on.
 */
export function readResponse(reply: Buffer | string, requestMessageId: string): XmlElement {
  return readEnvelope(parseXml(typeof reply === 'string' ? Buffer.from(reply, 'utf8') : reply), requestMessageId);
}

/** readResponse for an envelope already parsed. */
export function readEnvelope(root: XmlElement, requestMessageId: string): XmlElement {
  if (root.namespaceURI !== NS.soap || root.localName !== 'Envelope') {
    throw new DeskError('MALFORMED_RESPONSE', 'The server answered with XML that is not a SOAP envelope.');
  }
  const body = firstChild(root, NS.soap, 'Body');
  if (!body) throw new DeskError('MALFORMED_RESPONSE', 'The SOAP envelope has no Body.');
  const fault = firstChild(body, NS.soap, 'Fault');
  const relatesTo = textOf(pathOf(root, [NS.soap, 'Header'], [NS.addressing, 'RelatesTo']))?.trim();
  // Faults are decoded even without RelatesTo: some (e.g. for unparsable requests) cannot name the request.
  if (fault && (relatesTo === undefined || sameMessageId(relatesTo, requestMessageId))) throw decodeFault(fault);
  if (relatesTo === undefined) {
    throw new DeskError('PROTOCOL_ERROR', 'The response has no RelatesTo header, so it cannot be matched to the request.');
  }
  if (!sameMessageId(relatesTo, requestMessageId)) {
    throw new DeskError('PROTOCOL_ERROR', `The response relates to message ${relatesTo.slice(0, 64)}, not to the request sent (${requestMessageId}).`);
  }
  return body;
}

// Windows echoes the MessageID as sent but other implementations change the case of the UUID.
function sameMessageId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
