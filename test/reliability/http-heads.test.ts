import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { challengeToken, offeredSchemeNames, parseChallenges } from '../../electron/http/auth-challenges.ts';
import { headerValues } from '../../electron/http/response-head.ts';
import { HEAD_CODES, HEAD_LARGE_INPUTS, readChunks } from './large-inputs/http-heads.ts';
import { asyncOutcomeOf, BACKSTOP, ONE_MB, readLargeInput, RUNS } from './outside-input.ts';

// Property tests for what a proxy or server sends before any WinRM: the response head of a CONNECT
// leg read off a raw socket (electron/http/response-head.ts) and the challenges of a 401 or 407
// (electron/http/auth-challenges.ts). Either is read or refused with a coded error, however it is
// cut into chunks. How the time of a large one grows with its size is the bench's (case L), never a
// timed test.

function cut(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of [...at, bytes.length]) {
    if (point > from) pieces.push(bytes.subarray(from, point));
    from = point;
  }
  return pieces;
}

const tchar = fc.constantFrom(...'abcXYZ019!#$%&\'*+.^_`|~-'.split(''));
const token = fc.string({ unit: tchar, minLength: 1, maxLength: 12 });
const headerLine = fc.oneof(
  fc.tuple(token, fc.string({ unit: 'binary-ascii', maxLength: 30 })).map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, '')}`),
  fc.constantFrom('Proxy-Authenticate: NTLM', 'Proxy-Authenticate: Negotiate YIIBCg==', 'Proxy-Authenticate: Basic realm="a, b"', 'Connection: close', 'Transfer-Encoding: chunked'),
  fc.constantFrom('Content-Length: 5', 'Content-Length: 0x10', 'Content-Length: -1', 'Content-Length: 99999999', 'Content-Length:', 'no colon', ': empty name', ' folded'),
);
const response = fc
  .record({
    status: fc.oneof(fc.constantFrom('HTTP/1.1 200 Connection established', 'HTTP/1.1 407 Proxy Authentication Required', 'HTTP/1.0 502 Bad Gateway', 'HTTP/1.1 200'), fc.string({ unit: 'binary-ascii', maxLength: 30 })),
    headers: fc.array(headerLine, { maxLength: 8 }),
    body: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
    declareBody: fc.boolean(),
    after: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)),
    end: fc.constantFrom('\r\n\r\n', '\r\n', '\n\n', ''),
  })
  .map(({ status, headers, body, declareBody, after, end }) => {
    const lines = [status, ...headers, ...(declareBody ? [`Content-Length: ${body.length}`] : [])];
    return Buffer.concat([Buffer.from(lines.join('\r\n') + end, 'latin1'), body, after]);
  });

describe('CONNECT response heads from a hostile proxy', BACKSTOP, () => {
  it(`are read or refused with a coded error, however they are cut (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(response, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), fc.array(fc.nat(), { maxLength: 8 }), async (bytes, cuts) => {
        const outcome = await asyncOutcomeOf(() => readChunks(cut(bytes, cuts)), HEAD_CODES);
        if (!outcome.ok) return;
        const { head, body } = outcome.value;
        expect(head.status).toBeGreaterThanOrEqual(100);
        expect(head.status).toBeLessThan(1000);
        expect(body.length).toBeLessThanOrEqual(bytes.length);
        for (const [, values] of head.headers) for (const value of values) expect(value).not.toMatch(/[\r\n]/);
      }),
      { numRuns: RUNS },
    );
  });

  it(`give the same head and body however they are cut (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 50 }), fc.array(fc.nat(), { maxLength: 10 }), async (bodyBytes, cuts) => {
        const body = Buffer.from(bodyBytes);
        const bytes = Buffer.concat([Buffer.from(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
        const read = await readChunks(cut(bytes, cuts));
        expect(read.head.status).toBe(407);
        expect(headerValues(read.head, 'proxy-authenticate')).toEqual(['NTLM']);
        expect(read.body).toEqual(body);
      }),
      { numRuns: RUNS },
    );
  });
});

// A challenge as a server or proxy writes it: a scheme, then a token68 or auth-params.
const quoted = fc.string({ unit: fc.constantFrom('a', ' ', ',', '=', '\\"', '\\\\', 'é'), maxLength: 10 }).map((s) => `"${s}"`);
const param = fc.tuple(token, fc.oneof(token, quoted)).map(([name, value]) => `${name}=${value}`);
const challenge = fc.oneof(
  token.map((scheme) => ({ scheme, value: '' })),
  fc.tuple(token, fc.base64String({ minLength: 4, maxLength: 40 })).map(([scheme, t]) => ({ scheme, value: t })),
  fc.tuple(token, fc.array(param, { minLength: 1, maxLength: 4 })).map(([scheme, params]) => ({ scheme, value: params.join(', ') })),
);
const separator = fc.constantFrom(', ', ',', ' , ', ',,  ');

describe('401 and 407 challenges from a hostile server or proxy', BACKSTOP, () => {
  it(`are split into the challenges written (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.array(challenge, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), separator, (headers, sep) => {
        const values = headers.map((list) => list.map((c) => (c.value ? `${c.scheme} ${c.value}` : c.scheme)).join(sep));
        const parsed = parseChallenges(values);
        expect(parsed).toEqual(headers.flat());
        expect(offeredSchemeNames(parsed).length).toBeLessThanOrEqual(parsed.length);
      }),
      { numRuns: RUNS },
    );
  });

  it(`never throw and never grow, whatever the header says (${RUNS} cases)`, () => {
    const piece = fc.oneof(token, quoted, fc.constantFrom('"', '\\', ',', '=', ' ', '\t', '"\\', 'Negotiate', 'NTLM', 'Basic realm=', 'Digest'), fc.string({ unit: 'binary', maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), { maxLength: 3 }), (values) => {
        const parsed = parseChallenges(values);
        const size = parsed.reduce((sum, c) => sum + c.scheme.length + c.value.length, 0);
        expect(size).toBeLessThanOrEqual(2 * values.reduce((sum, v) => sum + v.length, 0));
        challengeToken(parsed, 'Negotiate');
        offeredSchemeNames(parsed);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('large hostile heads and challenges', BACKSTOP, () => {
  it.each(HEAD_LARGE_INPUTS)('$label: $outcome', async (input) => {
    const { size, outcome } = await readLargeInput(input, HEAD_CODES);
    expect(size).toBeGreaterThanOrEqual((input.bytes ?? ONE_MB) / 2);
    expect(outcome).toBe(input.outcome);
  });
});
