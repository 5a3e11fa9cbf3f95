import { DeskError } from '../../../shared/errors.ts';
import { parseAvPairs, type AvPair } from './av-pairs.ts';
import { NTLMSSP_NEGOTIATE_TARGET_INFO, REQUIRED_FLAGS } from './flags.ts';

export const NTLMSSP_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

/** A CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2), with the raw bytes kept for the MIC. */
export interface NtlmChallenge {
  readonly raw: Buffer;
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetInfo: readonly AvPair[];
}

// Signature, type, TargetNameFields, flags, challenge, reserved, TargetInfoFields.
const FIXED_PART = 48;

function malformed(detail: string): DeskError {
  return new DeskError('MALFORMED_RESPONSE', `The server's NTLM challenge is malformed: ${detail}.`);
}

function field(message: Buffer, at: number, name: string): Buffer {
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length > 0 && (offset < FIXED_PART || offset + length > message.length)) throw malformed(`the ${name} lies outside the message`);
  return message.subarray(offset, offset + length);
}

/**
 * Parses a CHALLENGE strictly. Anything structurally wrong is MALFORMED_RESPONSE; a well-formed
 * challenge that refuses NTLMv2 with 128-bit key exchange, signing and sealing is AUTH_FAILED, since
 * accepting it would silently weaken the session.
 */
export function parseChallenge(token: Buffer): NtlmChallenge {
  if (token.length < FIXED_PART) throw malformed(`${token.length} bytes is too short`);
  if (!token.subarray(0, 8).equals(NTLMSSP_SIGNATURE)) throw malformed('it does not start with the NTLMSSP signature');
  const type = token.readUInt32LE(8);
  if (type !== 2) throw malformed(`message type ${type} where 2 (CHALLENGE) was expected`);
  field(token, 12, 'target name'); // unused, but a field pointing outside the message is still malformed
  const flags = token.readUInt32LE(20);
  const missing = REQUIRED_FLAGS.filter(([flag]) => (flags & flag) === 0).map(([, name]) => name);
  if (missing.length > 0) {
    throw new DeskError('AUTH_FAILED', `The server did not agree to NTLMv2 session security (missing: ${missing.join(', ')}); the client refuses weaker NTLM.`);
  }
  const targetInfoBytes = field(token, 40, 'target information');
  if ((flags & NTLMSSP_NEGOTIATE_TARGET_INFO) !== 0 && targetInfoBytes.length === 0) throw malformed('target information is flagged but empty');
  return {
    raw: Buffer.from(token),
    flags,
    serverChallenge: Buffer.from(token.subarray(24, 32)),
    targetInfo: parseAvPairs(targetInfoBytes).map((pair) => ({ id: pair.id, value: Buffer.from(pair.value) })),
  };
}
