import { describe, expect, it } from 'vitest';
import { NtlmSessionSecurity } from '../../../../electron/auth/ntlm/session-security.ts';
import { encryptRandomSessionKey, fileTimeNow, lmv2Response, ntHash, ntlmv2Response, ntowfv2 } from '../../../../electron/auth/ntlm/ntlmv2.ts';
import { SPEC } from './vectors.ts';

describe('NTLMv2 per MS-NLMP 4.2.4', () => {
  const responseKey = ntowfv2(SPEC.password, SPEC.user, SPEC.domain);
  const result = ntlmv2Response({
    responseKey,
    serverChallenge: SPEC.serverChallenge,
    clientChallenge: SPEC.clientChallenge,
    timestamp: SPEC.timestamp,
    targetInfo: SPEC.targetInfo,
  });

  it('derives the NT hash and NTOWFv2', () => {
    expect(ntHash(SPEC.password).toString('hex')).toBe(SPEC.ntHash);
    expect(responseKey.toString('hex')).toBe(SPEC.responseKeyNT);
  });

  it('upper-cases the user but not the domain in NTOWFv2', () => {
    expect(ntowfv2(SPEC.password, 'user', SPEC.domain)).toEqual(responseKey);
    expect(ntowfv2(SPEC.password, SPEC.user, 'DOMAIN')).not.toEqual(responseKey);
  });

  it('computes NTProofStr, the NT response and the session base key', () => {
    expect(result.ntProofStr.toString('hex')).toBe(SPEC.ntProofStr);
    expect(result.sessionBaseKey.toString('hex')).toBe(SPEC.sessionBaseKey);
    // NtChallengeResponse = NTProofStr || temp, and temp ends with the target info and Z(4).
    expect(result.ntChallengeResponse.subarray(0, 16)).toEqual(result.ntProofStr);
    expect(result.ntChallengeResponse.subarray(16, 44).toString('hex')).toBe('0101000000000000' + '0000000000000000' + 'aaaaaaaaaaaaaaaa' + '00000000');
    expect(result.ntChallengeResponse.subarray(44)).toEqual(Buffer.concat([SPEC.targetInfo, Buffer.alloc(4)]));
  });

  it('computes the LMv2 response', () => {
    expect(lmv2Response(responseKey, SPEC.serverChallenge, SPEC.clientChallenge).toString('hex')).toBe(SPEC.lmv2Response);
  });

  it('encrypts the random session key with the key exchange key', () => {
    expect(encryptRandomSessionKey(result.sessionBaseKey, SPEC.randomSessionKey).toString('hex')).toBe(SPEC.encryptedRandomSessionKey);
  });

  it('seals "Plaintext" and signs it with sequence number 0 (4.2.4.4)', () => {
    const sealed = new NtlmSessionSecurity(SPEC.randomSessionKey).seal(Buffer.from('Plaintext', 'utf16le'));
    expect(sealed.ciphertext.toString('hex')).toBe(SPEC.sealedPlaintext);
    expect(sealed.header.toString('hex')).toBe(SPEC.signature);
  });
});

describe('fileTimeNow', () => {
  it('counts 100 ns ticks since 1601', () => {
    expect(fileTimeNow(0).readBigUInt64LE()).toBe(116_444_736_000_000_000n);
    expect(fileTimeNow(Date.UTC(2017, 4, 23, 20, 13, 7)).readBigUInt64LE()).toBe(131_400_439_870_000_000n);
  });
});
