import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md4 } from '../../../../electron/auth/ntlm/md4.ts';
import { createRc4 } from '../../../../electron/auth/ntlm/rc4.ts';

function opensslMd4(data: Buffer): string {
  const out = execFileSync('openssl', ['dgst', '-md4', '-provider', 'legacy', '-provider', 'default', '-r'], { input: data, stdio: 'pipe' });
  return out.toString().split(' ')[0]!;
}

function opensslMd4Available(): boolean {
  try {
    return opensslMd4(Buffer.from('abc')) === 'a448017aaf21d8525fc10ae87aa6729d';
  } catch {
    return false;
  }
}

describe('md4', () => {
  // RFC 1320, appendix A.5.
  const suite: [string, string][] = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
  ];
  it.each(suite)('MD4(%j)', (input, digest) => {
    expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(digest);
  });

  // Lengths where the padding spills into a second block are the classic off-by-one. The openssl CLI's
  // legacy provider is an independent MD4 (used by this test only; the app never needs it).
  it.skipIf(!opensslMd4Available())('agrees with openssl around the 55/56/64-byte block boundaries', () => {
    for (const length of [54, 55, 56, 57, 63, 64, 65, 119, 120, 1000]) {
      const data = Buffer.alloc(length, 0x61 + (length % 26));
      expect(md4(data).toString('hex')).toBe(opensslMd4(data));
    }
  });
});

describe('rc4', () => {
  const hex = (s: string) => Buffer.from(s, 'hex');
  it.each([
    ['Key', 'Plaintext', 'bbf316e8d940af0ad3'],
    ['Wiki', 'pedia', '1021bf0420'],
    ['Secret', 'Attack at dawn', '45a01f645fc35b383552544b9bf5'],
  ])('key %j encrypts %j', (key, plaintext, ciphertext) => {
    expect(createRc4(Buffer.from(key)).transform(Buffer.from(plaintext)).toString('hex')).toBe(ciphertext);
  });

  it('matches the RFC 6229 key stream for a 40-bit key at offsets 0 and 16', () => {
    const stream = createRc4(hex('0102030405')).transform(Buffer.alloc(32));
    expect(stream.subarray(0, 16).toString('hex')).toBe('b2396305f03dc027ccc3524a0a1118a8');
    expect(stream.subarray(16, 32).toString('hex')).toBe('6982944f18fc82d589c403a47a0d0919');
  });

  it('keeps its key stream across calls', () => {
    const whole = createRc4(Buffer.from('Key')).transform(Buffer.from('Plaintext'));
    const rc4 = createRc4(Buffer.from('Key'));
    const parts = Buffer.concat([rc4.transform(Buffer.from('Plain')), rc4.transform(Buffer.from('text'))]);
    expect(parts).toEqual(whole);
  });

  it('transforms in place and into a given buffer, and refuses one too short', () => {
    const data = Buffer.from('Plaintext');
    expect(createRc4(Buffer.from('Key')).transform(data, data)).toBe(data);
    expect(data.toString('hex')).toBe('bbf316e8d940af0ad3');
    const out = new Uint8Array(12);
    expect(createRc4(Buffer.from('Key')).transform(Buffer.from('Plaintext'), out)).toBe(out);
    expect(Buffer.from(out).toString('hex')).toBe('bbf316e8d940af0ad3000000');
    expect(() => createRc4(Buffer.from('Key')).transform(Buffer.from('Plaintext'), new Uint8Array(8))).toThrow(RangeError);
  });
});

/** RC4 as the textbook writes it, one byte at a time, for comparison with the word-at-a-time cipher. */
function referenceRc4(key: Uint8Array): (data: Uint8Array) => Uint8Array {
  const s = Array.from({ length: 256 }, (_, n) => n);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) % 256;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  let i = 0;
  j = 0;
  return (data) =>
    data.map((byte) => {
      i = (i + 1) % 256;
      j = (j + s[i]!) % 256;
      [s[i], s[j]] = [s[j]!, s[i]!];
      return byte ^ s[(s[i]! + s[j]!) % 256]!;
    });
}

describe('rc4 against the textbook cipher', () => {
  // Each call is cut at a random length and lands in a random kind of output at a random offset, so
  // the word loop meets every alignment of input and output and every remainder.
  const call = fc.record({
    length: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })),
    into: fc.constantFrom('new', 'in place', 'given'),
    inputOffset: fc.integer({ min: 0, max: 7 }),
    outputOffset: fc.integer({ min: 0, max: 7 }),
  });

  it('gives the same key stream for any key and any way of cutting the data into calls', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.array(call, { maxLength: 12 }), fc.integer(), (key, calls, seed) => {
        const fast = createRc4(key);
        const reference = referenceRc4(key);
        let byte = seed;
        for (const { length, into, inputOffset, outputOffset } of calls) {
          const input = new Uint8Array(new ArrayBuffer(inputOffset + length + 8), inputOffset, length);
          for (let n = 0; n < length; n++) input[n] = byte = (byte * 1103515245 + 12345) & 0xff;
          const expected = reference(input);
          let actual: Uint8Array;
          if (into === 'new') actual = fast.transform(input);
          else if (into === 'in place') actual = fast.transform(input, input);
          else {
            const output = fast.transform(input, new Uint8Array(new ArrayBuffer(outputOffset + length + 8), outputOffset, length + 8));
            expect(output.subarray(length).every((b) => b === 0)).toBe(true);
            actual = output.subarray(0, length);
          }
          expect(Buffer.from(actual.buffer, actual.byteOffset, length).equals(Buffer.from(expected))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
