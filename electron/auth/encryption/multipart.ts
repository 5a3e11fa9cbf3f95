import { DeskError } from '../../../shared/errors.ts';
import type { MessageSealer } from './sealer.ts';

/**
 * WinRM message encryption framing (MS-WSMV 2.2.9.1): a multipart/encrypted body whose first part
 * declares the protocol and the plaintext length, and whose second part carries
 * `<uint32 LE header length><header><ciphertext>`. Byte layout as Windows writes it (see DESIGN §3):
 * no CRLF between the ciphertext and the closing boundary.
 */

export const SPNEGO_ENCRYPTED = 'application/HTTP-SPNEGO-session-encrypted';
export const KERBEROS_ENCRYPTED = 'application/HTTP-Kerberos-session-encrypted';

const BOUNDARY = 'Encrypted Boundary';
const OCTET_STREAM = '\tContent-Type: application/octet-stream\r\n';
// Exchange endpoints write "-- Encrypted Boundary"; Windows writes "--Encrypted Boundary".
const MARKERS = [Buffer.from(`--${BOUNDARY}`), Buffer.from(`-- ${BOUNDARY}`)];

export function encryptedContentType(protocol: string): string {
  return `multipart/encrypted;protocol="${protocol}";boundary="${BOUNDARY}"`;
}

export interface EncryptedBody {
  readonly contentType: string;
  readonly body: Buffer;
}

export function sealBody(sealer: MessageSealer, protocol: string, plaintext: Buffer): EncryptedBody {
  const { header, ciphertext } = sealer.seal(plaintext);
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32LE(header.length);
  const body = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\n` +
        `\tContent-Type: ${protocol}\r\n` +
        `\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${plaintext.length}\r\n` +
        `--${BOUNDARY}\r\n` +
        OCTET_STREAM,
      'latin1',
    ),
    headerLength,
    header,
    ciphertext,
    Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1'),
  ]);
  return { contentType: encryptedContentType(protocol), body };
}

/** The `protocol` parameter of a multipart/encrypted Content-Type; null for any other type. */
export function encryptedProtocolOf(contentType: string): string | null {
  if (!/^\s*multipart\/encrypted\s*(;|$)/i.test(contentType)) return null;
  return /;\s*protocol\s*=\s*"?([^";]+)"?/i.exec(contentType)?.[1]?.trim() ?? '';
}

function malformed(detail: string): DeskError {
  return new DeskError('MALFORMED_RESPONSE', `The server's encrypted message is malformed: ${detail}.`);
}

/** Finds the next boundary marker at or after `from`: its position and length, or null. */
function findMarker(body: Buffer, from: number): { at: number; length: number } | null {
  let best: { at: number; length: number } | null = null;
  for (const marker of MARKERS) {
    const at = body.indexOf(marker, from);
    if (at >= 0 && (!best || at < best.at)) best = { at, length: marker.length };
  }
  return best;
}

function expectBoundaryLine(body: Buffer, at: number): number {
  const marker = findMarker(body, at);
  if (!marker || marker.at !== at || body.toString('latin1', marker.at + marker.length, marker.at + marker.length + 2) !== '\r\n') {
    throw malformed('a boundary line is missing');
  }
  return at + marker.length + 2;
}

/**
 * Verifies and decrypts a multipart/encrypted body: every part pair is unsealed (in order, as the
 * sealer's sequence numbers require) and its plaintext must have the declared length.
 */
export function unsealBody(sealer: MessageSealer, protocol: string, contentType: string, body: Buffer): Buffer {
  const declared = encryptedProtocolOf(contentType);
  if (declared?.toLowerCase() !== protocol.toLowerCase()) throw malformed(`content type "${contentType.slice(0, 120)}" where ${protocol} was expected`);
  const plaintexts: Buffer[] = [];
  let position = expectBoundaryLine(body, 0);
  for (;;) {
    const descriptionEnd = findMarker(body, position);
    if (!descriptionEnd) throw malformed('the data part is missing');
    const description = body.toString('latin1', position, descriptionEnd.at);
    const partProtocol = /^\s*Content-Type:\s*(\S+)\s*$/im.exec(description)?.[1];
    if (partProtocol?.toLowerCase() !== protocol.toLowerCase()) throw malformed('the first part does not name the protocol');
    const length = /^\s*OriginalContent:.*;\s*Length=(\d{1,10})\s*$/im.exec(description)?.[1];
    if (length === undefined) throw malformed('the OriginalContent length is missing');
    position = expectBoundaryLine(body, descriptionEnd.at);
    if (body.toString('latin1', position, position + OCTET_STREAM.length) !== OCTET_STREAM) throw malformed('the data part is not application/octet-stream');
    position += OCTET_STREAM.length;
    if (position + 4 > body.length) throw malformed('the data part is truncated');
    const headerLength = body.readUInt32LE(position);
    const headerEnd = position + 4 + headerLength;
    const end = headerEnd <= body.length ? findMarker(body, headerEnd) : null;
    if (!end) throw malformed('the data part is truncated');
    const plaintext = sealer.unseal(body.subarray(position + 4, headerEnd), body.subarray(headerEnd, end.at));
    if (plaintext.length !== Number(length)) {
      throw new DeskError('INTEGRITY_FAILED', `The server's encrypted message declares ${length} bytes but decrypts to ${plaintext.length}; the session was closed.`);
    }
    plaintexts.push(plaintext);
    const after = end.at + end.length;
    const rest = body.toString('latin1', after, after + 2);
    if (rest === '--') {
      if (!/^(\r\n)?$/.test(body.toString('latin1', after + 2))) throw malformed('data follows the closing boundary');
      return Buffer.concat(plaintexts);
    }
    if (rest !== '\r\n') throw malformed('a boundary line is broken');
    position = after + 2;
  }
}
