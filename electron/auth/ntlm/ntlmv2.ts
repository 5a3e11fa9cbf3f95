import { createHmac } from 'node:crypto';
import { md4 } from './md4.ts';
import { createRc4 } from './rc4.ts';

/** MS-NLMP 3.3.2 and 3.4.5: NTLMv2 responses and session keys, as pure functions of their inputs. */

export function hmacMd5(key: Uint8Array, ...data: Uint8Array[]): Buffer {
  const hmac = createHmac('md5', key);
  for (const part of data) hmac.update(part);
  return hmac.digest();
}

/** NTOWFv1: MD4 of the UTF-16LE password (the "NT hash"). */
export function ntHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'));
}

/** NTOWFv2: the user name is upper-cased, the domain is used as given. */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

export interface Ntlmv2Input {
  /** NTOWFv2 of the credential (ResponseKeyNT; NTLMv2 uses the same key as ResponseKeyLM). */
  readonly responseKey: Buffer;
  readonly serverChallenge: Buffer;
  readonly clientChallenge: Buffer;
  /** FILETIME, 8 bytes little-endian. */
  readonly timestamp: Buffer;
  /** The encoded AV pairs the client sends (the server's, plus its own, with MsvAvEOL). */
  readonly targetInfo: Buffer;
}

export interface Ntlmv2Result {
  readonly ntProofStr: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly sessionBaseKey: Buffer;
}

export function ntlmv2Response(input: Ntlmv2Input): Ntlmv2Result {
  const temp = Buffer.concat([
    Buffer.from([1, 1]), // Responserversion, HiResponserversion
    Buffer.alloc(6),
    input.timestamp,
    input.clientChallenge,
    Buffer.alloc(4),
    input.targetInfo,
    Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(input.responseKey, input.serverChallenge, temp);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    // With NTLMv2 the KeyExchangeKey is the SessionBaseKey.
    sessionBaseKey: hmacMd5(input.responseKey, ntProofStr),
  };
}

/** LMv2 (used only when the server sent no MsvAvTimestamp; otherwise the client sends Z(24)). */
export function lmv2Response(responseKey: Buffer, serverChallenge: Buffer, clientChallenge: Buffer): Buffer {
  return Buffer.concat([hmacMd5(responseKey, serverChallenge, clientChallenge), clientChallenge]);
}

/** With NTLMSSP_NEGOTIATE_KEY_EXCH the exported key is random and travels RC4-encrypted under the KeyExchangeKey. */
export function encryptRandomSessionKey(keyExchangeKey: Buffer, exportedSessionKey: Buffer): Buffer {
  return createRc4(keyExchangeKey).transform(exportedSessionKey);
}

/** MIC over NEGOTIATE, CHALLENGE and AUTHENTICATE (its MIC field zeroed), keyed with the exported session key. */
export function computeMic(exportedSessionKey: Buffer, negotiate: Buffer, challenge: Buffer, authenticate: Buffer): Buffer {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticate);
}

const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/** Now as a Windows FILETIME (100 ns ticks since 1601), 8 bytes little-endian. */
export function fileTimeNow(nowMs: number = Date.now()): Buffer {
  const ticks = (BigInt(nowMs) + FILETIME_EPOCH_OFFSET_MS) * 10_000n;
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(ticks);
  return out;
}
