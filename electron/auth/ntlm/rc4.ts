/**
 * RC4, which NTLM session security is built on (sealing and the signature checksum). Node's OpenSSL 3
 * only offers it through the legacy provider, which the app must not require. The cipher keeps its
 * state across calls: NTLM's connection-oriented mode runs one key stream over the whole session.
 */
export interface Rc4 {
  /** Encrypts or decrypts (the same operation), advancing the key stream by `data.length` bytes. */
  transform(data: Uint8Array): Buffer;
}

export function createRc4(key: Uint8Array): Rc4 {
  if (key.length < 1 || key.length > 256) throw new RangeError('RC4 key must be 1 to 256 bytes');
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  let i = 0;
  let j = 0;
  return {
    transform(data) {
      const out = Buffer.alloc(data.length);
      for (let n = 0; n < data.length; n++) {
        i = (i + 1) & 0xff;
        j = (j + s[i]!) & 0xff;
        const si = s[i]!;
        s[i] = s[j]!;
        s[j] = si;
        out[n] = data[n]! ^ s[(si + s[i]!) & 0xff]!;
      }
      return out;
    },
  };
}
