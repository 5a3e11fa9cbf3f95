import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseBody } from '../../../electron/http/response-body.ts';
import { BACKSTOP } from '../../reliability/outside-input.ts';

/** `body` cut at `cuts` (positions, any order, repeats allowed), as undici might hand it over. */
function chunked(body: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...at, body.length]) {
    if (to > from) out.push(body.subarray(from, to));
    from = Math.max(from, to);
  }
  return out;
}

describe('ResponseBody', BACKSTOP, () => {
  it('gives the bytes that came, whatever the chunks and the declared length, and refuses exactly past the limit (2000 cases)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom('exact', 'none', 'smaller', 'larger', 'junk'),
        fc.integer({ min: 0, max: 4000 }),
        (body, cuts, declared, limit) => {
          const header = { exact: String(body.length), none: undefined, smaller: String(Math.max(0, body.length - 7)), larger: String(body.length + 7), junk: '12 34' }[declared];
          const collector = new ResponseBody(header, limit);
          let accepted = 0;
          let refused = false;
          for (const chunk of chunked(body, cuts)) {
            if (!collector.add(chunk)) {
              refused = true;
              break;
            }
            accepted += chunk.length;
          }
          expect(refused).toBe(body.length > limit);
          expect(collector.bytes()).toEqual(body.subarray(0, accepted));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('fills one buffer of the declared length, and hands a body that came whole on as it came', () => {
    const body = Buffer.from('a reply of several chunks');
    const pieces = new ResponseBody(String(body.length), 1024);
    for (const chunk of chunked(body, [3, 9, 20])) pieces.add(chunk);
    const joined = pieces.bytes();
    expect(joined).toEqual(body);
    expect(joined.buffer.byteLength).toBeGreaterThanOrEqual(body.length);

    const whole = new ResponseBody(String(body.length), 1024);
    whole.add(body);
    expect(whole.bytes()).toBe(body);
  });

  it('reserves nothing for a declared length it will not accept or that no WinRM reply has', () => {
    const hostile = new ResponseBody('4000000000', 64 * 1024 * 1024);
    expect(hostile.add(Buffer.from('x'))).toBe(true);
    expect(hostile.bytes()).toEqual(Buffer.from('x'));
    expect(new ResponseBody('2048', 1024).add(Buffer.alloc(1025))).toBe(false);
  });
});
