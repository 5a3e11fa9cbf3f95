import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { challengeToken, parseChallenges } from '../../../electron/http/auth-challenges.ts';
import { headerValues, readResponse } from '../../../electron/http/response-head.ts';
import { asDecoded, ONE_MB, type LargeInput } from '../outside-input.ts';

// Large hostile CONNECT response heads and 401/407 challenges: what each gives is checked by
// test/reliability/http-heads.test.ts, how its time grows with its size by the bench (case L).

export const HEAD_CODES = ['PROXY_CONNECT_FAILED', 'TIMEOUT'] as const;

/** Feeds `chunks` to readResponse through a stream standing in for the proxy's socket. */
export async function readChunks(chunks: readonly Buffer[], timeoutMs = 1_000) {
  const socket = new PassThrough();
  const reading = readResponse(socket as unknown as Socket, 'the proxy', timeoutMs);
  for (const chunk of chunks) socket.write(chunk);
  // Ending the stream closes it once everything written was read, as a proxy closing its socket would.
  socket.end();
  return reading;
}

const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));
const slices = (bytes: Buffer, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

/** The same challenge header twice, as a server sending it in two header lines. */
function challenges(label: string, outcome: string, make: (bytes: number) => string): LargeInput {
  return {
    label: `challenges: ${label}`,
    outcome,
    build: (bytes) => {
      const value = asDecoded(make(bytes));
      return {
        size: 2 * value.length,
        read: () => {
          const parsed = parseChallenges([value, value]);
          const token = challengeToken(parsed, 'Negotiate');
          return `${parsed.length} challenges, ${token === null ? 'no Negotiate token' : `a Negotiate token of ${token.length} characters`}`;
        },
      };
    },
  };
}

/** A head read off a socket in pieces of `chunkBytes` (or in one), with a timeout long enough not to be what ends it. */
function head(label: string, outcome: string, chunkBytes: number | 'one piece', make: (bytes: number) => Buffer, sizes: Pick<LargeInput, 'bytes' | 'largest'> = {}): LargeInput {
  return {
    label: `response head: ${label}`,
    outcome,
    ...sizes,
    build: (bytes) => {
      const whole = make(bytes);
      const chunks = chunkBytes === 'one piece' ? [whole] : slices(whole, chunkBytes);
      return {
        size: whole.length,
        read: async () => {
          const read = await readChunks(chunks, 60_000);
          const offered = parseChallenges(headerValues(read.head, 'proxy-authenticate'));
          return `status ${read.head.status}, ${offered.length} challenges, a body of ${read.body.length} bytes`;
        },
      };
    },
  };
}

export const HEAD_LARGE_INPUTS: readonly LargeInput[] = [
  challenges('unterminated quotes with escapes', '0 challenges, no Negotiate token', (n) => fill('"\\', n)),
  challenges('commas', '0 challenges, no Negotiate token', (n) => fill(',', n)),
  challenges('auth-params', '2 challenges, no Negotiate token', (n) => `Digest ${fill('a=b, ', n)}`),
  challenges('a huge list of schemes', '190652 challenges, no Negotiate token', (n) => fill('Negotiate, ', n)),
  challenges('one unterminated quoted string', '2 challenges, no Negotiate token', (n) => `Basic realm="${fill('a,', n)}`),
  challenges('spaces after a scheme', '2 challenges, no Negotiate token', (n) => `Basic${fill(' ', n)}x`),
  challenges('equals signs', '0 challenges, no Negotiate token', (n) => fill('=', n)),
  challenges('a long token68', '2 challenges, a Negotiate token of 1048576 characters', (n) => `Negotiate ${fill('QUJD', n)}`),
  // Past the 64 KB limit on a head: refused, after reading 80 000 one-byte chunks.
  head('a head that never ends, a byte at a time', 'PROXY_CONNECT_FAILED', 1, (n) => Buffer.alloc(n, 0x41), { bytes: 80 * 1024 }),
  head('a 1 MB head in one piece', 'PROXY_CONNECT_FAILED', 'one piece', (n) => Buffer.from(`HTTP/1.1 407 X\r\nX-A: ${fill('a', n)}\r\n\r\n`)),
  // Before: 2 s for the chunks alone. Within the 64 KB limit on a head.
  head('a 60 KB Proxy-Authenticate of escapes, a byte at a time', 'status 407, 0 challenges, a body of 0 bytes', 1, (n) => Buffer.from(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${fill('"\\', n)}\r\nContent-Length: 0\r\n\r\n`), { bytes: 60_000, largest: 60_000 }),
  // Before: 27 s (every chunk was appended to one buffer). Within the 1 MB limit on a body.
  head('a 1 MB body in 16-byte chunks', 'status 407, 0 challenges, a body of 1048576 bytes', 16, (n) => Buffer.concat([Buffer.from(`HTTP/1.1 407 X\r\nContent-Length: ${n}\r\n\r\n`), Buffer.alloc(n, 0x41)]), { largest: ONE_MB }),
];
