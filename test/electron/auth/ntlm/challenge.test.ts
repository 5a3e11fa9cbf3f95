import { describe, expect, it } from 'vitest';
import { parseChallenge } from '../../../../electron/auth/ntlm/challenge.ts';
import { hex, SPEC } from './vectors.ts';
import { codeOf } from '../../../support/error-code.ts';

function mutate(edit: (message: Buffer) => void): Buffer {
  const message = Buffer.from(SPEC.challenge);
  edit(message);
  return message;
}


describe('parseChallenge', () => {
  it('reads the 4.2.4 challenge', () => {
    const challenge = parseChallenge(SPEC.challenge);
    expect(challenge.flags).toBe(0xe28a8233);
    expect(challenge.serverChallenge).toEqual(SPEC.serverChallenge);
    expect(challenge.targetInfo.map((pair) => [pair.id, pair.value.toString('utf16le')])).toEqual([
      [2, 'Domain'],
      [1, 'Server'],
    ]);
  });

  it.each([
    ['too short', SPEC.challenge.subarray(0, 47)],
    ['wrong signature', mutate((m) => m.write('NTLMSSX', 0, 'latin1'))],
    ['wrong type', mutate((m) => m.writeUInt32LE(3, 8))],
    ['target name past the end', mutate((m) => m.writeUInt32LE(200, 16))],
    ['target info past the end', mutate((m) => m.writeUInt16LE(0x40, 40))],
    ['target info inside the header', mutate((m) => m.writeUInt32LE(8, 44))],
    ['target info flagged but empty', mutate((m) => m.writeUInt16LE(0, 40))],
    ['AV pair runs past the end', mutate((m) => m.writeUInt16LE(0x30, 0x44 + 2))],
    ['no MsvAvEOL', mutate((m) => m.writeUInt16LE(3, 0x44 + 0x20))],
    ['timestamp of the wrong size', mutate((m) => m.writeUInt16LE(7, 0x44))],
    ['duplicate pair', mutate((m) => m.writeUInt16LE(2, 0x44 + 16))],
  ])('refuses a challenge with %s as MALFORMED_RESPONSE', (_name, message) => {
    expect(codeOf(() => parseChallenge(message))).toBe('MALFORMED_RESPONSE');
  });

  it('refuses a downgrade as AUTH_FAILED', () => {
    expect(codeOf(() => parseChallenge(mutate((m) => m.writeUInt32LE(0x00088207, 20))))).toBe('AUTH_FAILED');
  });

  it('never crashes on truncated or corrupted input', () => {
    let seed = 0x1234567;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let length = 0; length <= SPEC.challenge.length; length++) {
      const code = codeOf(() => parseChallenge(SPEC.challenge.subarray(0, length)));
      expect(code === 'no error' || code === 'MALFORMED_RESPONSE' || code === 'AUTH_FAILED').toBe(true);
    }
    for (let round = 0; round < 2000; round++) {
      const message = Buffer.from(SPEC.challenge);
      for (let n = 0; n < 1 + (next() % 4); n++) message[next() % message.length] = next() & 0xff;
      const code = codeOf(() => parseChallenge(message));
      expect(['no error', 'MALFORMED_RESPONSE', 'AUTH_FAILED']).toContain(code);
    }
    expect(codeOf(() => parseChallenge(hex('')))).toBe('MALFORMED_RESPONSE');
  });
});
