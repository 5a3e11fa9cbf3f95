const EQUALS = 0x3d;
// Matches a character above U+00FF. V8 answers this at once for a string stored one byte per
// character, which every ASCII reply is; only other strings are scanned.
const ABOVE_LATIN1 = /[\u0100-\uffff]/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Each byte's 6-bit value in the RFC 4648 §4 alphabet; -1 for every other byte (`=` included). */
const DIGITS = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;

/**
 * Base64 text as a Receive Stream carries it: the RFC 4648 §4 alphabet, at most two `=` at the end, a
 * multiple of four characters once white space (which may appear anywhere) is taken out. Anything
 * else is refused (null).
 *
 * Checked without a regular expression over the text (that cost as much as the decoding).
 * Node's decoder is lenient: it skips characters outside the alphabet and stops at a `=`, but it also
 * reads `-` and `_` (base64url) as data, and the low byte of a character above U+00FF. So text with
 * neither `-`, `_` nor such a character is base64 exactly when it decodes to as many bytes as its
 * length promises: any skipped character or early stop makes the result shorter.
 */
export function decodeBase64Text(text: string): Buffer | null {
  return decodeBase64Texts([text])[0]!;
}

/**
 * decodeBase64Text for each of `texts`, into one allocation: the buffers returned share it, so a
 * reply of many streams costs one allocation rather than one per stream.
 *
 * A text may instead be given as its UTF-8 bytes, as the plain reader hands over a Stream's: those
 * are decoded where they lie, over themselves, and the buffer returned is a view of them (
 * making a string of them cost more than decoding, and fresh memory for the result cost page faults
 * on every reply). The bytes are consumed; the verdict is the one their text would get.
 */
export function decodeBase64Texts(texts: ReadonlyArray<string | Buffer>): Array<Buffer | null> {
  const sizes = texts.map((text) => (typeof text === 'string' ? decodedSize(text) : 0));
  const out = Buffer.allocUnsafe(sizes.reduce((sum, size) => sum + Math.max(size, 0), 0));
  let offset = 0;
  return texts.map((text, i) => {
    if (typeof text !== 'string') return decodeInPlace(text) ?? decodeSpaced(text.toString('utf8'));
    const size = sizes[i]!;
    if (size >= 0 && out.write(text, offset, size, 'base64') === size) {
      offset += size;
      return out.subarray(offset - size, offset);
    }
    // Bytes written short of `size` stay in `out` unused: no buffer returned covers them.
    return decodeSpaced(text);
  });
}

/** How many bytes `text` decodes to if it is base64 without white space; -1 when it cannot be. */
function decodedSize(text: string): number {
  const length = text.length;
  if (length % 4 !== 0) return -1;
  let padding = 0;
  while (padding < 3 && padding < length && text.charCodeAt(length - 1 - padding) === EQUALS) padding++;
  if (padding > 2 || text.includes('-') || text.includes('_') || ABOVE_LATIN1.test(text)) return -1;
  return (length / 4) * 3 - padding;
}

/** decodedSize for text given as bytes; the alphabet is checked while decoding. */
function decodedByteSize(bytes: Buffer): number {
  const length = bytes.length;
  if (length % 4 !== 0) return -1;
  let padding = 0;
  while (padding < 3 && padding < length && bytes[length - 1 - padding] === EQUALS) padding++;
  return padding > 2 ? -1 : (length / 4) * 3 - padding;
}

/**
 * Decodes base64 `bytes` over themselves (each group of four becomes three bytes at the front, behind
 * the groups read) and returns the decoded view. Null, with the bytes as they were, unless they are a
 * multiple of four bytes of the alphabet with at most two `=` at the end: exactly the texts Node's
 * decoder reads in full, decoded to the same bytes (the unused bits of a last group are dropped).
 */
function decodeInPlace(bytes: Buffer): Buffer | null {
  const size = decodedByteSize(bytes);
  if (size <= 0) return size === 0 ? bytes.subarray(0, 0) : null;
  const length = bytes.length;
  const padding = length * 3 / 4 - size;
  const whole = padding === 0 ? length : length - 4;
  const digits = DIGITS;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = digits[bytes[i]!]!;
    const b = digits[bytes[i + 1]!]!;
    const c = digits[bytes[i + 2]!]!;
    const d = digits[bytes[i + 3]!]!;
    if ((a | b | c | d) < 0) return restore(bytes, o);
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o] = group >>> 16;
    bytes[o + 1] = group >>> 8;
    bytes[o + 2] = group;
    o += 3;
  }
  if (padding > 0) {
    const a = digits[bytes[whole]!]!;
    const b = digits[bytes[whole + 1]!]!;
    const c = padding === 1 ? digits[bytes[whole + 2]!]! : 0;
    if ((a | b | c) < 0) return restore(bytes, o);
    const group = (a << 18) | (b << 12) | (c << 6);
    bytes[o] = group >>> 16;
    if (padding === 1) bytes[o + 1] = group >>> 8;
  }
  return bytes.subarray(0, size);
}

/**
 * Undoes decodeInPlace's first `decoded` bytes: whole groups of four digits and their three bytes
 * correspond one to one, so encoding the bytes again gives the text they were decoded from.
 */
function restore(bytes: Buffer, decoded: number): null {
  if (decoded > 0) bytes.write(bytes.toString('base64', 0, decoded), 0, 'latin1');
  return null;
}

// Only text that failed is searched for white space; Windows sends none.
function decodeSpaced(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  const size = compact.length === text.length ? -1 : decodedSize(compact);
  if (size < 0) return null;
  const bytes = Buffer.from(compact, 'base64');
  return bytes.length === size ? bytes : null;
}
