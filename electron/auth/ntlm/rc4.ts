/**
 * RC4, which NTLM session security is built on (sealing and the signature checksum). Node's OpenSSL 3
 * only offers it through the legacy provider, which the app must not require. The cipher keeps its
 * state across calls: NTLM's connection-oriented mode runs one key stream over the whole session.
 *
 * Every sealed reply passes through here (a 50 MB `exec` over NTLM/HTTP is ~70 MB of RC4),
 * so the loops are written for V8: state in a Uint8Array, indices in locals, no destructuring swaps,
 * and four key-stream bytes XORed as one 32-bit word when input and output allow it.
 */
export interface Rc4 {
  /**
   * Encrypts or decrypts (the same operation) `input`, advancing the key stream by its length. The
   * result goes into `output` when given — `input` itself to transform in place, or any buffer at
   * least as long that does not overlap it — and otherwise into a new Buffer.
   */
  transform(input: Uint8Array): Buffer;
  transform<T extends Uint8Array>(input: Uint8Array, output: T): T;
}

// The word loop builds each 32-bit word from key-stream bytes in memory order, which is the
// platform's order only on little-endian machines (every platform Electron ships for).
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Below this, setting up the word views costs more than they save. */
const WORD_PATH_MIN_BYTES = 32;

export function createRc4(key: Uint8Array): Rc4 {
  if (key.length < 1 || key.length > 256) throw new RangeError('RC4 key must be 1 to 256 bytes');
  const s = new Uint8Array(256);
  for (let n = 0; n < 256; n++) s[n] = n;
  for (let n = 0, m = 0; n < 256; n++) {
    const t = s[n]!;
    m = (m + t + key[n % key.length]!) & 0xff;
    s[n] = s[m]!;
    s[m] = t;
  }
  let i = 0;
  let j = 0;

  function bytes(input: Uint8Array, output: Uint8Array, from: number, to: number): void {
    const st = s;
    let x = i;
    let y = j;
    for (let n = from; n < to; n++) {
      x = (x + 1) & 0xff;
      const a = st[x]!;
      y = (y + a) & 0xff;
      const b = st[y]!;
      st[x] = b;
      st[y] = a;
      output[n] = input[n]! ^ st[(a + b) & 0xff]!;
    }
    i = x;
    j = y;
  }

  function words(input: Int32Array, output: Int32Array): void {
    const st = s;
    const count = input.length;
    let x = i;
    let y = j;
    for (let n = 0; n < count; n++) {
      x = (x + 1) & 0xff;
      let a = st[x]!;
      y = (y + a) & 0xff;
      let b = st[y]!;
      st[x] = b;
      st[y] = a;
      let stream = st[(a + b) & 0xff]!;
      x = (x + 1) & 0xff;
      a = st[x]!;
      y = (y + a) & 0xff;
      b = st[y]!;
      st[x] = b;
      st[y] = a;
      stream |= st[(a + b) & 0xff]! << 8;
      x = (x + 1) & 0xff;
      a = st[x]!;
      y = (y + a) & 0xff;
      b = st[y]!;
      st[x] = b;
      st[y] = a;
      stream |= st[(a + b) & 0xff]! << 16;
      x = (x + 1) & 0xff;
      a = st[x]!;
      y = (y + a) & 0xff;
      b = st[y]!;
      st[x] = b;
      st[y] = a;
      stream |= st[(a + b) & 0xff]! << 24;
      output[n] = input[n]! ^ stream;
    }
    i = x;
    j = y;
  }

  function transform(input: Uint8Array): Buffer;
  function transform<T extends Uint8Array>(input: Uint8Array, output: T): T;
  function transform(input: Uint8Array, output: Uint8Array = Buffer.allocUnsafe(input.length)): Uint8Array {
    const length = input.length;
    if (output.length < length) throw new RangeError(`RC4 output of ${output.length} bytes for ${length} bytes of input`);
    let done = 0;
    // Words need input and output equally misaligned: true in place, and for fresh buffers.
    if (LITTLE_ENDIAN && length >= WORD_PATH_MIN_BYTES && ((input.byteOffset - output.byteOffset) & 3) === 0) {
      const head = (4 - (output.byteOffset & 3)) & 3;
      bytes(input, output, 0, head);
      const count = (length - head) >>> 2;
      const source = new Int32Array(input.buffer, input.byteOffset + head, count);
      words(source, input === output ? source : new Int32Array(output.buffer, output.byteOffset + head, count));
      done = head + count * 4;
    }
    bytes(input, output, done, length);
    return output;
  }

  return { transform };
}
