import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printableLine } from '../../shared/printable-line.ts';

// Issue 11, item 6: server text printed on a terminal must not act on it. What a terminal acts on:
// C0 controls, DEL, C1 controls (8-bit ESC equivalents); what changes how a line reads: line breaks
// of every kind and bidirectional controls.
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('printableLine', () => {
  it.each([
    ['an OSC title sequence', 'bad\u001b]0;owned\u0007 thing', 'bad␛]0;owned␇ thing'],
    ['a clear-screen CSI', 'x\u001b[2Jy', 'x␛[2Jy'],
    ['the one-byte CSI (C1)', 'x\u009b2Jy', 'x␛[2Jy'],
    ['a carriage return that would overwrite the line', 'ok\rFAKE', 'ok FAKE'],
    ['line breaks and tabs', '  one\r\n\ttwo\u2028three\u0085four  ', 'one two three four'],
    ['NUL, backspace and DEL', 'a\u0000b\u0008c\u007f', 'a␀b␈c␡'],
    ['a right-to-left override', 'file\u202eexe.txt', 'fileexe.txt'],
  ])('makes %s visible and inert', (_label, input, expected) => {
    expect(printableLine(input)).toBe(expected);
  });

  it('leaves ordinary text alone, accents, CJK and emoji included', () => {
    const text = 'Zugriff verweigert: café 日本語 🙂 C:\\x64\\Windows (0xC000013A)';
    expect(printableLine(text)).toBe(text);
  });

  it('always gives one line with nothing a terminal acts on, and is idempotent', () => {
    const arbitrary = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom('\u001b', '[', ']', '\u0007', '\u009b', '\r', '\n', '\t', '\u202e', 'a', ' '), maxLength: 60 }));
    fc.assert(
      fc.property(arbitrary, (text) => {
        const line = printableLine(text);
        expect(line).not.toMatch(ACTIVE);
        expect(line).toBe(line.trim());
        expect(line).not.toMatch(/\s\s/u);
        expect(printableLine(line)).toBe(line);
      }),
      { numRuns: 5000 },
    );
  });

  it('is linear: a megabyte of escapes and line feeds finishes within a limit only a super-linear algorithm misses', () => {
    const text = '\u001b[2J\n'.repeat(200_000);
    const started = performance.now();
    const line = printableLine(text);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(line.startsWith('␛[2J ␛[2J')).toBe(true);
  });
});
