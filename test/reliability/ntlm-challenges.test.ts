import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAvPairs, parseAvPairs } from '../../electron/auth/ntlm/av-pairs.ts';
import { parseChallenge } from '../../electron/auth/ntlm/challenge.ts';
import { beginNtlmHandshake } from '../../electron/auth/ntlm/client.ts';
import { SPEC } from '../electron/auth/ntlm/vectors.ts';
import { CHALLENGE_CODES, ENTROPY, KEY, NTLM_LARGE_INPUTS } from './large-inputs/ntlm-challenges.ts';
import { BACKSTOP, ONE_MB, outcomeOf, readLargeInput, RUNS } from './outside-input.ts';

// Property tests for a server's NTLM CHALLENGE (electron/auth/ntlm/challenge.ts, av-pairs.ts) and
// the AUTHENTICATE built from it (client.ts): any token is answered or refused with a coded error.
// How the time of a large token grows with its size is the bench's (case L), never a timed test.

const FLAGS = SPEC.challenge.readUInt32LE(20);

const avPair = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 0xffff })),
  value: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
});
const targetInfo = fc.oneof(
  fc.array(avPair, { maxLength: 8 }).map((pairs) => encodeAvPairs(pairs.filter((p) => p.id !== 0))),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
  fc.constant(SPEC.targetInfo),
);

/** A CHALLENGE laid out as Windows does, with every field free to lie about its length or offset. */
const challenge = fc
  .record({
    flags: fc.oneof(fc.constant(FLAGS), fc.integer({ min: 0, max: 0xffffffff }), fc.constant((FLAGS & ~0x20) >>> 0)),
    targetName: fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
    targetInfo,
    lengthSkew: fc.oneof(fc.constant(0), fc.integer({ min: -8, max: 8 }), fc.integer({ min: -0xffff, max: 0xffff })),
    offsetSkew: fc.oneof(fc.constant(0), fc.integer({ min: -60, max: 60 }), fc.integer({ min: -0xffff, max: 0xffffffff })),
    type: fc.oneof(fc.constant(2), fc.integer({ min: 0, max: 0xffffffff })),
    trailing: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
  })
  .map(({ flags, targetName, targetInfo: info, lengthSkew, offsetSkew, type, trailing }) => {
    const header = Buffer.alloc(56);
    SPEC.challenge.copy(header, 0, 0, 8);
    header.writeUInt32LE(type, 8);
    header.writeUInt16LE(targetName.length, 12);
    header.writeUInt16LE(targetName.length, 14);
    header.writeUInt32LE(56, 16);
    header.writeUInt32LE(flags, 20);
    SPEC.serverChallenge.copy(header, 24);
    const infoLength = Math.min(0xffff, Math.max(0, info.length + lengthSkew));
    header.writeUInt16LE(infoLength, 40);
    header.writeUInt16LE(infoLength, 42);
    header.writeUInt32LE(Math.min(0xffffffff, Math.max(0, 56 + targetName.length + offsetSkew)), 44);
    return Buffer.concat([header, targetName, info, trailing]);
  });

const pokes = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 0xffff }), wide: fc.boolean() }), { minLength: 1, maxLength: 4 });
function poke(message: Buffer, edits: ReadonlyArray<{ at: number; value: number; wide: boolean }>): Buffer {
  const out = Buffer.from(message);
  for (const { at, value, wide } of edits) {
    const width = wide ? 2 : 1;
    if (out.length < width) continue;
    const offset = at % (out.length - width + 1);
    if (wide) out.writeUInt16LE(value, offset);
    else out[offset] = value & 0xff;
  }
  return out;
}

const hostileToken = fc.oneof(
  challenge,
  pokes.map((edits) => poke(SPEC.challenge, edits)),
  fc.tuple(challenge, pokes).map(([message, edits]) => poke(message, edits)),
  fc.nat({ max: SPEC.challenge.length }).map((n) => SPEC.challenge.subarray(0, n)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
);

describe('NTLM challenges from a hostile server', BACKSTOP, () => {
  it(`are parsed or refused with a coded error (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(hostileToken, (token) => {
        const outcome = outcomeOf(() => parseChallenge(token), CHALLENGE_CODES);
        if (!outcome.ok) return;
        const pairBytes = outcome.value.targetInfo.reduce((sum, pair) => sum + 4 + pair.value.length, 0);
        expect(pairBytes).toBeLessThanOrEqual(token.length);
      }),
      { numRuns: RUNS },
    );
  });

  it(`are answered or refused with a coded error when authenticating (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(hostileToken, fc.boolean(), (token, https) => {
        const outcome = outcomeOf(
          () => beginNtlmHandshake(KEY, ENTROPY).authenticate(token, { targetName: 'HTTP/host.example', channelBindings: https ? Buffer.from('tls-server-end-point:abc') : null }),
          CHALLENGE_CODES,
        );
        if (outcome.ok) expect(outcome.value.token.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
      }),
      { numRuns: RUNS },
    );
  });

  it(`have target information parsed or refused with a coded error (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(targetInfo, fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))), (data) => {
        const outcome = outcomeOf(() => parseAvPairs(data), ['MALFORMED_RESPONSE']);
        if (outcome.ok) expect(new Set(outcome.value.map((p) => p.id)).size).toBe(outcome.value.length);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('large hostile NTLM tokens', BACKSTOP, () => {
  it.each(NTLM_LARGE_INPUTS)('$label: $outcome', async (input) => {
    const { size, outcome } = await readLargeInput(input, CHALLENGE_CODES);
    expect(size).toBeGreaterThanOrEqual(ONE_MB - 50_000);
    expect(outcome).toBe(input.outcome);
  });
});
