import { DeskError } from '../../../shared/errors.ts';
import type { MessageSealer, StreamingUnseal } from './sealer.ts';

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
const BOUNDARY_NAME = Buffer.from(BOUNDARY, 'latin1');
const CLOSING = Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1');
const DASH = 0x2d;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;

export function encryptedContentType(protocol: string): string {
  return `multipart/encrypted;protocol="${protocol}";boundary="${BOUNDARY}"`;
}

export interface EncryptedBody {
  readonly contentType: string;
  readonly body: Buffer;
}

export function sealBody(sealer: MessageSealer, protocol: string, plaintext: Buffer): EncryptedBody {
  const { header, ciphertext } = sealer.seal(plaintext);
  const opening =
    `--${BOUNDARY}\r\n` +
    `\tContent-Type: ${protocol}\r\n` +
    `\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${plaintext.length}\r\n` +
    `--${BOUNDARY}\r\n` +
    OCTET_STREAM;
  const openingLength = Buffer.byteLength(opening, 'latin1');
  // Laid out in one allocation: the ciphertext is copied once, into the body that is sent.
  const body = Buffer.allocUnsafe(openingLength + 4 + header.length + ciphertext.length + CLOSING.length);
  let at = body.write(opening, 0, 'latin1');
  at = body.writeUInt32LE(header.length, at);
  at += header.copy(body, at);
  at += ciphertext.copy(body, at);
  CLOSING.copy(body, at);
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

interface Marker {
  readonly start: number;
  readonly end: number;
}

/**
 * The next boundary marker starting at or after `from`: `--Encrypted Boundary`, or the
 * `-- Encrypted Boundary` that Exchange endpoints write. One forward search for both spellings, so
 * reading a body of many parts stays linear in its size.
 */
function findMarker(body: Buffer, from: number): Marker | null {
  for (let at = body.indexOf(BOUNDARY_NAME, from + 2); at >= 0; at = body.indexOf(BOUNDARY_NAME, at + 1)) {
    const end = at + BOUNDARY_NAME.length;
    if (body[at - 2] === DASH && body[at - 1] === DASH) return { start: at - 2, end };
    if (at - 3 >= from && body[at - 3] === DASH && body[at - 2] === DASH && body[at - 1] === SPACE) return { start: at - 3, end };
  }
  return null;
}

function isCrlf(body: Buffer, at: number): boolean {
  return body[at] === CR && body[at + 1] === LF;
}

function expectBoundaryLine(body: Buffer, at: number): number {
  const marker = findMarker(body, at);
  if (!marker || marker.start !== at || !isCrlf(body, marker.end)) throw malformed('a boundary line is missing');
  return marker.end + 2;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === 0x09 || c === CR || c === LF || c === 0x0b || c === 0x0c;
}

/**
 * Reads the first part's header lines (`Content-Type`, `OriginalContent`) in one pass over
 * [start, end): lines end in LF with an optional CR, blank lines and surrounding whitespace are
 * ignored, and a line that is not a header is refused. The regular expressions
 * this replaces (`^\s*…` with the `m` flag) took quadratic time on a part of 160 000 line feeds.
 */
function readDescription(body: Buffer, start: number, end: number): { protocol: string | null; originalContent: string | null } {
  let protocol: string | null = null;
  let originalContent: string | null = null;
  for (let line = start; line < end; ) {
    const lineFeed = body.indexOf(LF, line);
    const next = lineFeed < 0 || lineFeed >= end ? end : lineFeed + 1;
    let first = line;
    let last = next;
    while (first < last && isBlank(body[first]!)) first++;
    while (last > first && isBlank(body[last - 1]!)) last--;
    line = next;
    if (first === last) continue;
    const text = body.toString('latin1', first, last);
    const colon = text.indexOf(':');
    if (colon <= 0) throw malformed('a line of the first part is not a header');
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (name === 'content-type') {
      if (protocol !== null) throw malformed('the first part names its type twice');
      protocol = value;
    } else if (name === 'originalcontent') {
      if (originalContent !== null) throw malformed('the first part has two OriginalContent headers');
      originalContent = value;
    }
  }
  return { protocol, originalContent };
}

/**
 * The `Length=N` parameter of `OriginalContent: type=…;charset=…;Length=N`: the plaintext's size in
 * bytes. Found with searches, not by splitting, so a value of a million `;` allocates nothing.
 */
function declaredLength(originalContent: string): number {
  const lower = originalContent.toLowerCase();
  for (let at = lower.indexOf('length='); at >= 0; at = lower.indexOf('length=', at + 1)) {
    let before = at - 1;
    while (before >= 0 && isBlank(lower.charCodeAt(before))) before--;
    if (before >= 0 && lower[before] !== ';') continue;
    const end = lower.indexOf(';', at);
    const digits = originalContent.slice(at + 7, end < 0 ? undefined : end).trim();
    if (!/^\d{1,10}$/.test(digits)) break;
    return Number(digits);
  }
  throw malformed('the OriginalContent length is missing');
}

/**
 * Joins the plaintexts of a body's parts inside the body itself, from its first byte, over bytes
 * already read: a part's plaintext is never longer than the part, so it always fits behind the ones
 * before it. A lone plaintext is returned as it is. Should a sealer ever return more, the rest is
 * joined by copying instead.
 */
class Plaintexts {
  readonly #body: Buffer;
  #first: { readonly plaintext: Buffer; readonly partEnd: number } | null = null;
  #count = 0;
  #gathered = 0;
  #spilled: Buffer[] | null = null;

  constructor(body: Buffer) {
    this.#body = body;
  }

  /** `plaintext` came from a part that ends at `partEnd`: nothing before that is read again. */
  add(plaintext: Buffer, partEnd: number): void {
    this.#count += 1;
    if (this.#count === 1) {
      this.#first = { plaintext, partEnd };
      return;
    }
    if (this.#count === 2) this.#append(this.#first!.plaintext, this.#first!.partEnd);
    this.#append(plaintext, partEnd);
  }

  joined(): Buffer {
    if (this.#count === 1) return this.#first!.plaintext;
    return this.#spilled ? Buffer.concat(this.#spilled) : this.#body.subarray(0, this.#gathered);
  }

  #append(plaintext: Buffer, partEnd: number): void {
    if (this.#spilled) {
      this.#spilled.push(plaintext);
    } else if (this.#gathered + plaintext.length > partEnd) {
      this.#spilled = [this.#body.subarray(0, this.#gathered), plaintext];
    } else {
      this.#body.set(plaintext, this.#gathered);
      this.#gathered += plaintext.length;
    }
  }
}

/** Where one part pair's data lies: the plaintext length its description declares, and its header. */
interface PartHead {
  readonly length: number;
  readonly headerStart: number;
  readonly headerEnd: number;
}

/**
 * Reads a part pair from `position` (just after a boundary line) up to the end of the data part's
 * header. Reads nothing past `headerEnd`, so a prefix of a body that holds the header gives what
 * the whole body gives.
 */
function readPartHead(body: Buffer, position: number, protocol: string): PartHead {
  const descriptionEnd = findMarker(body, position);
  if (!descriptionEnd) throw malformed('the data part is missing');
  const description = readDescription(body, position, descriptionEnd.start);
  if (description.protocol?.toLowerCase() !== protocol.toLowerCase()) throw malformed('the first part does not name the protocol');
  if (description.originalContent === null) throw malformed('the OriginalContent length is missing');
  const length = declaredLength(description.originalContent);
  let at = expectBoundaryLine(body, descriptionEnd.start);
  if (body.toString('latin1', at, at + OCTET_STREAM.length) !== OCTET_STREAM) throw malformed('the data part is not application/octet-stream');
  at += OCTET_STREAM.length;
  if (at + 4 > body.length) throw malformed('the data part is truncated');
  const headerEnd = at + 4 + body.readUInt32LE(at);
  if (headerEnd > body.length) throw malformed('the data part is truncated');
  return { length, headerStart: at + 4, headerEnd };
}

/** A boundary marker that starts exactly at `at`, in either spelling findMarker knows. */
function markerAt(body: Buffer, at: number): Marker | null {
  const name = body[at + 2] === SPACE ? at + 3 : at + 2;
  if (body[at] !== DASH || body[at + 1] !== DASH || name + BOUNDARY_NAME.length > body.length) return null;
  return body.compare(BOUNDARY_NAME, 0, BOUNDARY_NAME.length, name, name + BOUNDARY_NAME.length) === 0 ? { start: at, end: name + BOUNDARY_NAME.length } : null;
}

/** The first part's head is looked for in this much of a body; a longer one is left to unsealBody. */
const ARRIVING_HEAD_LIMIT = 64 * 1024;

/**
 * A sealed reply's first message, unsealed while its body arrives: each time more of the body is
 * there (always from its first byte, in the same positions), the ciphertext that came is decrypted
 * in place and fed to the signature check, so the work is done before the last byte instead of
 * after it. Nothing is verified, and nothing may be used, until unsealBody has finished it. A body
 * it cannot read early (an irregular head, a sealer that cannot stream) is left to unsealBody whole.
 */
export class ArrivingReply {
  readonly #sealer: MessageSealer;
  readonly #protocol: string;
  #head: PartHead | null = null;
  #message: StreamingUnseal | null = null;
  #decrypted = 0;
  #nextLook = 0;
  #off: boolean;

  constructor(sealer: MessageSealer, protocol: string) {
    this.#sealer = sealer;
    this.#protocol = protocol;
    this.#off = !sealer.beginUnseal;
  }

  /** The body's first `prefix.length` bytes have arrived; they are consumed where they lie. */
  arrived(prefix: Buffer): void {
    this.#consume(prefix, false);
  }

  #consume(prefix: Buffer, whole: boolean): void {
    if (this.#off) return;
    if (!this.#head) {
      // The head is looked for again only once what has come has doubled: a body that trickles in
      // byte by byte costs two passes over its first 64 KiB, not one per byte.
      if (!whole && prefix.length < this.#nextLook) return;
      this.#nextLook = prefix.length * 2;
      let head: PartHead;
      try {
        head = readPartHead(prefix, expectBoundaryLine(prefix, 0), this.#protocol);
      } catch {
        // Too little has come, or the head is irregular: unsealBody reads it whole and says what is wrong.
        if (prefix.length >= ARRIVING_HEAD_LIMIT) this.#off = true;
        return;
      }
      const message = this.#sealer.beginUnseal!(prefix.subarray(head.headerStart, head.headerEnd));
      if (!message) {
        this.#off = true;
        return;
      }
      this.#head = head;
      this.#message = message;
      this.#decrypted = head.headerEnd;
    }
    const to = Math.min(prefix.length, this.#head.headerEnd + this.#head.length);
    if (to <= this.#decrypted) return;
    this.#message!.update(prefix.subarray(this.#decrypted, to));
    this.#decrypted = to;
  }

  /**
   * The whole body is there: the first part's plaintext, verified, and the boundary after it, if
   * this unsealed it (the head it read must be the one unsealBody read); null when it left the body
   * to unsealBody.
   */
  finish(body: Buffer, head: PartHead): { readonly plaintext: Buffer; readonly end: Marker } | null {
    this.#consume(body, true);
    if (this.#off || !this.#head) return null;
    if (this.#head.headerStart !== head.headerStart || this.#head.headerEnd !== head.headerEnd || this.#head.length !== head.length) {
      throw new DeskError('INTERNAL', 'The encrypted reply read differently as it arrived and as a whole.');
    }
    const ciphertextEnd = head.headerEnd + head.length;
    // The declared length says where the ciphertext ends (RC4 keeps lengths); the next boundary must start there.
    const end = this.#decrypted === ciphertextEnd ? markerAt(body, ciphertextEnd) : null;
    if (!end) {
      throw new DeskError('INTEGRITY_FAILED', `The server's encrypted message declares ${head.length} bytes but its data part does not end there; the session was closed.`);
    }
    this.#message!.finish();
    return { plaintext: body.subarray(head.headerEnd, ciphertextEnd), end };
  }
}

/**
 * Verifies and decrypts a multipart/encrypted body: every part pair is unsealed (in order, as the
 * sealer's sequence numbers require) and its plaintext must have the declared length. The body is
 * read in one forward pass, so a hostile reply costs time in proportion to its size. With
 * `arriving`, the first part may have been decrypted as the body came (ArrivingReply).
 *
 * The body is consumed: the sealer may decrypt each part where it lies (NTLM does), and the result
 * is usually a view into the body, so a reply of many megabytes is never copied.
 */
export function unsealBody(sealer: MessageSealer, protocol: string, contentType: string, body: Buffer, arriving?: ArrivingReply): Buffer {
  const declared = encryptedProtocolOf(contentType);
  if (declared?.toLowerCase() !== protocol.toLowerCase()) throw malformed(`content type "${contentType.slice(0, 120)}" where ${protocol} was expected`);
  const plaintexts = new Plaintexts(body);
  let position = expectBoundaryLine(body, 0);
  for (let part = 0; ; part++) {
    const head = readPartHead(body, position, protocol);
    const streamed = part === 0 && arriving ? arriving.finish(body, head) : null;
    let end: Marker;
    let plaintext: Buffer;
    if (streamed) {
      ({ plaintext, end } = streamed);
    } else {
      const found = findMarker(body, head.headerEnd);
      if (!found) throw malformed('the data part is truncated');
      end = found;
      plaintext = sealer.unseal(body.subarray(head.headerStart, head.headerEnd), body.subarray(head.headerEnd, end.start));
      if (plaintext.length !== head.length) {
        throw new DeskError('INTEGRITY_FAILED', `The server's encrypted message declares ${head.length} bytes but decrypts to ${plaintext.length}; the session was closed.`);
      }
    }
    plaintexts.add(plaintext, end.start);
    if (body[end.end] === DASH && body[end.end + 1] === DASH) {
      const rest = body.length - (end.end + 2);
      if (rest !== 0 && !(rest === 2 && isCrlf(body, end.end + 2))) throw malformed('data follows the closing boundary');
      return plaintexts.joined();
    }
    if (!isCrlf(body, end.end)) throw malformed('a boundary line is broken');
    position = end.end + 2;
  }
}
