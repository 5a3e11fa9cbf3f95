import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../../shared/errors.ts';
import { beginNtlmHandshake, ntlmKey } from '../../../../electron/auth/ntlm/client.ts';
import { computeMic, hmacMd5 } from '../../../../electron/auth/ntlm/ntlmv2.ts';
import { createRc4 } from '../../../../electron/auth/ntlm/rc4.ts';
import { CHROMIUM_MIC, CHROMIUM_V2, EPA, hex, SPEC } from './vectors.ts';

/** Reads an AUTHENTICATE_MESSAGE's payload fields (a test's own parser, not the client's code). */
function fields(message: Buffer) {
  const at = (i: number) => {
    const length = message.readUInt16LE(12 + i * 8);
    const offset = message.readUInt32LE(16 + i * 8);
    return message.subarray(offset, offset + length);
  };
  return {
    lm: at(0),
    nt: at(1),
    domain: at(2).toString('utf16le'),
    user: at(3).toString('utf16le'),
    workstation: at(4).toString('utf16le'),
    encryptedKey: at(5),
    flags: message.readUInt32LE(60),
    mic: message.subarray(72, 88),
  };
}

/** Yields the spec's client challenge, then its random session key. */
function specRandom() {
  const values = [SPEC.clientChallenge, SPEC.randomSessionKey];
  return (size: number) => {
    const next = values.shift();
    if (!next || next.length !== size) throw new Error(`unexpected randomBytes(${size})`);
    return Buffer.from(next);
  };
}

function withServerTimestamp(challenge: Buffer, timestamp: Buffer): Buffer {
  // Insert MsvAvTimestamp before MsvAvEOL and grow the target info field to match.
  const info = challenge.subarray(0x44, 0x44 + 0x24);
  const pair = Buffer.concat([hex('07000800'), timestamp]);
  const newInfo = Buffer.concat([info.subarray(0, info.length - 4), pair, hex('00000000')]);
  const out = Buffer.concat([challenge.subarray(0, 0x44), newInfo]);
  out.writeUInt16LE(newInfo.length, 40);
  out.writeUInt16LE(newInfo.length, 42);
  return out;
}

const key = ntlmKey(`${SPEC.domain}\\${SPEC.user}`, SPEC.password);
const target = { targetName: CHROMIUM_V2.targetName, channelBindings: EPA.applicationData };
const entropy = () => ({ randomBytes: specRandom(), nowMs: () => Number(CHROMIUM_V2.clientTimestamp / 10_000n - 11_644_473_600_000n) });

describe('NTLM handshake messages', () => {
  it('asks for NTLMv2, extended session security, key exchange, 128-bit, sign, seal, version and target info', () => {
    const { negotiate } = beginNtlmHandshake(key, entropy());
    expect(negotiate.subarray(0, 12).toString('hex')).toBe('4e544c4d5353500001000000');
    const flags = negotiate.readUInt32LE(12);
    for (const flag of [0x1, 0x10, 0x20, 0x200, 0x8_0000, 0x80_0000, 0x200_0000, 0x2000_0000, 0x4000_0000]) expect(flags & flag).toBe(flag);
    expect(negotiate.length).toBe(40);
  });

  it('answers the 4.2.4 challenge as an independent implementation does (proof over the updated target info)', () => {
    const handshake = beginNtlmHandshake(key, entropy());
    const { token } = handshake.authenticate(SPEC.challenge, target);
    const f = fields(token);
    expect(f.nt.subarray(0, 16).toString('hex')).toBe(CHROMIUM_V2.ntProofStr);
    // The rest of the NT response is temp: the client timestamp, its challenge, and the target info
    // with MsvAvFlags (MIC), MsvAvChannelBindings and MsvAvTargetName added.
    expect(f.nt.subarray(16)).toEqual(CHROMIUM_MIC.authenticate.subarray(128, 250));
    expect(f.lm.toString('hex')).toBe(SPEC.lmv2Response);
    expect([f.domain, f.user, f.workstation]).toEqual(['Domain', 'User', '']);
    expect(f.flags).toBe((0xe28a8233 & handshake.negotiate.readUInt32LE(12)) >>> 0);
  });

  it('sends the random session key encrypted under the session base key, and a MIC keyed with it', () => {
    const handshake = beginNtlmHandshake(key, entropy());
    const { token } = handshake.authenticate(SPEC.challenge, target);
    const f = fields(token);
    expect(createRc4(hex(CHROMIUM_V2.sessionBaseKey)).transform(f.encryptedKey)).toEqual(SPEC.randomSessionKey);
    const zeroed = Buffer.from(token);
    zeroed.fill(0, 72, 88);
    expect(f.mic).toEqual(hmacMd5(SPEC.randomSessionKey, handshake.negotiate, SPEC.challenge, zeroed));
  });

  it('computes the MIC over the three messages as Chromium does (its vector)', () => {
    const zeroed = Buffer.from(CHROMIUM_MIC.authenticate);
    zeroed.fill(0, 72, 88);
    expect(computeMic(hex(CHROMIUM_V2.sessionBaseKey), CHROMIUM_MIC.negotiate, SPEC.challenge, zeroed).toString('hex')).toBe(CHROMIUM_MIC.mic);
  });

  it("uses the server's timestamp and the zero LM response when the challenge has MsvAvTimestamp", () => {
    const serverTime = hex('0090d336b734c301');
    const { token } = beginNtlmHandshake(key, entropy()).authenticate(withServerTimestamp(SPEC.challenge, serverTime), target);
    const f = fields(token);
    expect(f.lm).toEqual(Buffer.alloc(24));
    expect(f.nt.subarray(24, 32)).toEqual(serverTime);
    // The timestamp pair is passed on unchanged, before the client's pairs.
    expect(f.nt.includes(Buffer.concat([hex('07000800'), serverTime]))).toBe(true);
  });

  it('sends all-zero channel bindings without TLS and the MIC flag in MsvAvFlags', () => {
    const { token } = beginNtlmHandshake(key, entropy()).authenticate(SPEC.challenge, { ...target, channelBindings: null });
    const nt = fields(token).nt;
    expect(nt.includes(Buffer.concat([hex('0a001000'), Buffer.alloc(16)]))).toBe(true);
    expect(nt.includes(hex('0600040002000000'))).toBe(true);
  });

  it('refuses a challenge that does not agree to key exchange, 128-bit keys or sealing', () => {
    for (const flag of [0x4000_0000, 0x2000_0000, 0x20, 0x8_0000]) {
      const weak = Buffer.from(SPEC.challenge);
      weak.writeUInt32LE((weak.readUInt32LE(20) & ~flag) >>> 0, 20);
      const attempt = () => beginNtlmHandshake(key, entropy()).authenticate(weak, target);
      expect(attempt).toThrow(DeskError);
      expect(attempt).toThrow(/did not agree/);
    }
  });
});

describe('NTLM user names', () => {
  it.each([
    ['TEST\\alice', 'TEST', 'alice'],
    ['alice@test.local', '', 'alice@test.local'],
    ['alice', '', 'alice'],
  ])('%s → domain %j, user %j', (userName, domain, user) => {
    const k = ntlmKey(userName, 'pw');
    expect([k.domain, k.user]).toEqual([domain, user]);
  });

  it.each(['', 'TEST\\', 'A\\B\\C'])('refuses %j with INVALID_ARGUMENT', (userName) => {
    expect(() => ntlmKey(userName, 'pw')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
