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

  it('frees each chunk it copied that was a whole buffer of its own, and no other', () => {
    const body = Buffer.from('x'.repeat(9000));
    const reads = [Buffer.from(body.subarray(0, 3000)), Buffer.from(body.subarray(3000, 6000)), Buffer.from(body.subarray(6000))];
    const ownFirst = Buffer.alloc(7000);
    // The first read also held the headers: the body is only part of it.
    const first = ownFirst.subarray(4000);
    reads[0]!.copy(first);
    const collector = new ResponseBody(String(body.length), 64 * 1024);
    collector.add(first);
    const second = Buffer.allocUnsafeSlow(3000);
    reads[1]!.copy(second);
    collector.add(second);
    // A small read from Node's shared pool: other buffers live in the same memory.
    const pooled = Buffer.from(reads[2]!.subarray(0, 10));
    const last = Buffer.allocUnsafeSlow(2990);
    reads[2]!.copy(last, 0, 10);
    collector.add(pooled);
    collector.add(last);
    expect(collector.bytes()).toEqual(body);
    expect(second.buffer.detached).toBe(true);
    expect(last.buffer.detached).toBe(true);
    expect(ownFirst.buffer.detached).toBe(false);
    expect(ownFirst.subarray(4000)).toEqual(body.subarray(0, 3000));
    expect(pooled.buffer.detached).toBe(false);
    expect(pooled).toEqual(body.subarray(6000, 6010));

    // A body in one chunk is that chunk: nothing was copied, nothing is freed.
    const whole = Buffer.allocUnsafeSlow(body.length);
    body.copy(whole);
    const one = new ResponseBody(String(body.length), 64 * 1024);
    one.add(whole);
    expect(whole.buffer.detached).toBe(false);
    expect(one.bytes()).toEqual(body);
  });

  it('reserves nothing for a declared length it will not accept or that no WinRM reply has', () => {
    const hostile = new ResponseBody('4000000000', 64 * 1024 * 1024);
    expect(hostile.add(Buffer.from('x'))).toBe(true);
    expect(hostile.bytes()).toEqual(Buffer.from('x'));
    expect(new ResponseBody('2048', 1024).add(Buffer.alloc(1025))).toBe(false);
  });
});
