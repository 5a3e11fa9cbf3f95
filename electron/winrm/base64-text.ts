const EQUALS = 0x3d;
// Matches a character above U+00FF. V8 answers this at once for a string stored one byte per
// character, which every ASCII reply is; only other strings are scanned.
const ABOVE_LATIN1 = /[\u0100-\uffff]/;

/**
 * Base64 text as a Receive Stream carries it: the RFC 4648 §4 alphabet, at most two `=` at the end, a
 * multiple of four characters once white space (which may appear anywhere) is taken out. Anything
 * else is refused (null).
 *
 * Checked without a regular expression over the text (issue 14: that cost as much as the decoding).
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
 */
export function decodeBase64Texts(texts: readonly string[]): Array<Buffer | null> {
  const sizes = texts.map(decodedSize);
  const out = Buffer.allocUnsafe(sizes.reduce((sum, size) => sum + Math.max(size, 0), 0));
  let offset = 0;
  return texts.map((text, i) => {
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

// Only text that failed is searched for white space; Windows sends none.
function decodeSpaced(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  const size = compact.length === text.length ? -1 : decodedSize(compact);
  if (size < 0) return null;
  const bytes = Buffer.from(compact, 'base64');
  return bytes.length === size ? bytes : null;
}
