import { encodeAvPairs, parseAvPairs } from '../../../electron/auth/ntlm/av-pairs.ts';
import { parseChallenge } from '../../../electron/auth/ntlm/challenge.ts';
import { beginNtlmHandshake, ntlmKey } from '../../../electron/auth/ntlm/client.ts';
import { SPEC } from '../../electron/auth/ntlm/vectors.ts';
import { ONE_MB, type LargeInput } from '../outside-input.ts';

// Large hostile NTLM CHALLENGE tokens: what each gives is checked by
// test/reliability/ntlm-challenges.test.ts, how its time grows with its size by the bench (case L).

export const CHALLENGE_CODES = ['MALFORMED_RESPONSE', 'AUTH_FAILED'] as const;
export const KEY = ntlmKey('DOMAIN\\user', 'password');
export const ENTROPY = { randomBytes: (n: number) => Buffer.alloc(n, 0x42), nowMs: () => 1_700_000_000_000 };

/** AV pairs, one per id from 1 up (skipping the ids of fixed length), each with `valueLength` bytes. */
function pairsOfDistinctIds(count: number, valueLength: number): Buffer {
  const ids = Array.from({ length: count }, (_, i) => i + 1).filter((id) => ![6, 7, 10].includes(id));
  return encodeAvPairs(ids.map((id) => ({ id, value: Buffer.alloc(valueLength, 0x41) })));
}

const PAIR_BYTES = 16; // a 4-byte pair header and 12 bytes of value

/** What the AUTHENTICATE built from a token gives: its signature and size. */
function authenticate(token: Buffer): string {
  const { token: answer } = beginNtlmHandshake(KEY, ENTROPY).authenticate(token, { targetName: 'HTTP/host.example', channelBindings: null });
  return `${answer.subarray(0, 7).toString('latin1')} AUTHENTICATE of ${answer.length} bytes`;
}

export const NTLM_LARGE_INPUTS: readonly LargeInput[] = [
  {
    // Before: 65 535 distinct ids took 8.5 s (each id was searched for among the pairs before it).
    label: 'target information with every pair id',
    largest: ONE_MB, // the 16-bit ids run out at 65 535 pairs of 16 bytes
    outcome: `${0xffff - 3} pairs`,
    build: (bytes) => {
      const data = pairsOfDistinctIds(Math.min(0xffff, Math.floor(bytes / PAIR_BYTES)), PAIR_BYTES - 4);
      return { size: data.length, read: () => `${parseAvPairs(data).length} pairs` };
    },
  },
  {
    label: 'a challenge whose target information fills its 16-bit length, followed by megabytes',
    // 65 532 bytes of pairs leave no room in an AUTHENTICATE for the pairs the client adds.
    outcome: 'MALFORMED_RESPONSE',
    build: (bytes) => {
      const info = pairsOfDistinctIds(0xffff, 0).subarray(0, 0xffff - 7); // 16 382 pairs: with MsvAvEOL, 65 532 bytes
      const token = Buffer.concat([SPEC.challenge.subarray(0, 48), info, Buffer.alloc(4), Buffer.alloc(bytes, 0x41)]);
      token.writeUInt16LE(info.length + 4, 40);
      token.writeUInt16LE(info.length + 4, 42);
      token.writeUInt32LE(48, 44);
      token.writeUInt16LE(0, 12);
      return { size: token.length, read: () => authenticate(token) };
    },
  },
  {
    label: 'random bytes after a challenge header',
    outcome: 'MALFORMED_RESPONSE',
    build: (bytes) => {
      const token = Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 2654435761) >>> 24));
      SPEC.challenge.copy(token, 0, 0, 48);
      return { size: token.length, read: () => `challenge with ${parseChallenge(token).targetInfo.length} pairs` };
    },
  },
];
