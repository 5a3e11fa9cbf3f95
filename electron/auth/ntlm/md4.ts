/**
 * MD4 (RFC 1320). NTLM's NT hash is MD4 of the UTF-16LE password, and Node's OpenSSL 3 keeps MD4 in
 * the legacy provider, which the app must not require. Only ever applied to a password once per
 * authenticator, so a plain implementation is fast enough.
 */

const ROUND2 = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const ROUND3 = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
const SHIFTS1 = [3, 7, 11, 19];
const SHIFTS2 = [3, 5, 9, 13];
const SHIFTS3 = [3, 9, 11, 15];

function rotl(x: number, s: number): number {
  return ((x << s) | (x >>> (32 - s))) >>> 0;
}

function pad(data: Uint8Array): Buffer {
  const bitLength = BigInt(data.length) * 8n;
  const padded = Buffer.alloc((((data.length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  padded.writeBigUInt64LE(bitLength & 0xffff_ffff_ffff_ffffn, padded.length - 8);
  return padded;
}

export function md4(data: Uint8Array): Buffer {
  const message = pad(data);
  const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  const x = new Array<number>(16);
  for (let block = 0; block < message.length; block += 64) {
    for (let i = 0; i < 16; i++) x[i] = message.readUInt32LE(block + i * 4);
    const [a0, b0, c0, d0] = state as [number, number, number, number];
    let [a, b, c, d] = [a0, b0, c0, d0];
    // Each step updates one word and rotates the roles: (a, b, c, d) → (d, a, b, c).
    const step = (mixed: number, k: number, s: number, constant: number) => {
      const next = rotl((a + mixed + x[k]! + constant) >>> 0, s);
      [a, b, c, d] = [d, next, b, c];
    };
    for (let i = 0; i < 16; i++) step((b & c) | (~b & d), i, SHIFTS1[i % 4]!, 0);
    for (let i = 0; i < 16; i++) step((b & c) | (b & d) | (c & d), ROUND2[i]!, SHIFTS2[i % 4]!, 0x5a827999);
    for (let i = 0; i < 16; i++) step(b ^ c ^ d, ROUND3[i]!, SHIFTS3[i % 4]!, 0x6ed9eba1);
    state[0] = (a0 + a) >>> 0;
    state[1] = (b0 + b) >>> 0;
    state[2] = (c0 + c) >>> 0;
    state[3] = (d0 + d) >>> 0;
  }
  const digest = Buffer.alloc(16);
  state.forEach((word, i) => digest.writeUInt32LE(word, i * 4));
  return digest;
}
