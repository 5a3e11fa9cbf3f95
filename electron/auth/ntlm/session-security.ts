import { createHash, timingSafeEqual } from 'node:crypto';
import { DeskError } from '../../../shared/errors.ts';
import type { MessageSealer, SealedMessage } from '../encryption/sealer.ts';
import { hmacMd5 } from './ntlmv2.ts';
import { createRc4, type Rc4 } from './rc4.ts';

export const NTLM_SIGNATURE_LENGTH = 16;

const MAGIC = {
  clientSign: 'session key to client-to-server signing key magic constant\0',
  clientSeal: 'session key to client-to-server sealing key magic constant\0',
  serverSign: 'session key to server-to-client signing key magic constant\0',
  serverSeal: 'session key to server-to-client sealing key magic constant\0',
};

function deriveKey(exportedSessionKey: Buffer, magic: string): Buffer {
  return createHash('md5').update(exportedSessionKey).update(magic, 'latin1').digest();
}

interface Direction {
  readonly signingKey: Buffer;
  readonly rc4: Rc4;
  sequence: number;
}

function direction(exportedSessionKey: Buffer, signMagic: string, sealMagic: string): Direction {
  // 128-bit keys (NTLMSSP_NEGOTIATE_128 is required), so the sealing key is the whole MD5.
  return { signingKey: deriveKey(exportedSessionKey, signMagic), rc4: createRc4(deriveKey(exportedSessionKey, sealMagic)), sequence: 0 };
}

/** NTLMSSP_MESSAGE_SIGNATURE with extended session security and key exchange (MS-NLMP 3.4.4.2). */
function signature(dir: Direction, sequence: number, plaintext: Buffer): Buffer {
  const seq = Buffer.alloc(4);
  seq.writeUInt32LE(sequence);
  const checksum = dir.rc4.transform(hmacMd5(dir.signingKey, seq, plaintext).subarray(0, 8));
  return Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, seq]);
}

function integrityFailure(detail: string): DeskError {
  return new DeskError('INTEGRITY_FAILED', `A message from the server failed its NTLM integrity check (${detail}); the session was closed.`);
}

/**
 * Connection-oriented NTLMv2 session security: one RC4 stream and one sequence counter per direction
 * for the life of the context. The sequence is part of every signature, so a dropped, repeated or
 * reordered message fails verification — and after any failure the streams are out of step for good,
 * which is why the caller must discard the context.
 */
export class NtlmSessionSecurity implements MessageSealer {
  readonly #outbound: Direction;
  readonly #inbound: Direction;

  /** `role` is 'server' only for an acceptor (tests play one); the keys of the two directions swap. */
  constructor(exportedSessionKey: Buffer, role: 'client' | 'server' = 'client') {
    const client = direction(exportedSessionKey, MAGIC.clientSign, MAGIC.clientSeal);
    const server = direction(exportedSessionKey, MAGIC.serverSign, MAGIC.serverSeal);
    [this.#outbound, this.#inbound] = role === 'client' ? [client, server] : [server, client];
  }

  seal(plaintext: Buffer): SealedMessage {
    const dir = this.#outbound;
    // RC4 order matters: the message first, then the checksum, on the same stream.
    const ciphertext = dir.rc4.transform(plaintext);
    const header = signature(dir, dir.sequence, plaintext);
    dir.sequence += 1;
    return { header, ciphertext };
  }

  unseal(header: Buffer, ciphertext: Buffer): Buffer {
    const dir = this.#inbound;
    if (header.length !== NTLM_SIGNATURE_LENGTH) throw integrityFailure(`a ${header.length}-byte signature`);
    if (header.readUInt32LE(0) !== 1) throw integrityFailure('unknown signature version');
    const sequence = header.readUInt32LE(12);
    if (sequence !== dir.sequence) throw integrityFailure(`sequence number ${sequence} where ${dir.sequence} was expected`);
    const plaintext = dir.rc4.transform(ciphertext);
    const expected = signature(dir, dir.sequence, plaintext);
    if (!timingSafeEqual(expected, header)) throw integrityFailure('wrong signature');
    dir.sequence += 1;
    return plaintext;
  }
}
