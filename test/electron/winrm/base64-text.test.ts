import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Text, decodeBase64Texts } from '../../../electron/winrm/base64-text.ts';
import { BACKSTOP } from '../../reliability/outside-input.ts';

// decodeBase64Text must accept and decode exactly what the regular expression it replaced did; and
// text given as its UTF-8 bytes (as the plain reader keeps a Stream's) exactly as that text.
function reference(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  return Buffer.from(compact, 'base64');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Characters Node's decoder treats in its own ways: base64url digits, padding, white space (ASCII and
// Unicode), characters it skips, Latin-1, and characters above U+00FF whose low byte is a base64 digit.
const TRICKY = ['-', '_', '=', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\ufeff', '\u3000', '*', '.', '\u0000', '\u007f', '\u0085', '\u00c4', '\u0141', '\u0144', '\u2041', '\ud83d'];

const valid = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('base64'));
const edited = fc
  .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TRICKY, ...ALPHABET)), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([text, edits, replace]) => {
    let out = text;
    for (const [at, piece] of edits) {
      const i = out.length === 0 ? 0 : at % (out.length + 1);
      out = out.slice(0, i) + piece + out.slice(replace ? i + 1 : i);
    }
    return out;
  });
const anything = fc.array(fc.constantFrom(...TRICKY, ...ALPHABET), { maxLength: 40 }).map((chars) => chars.join(''));

describe('base64 stream text', BACKSTOP, () => {
  it('is decoded and refused exactly as the regular expression did (3000 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(valid, edited, anything), (text) => {
        expect(decodeBase64Text(text)).toEqual(reference(text));
        // The bytes are decoded over themselves: what they say is taken first.
        const bytes = Buffer.from(text, 'utf8');
        const expected = reference(bytes.toString('utf8'));
        expect(decodeBase64Texts([bytes])[0]).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('is decoded and refused exactly so in texts past the size Node decodes in bulk', () => {
    const big = Buffer.alloc(200_000, 0xa5).toString('base64');
    for (const [at, piece] of [[0, '*'], [100_001, '-'], [199_999, '_'], [150_000, '\u0141'], [77_777, ' '], [150_000, '    '], [266_000, 'A\nA\n'], [266_000, '=='], [big.length, '=']] as const) {
      const text = big.slice(0, at) + piece + big.slice(at);
      expect(decodeBase64Text(text)).toEqual(reference(text));
      expect(decodeBase64Texts([Buffer.from(text, 'utf8')])[0]).toEqual(reference(Buffer.from(text, 'utf8').toString('utf8')));
    }
    expect(decodeBase64Text(big)).toEqual(Buffer.alloc(200_000, 0xa5));
    expect(decodeBase64Texts([Buffer.from(big, 'latin1')])[0]).toEqual(Buffer.alloc(200_000, 0xa5));
  });

  it('given as strings and bytes together, each decodes on its own, the good ones into one allocation', () => {
    const texts = ['QUJD', Buffer.from('REVG'), Buffer.from('QU-_'), 'R0g=', Buffer.from('SQ=='), Buffer.from('SU pL\n')];
    const decoded = decodeBase64Texts(texts);
    expect(decoded.map((b) => b?.toString('latin1') ?? null)).toEqual(['ABC', 'DEF', null, 'GH', 'I', 'IJK']);
    expect(new Set(decoded.slice(0, 5).filter((b) => b !== null).map((b) => b.buffer)).size).toBe(1);
  });

  it('rests on how Node decodes: only the base64 and base64url digits are data, and = ends it', () => {
    // If a Node upgrade changes this, decodeBase64Text's length check no longer proves the text valid.
    const data: string[] = [];
    for (let c = 0; c <= 0xff; c++) {
      const decoded = Buffer.from(`QQ${String.fromCharCode(c)}A`, 'base64').length;
      if (decoded === 3) data.push(String.fromCharCode(c));
      else expect([c, decoded]).toEqual([c, String.fromCharCode(c) === '=' ? 1 : 2]);
    }
    expect(data.join('')).toBe('+-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz');
  });

  it.each([
    ['', Buffer.alloc(0)],
    ['QUJD', Buffer.from('ABC')],
    ['QQ==', Buffer.from('A')],
    ['QUI=', Buffer.from('AB')],
    ['QU JD\r\n', Buffer.from('ABC')],
    ['QUJD====', null],
    ['QQ=A', null],
    ['QU-_', null],
    ['QUJń', null],
    ['QUJ', null],
    ['====', null],
  ])('%j', (text, expected) => {
    expect(decodeBase64Text(text)).toEqual(expected);
    expect(decodeBase64Texts([Buffer.from(text, 'utf8')])[0]).toEqual(expected);
  });
});
