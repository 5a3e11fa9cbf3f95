import { createHash, createHmac, createSecretKey, timingSafeEqual, type Hmac, type KeyObject } from 'node:crypto';
import { DeskError } from '../../../shared/errors.ts';
import type { MessageSealer, SealedMessage, StreamingUnseal } from '../encryption/sealer.ts';
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
  /** A key object made once per session, not key bytes handed to createHmac with every message. */
  readonly signingKey: KeyObject;
  readonly rc4: Rc4;
  /** Where unseal computes the signature it expects; unseal is synchronous, so one per direction serves every message. */
  readonly expected: Buffer;
  sequence: number;
  /** A message is being unsealed piece by piece: the key stream is in its middle. */
  unsealing: boolean;
}

function direction(exportedSessionKey: Buffer, signMagic: string, sealMagic: string): Direction {
  // 128-bit keys (NTLMSSP_NEGOTIATE_128 is required), so the sealing key is the whole MD5.
  return {
    signingKey: createSecretKey(deriveKey(exportedSessionKey, signMagic)),
    rc4: createRc4(deriveKey(exportedSessionKey, sealMagic)),
    expected: Buffer.alloc(NTLM_SIGNATURE_LENGTH),
    sequence: 0,
    unsealing: false,
  };
}

/**
 * Starts NTLMSSP_MESSAGE_SIGNATURE with extended session security and key exchange (MS-NLMP
 * 3.4.4.2) in `out`: version 1 and the sequence; the HMAC-MD5 over sequence ‖ plaintext is fed the
 * plaintext by the caller (at once or as it arrives) and ended by `endSignature`.
 */
function startSignature(dir: Direction, out: Buffer): Hmac {
  out.writeUInt32LE(1, 0);
  out.writeUInt32LE(dir.sequence, 12);
  return createHmac('md5', dir.signingKey).update(out.subarray(12));
}

/** The RC4-sealed first half of the HMAC: the checksum takes the key stream where the message left it. */
function endSignature(dir: Direction, hmac: Hmac, out: Buffer): Buffer {
  dir.rc4.transform(hmac.digest().subarray(0, 8), out.subarray(4, 12));
  return out;
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
    const header = Buffer.allocUnsafe(NTLM_SIGNATURE_LENGTH);
    endSignature(dir, startSignature(dir, header).update(plaintext), header);
    dir.sequence += 1;
    return { header, ciphertext };
  }

  /**
   * Decrypts `ciphertext` in place and returns it as the plaintext: a reply is tens of kilobytes to
   * megabytes, and its body is read once. After a failure the bytes are garbage, as is the context.
   */
  unseal(header: Buffer, ciphertext: Buffer): Buffer {
    const message = this.beginUnseal(header);
    if (!message) throw integrityFailure(this.#headerProblem(header)!);
    message.update(ciphertext);
    message.finish();
    return ciphertext;
  }

  /**
   * The same as `unseal`, piece by piece: RC4 and the HMAC run over each piece of the ciphertext as
   * it arrives (in place), and `finish` compares the signature. One message at a time per direction:
   * the key stream and the sequence are the direction's.
   */
  beginUnseal(header: Buffer): StreamingUnseal | null {
    if (this.#headerProblem(header)) return null;
    const dir = this.#inbound;
    // A message left half unsealed (its reply broke off) leaves the key stream mid-message: the
    // caller must discard the context, and this refuses to go on with it.
    if (dir.unsealing) throw new DeskError('INTERNAL', 'An NTLM message was begun before the previous one was verified.');
    dir.unsealing = true;
    // The header lies in the reply's body; a copy keeps it as it came, whatever happens to that buffer.
    const received = Buffer.from(header);
    const hmac = startSignature(dir, dir.expected);
    let finished = false;
    return {
      update(ciphertext) {
        if (finished) throw new DeskError('INTERNAL', 'An NTLM message was unsealed further after it was verified.');
        const plaintext = dir.rc4.transform(ciphertext, ciphertext);
        hmac.update(plaintext);
      },
      finish() {
        if (finished) throw new DeskError('INTERNAL', 'An NTLM message was verified twice.');
        finished = true;
        dir.unsealing = false;
        if (!timingSafeEqual(endSignature(dir, hmac, dir.expected), received)) throw integrityFailure('wrong signature');
        dir.sequence += 1;
      },
    };
  }

  #headerProblem(header: Buffer): string | null {
    if (header.length !== NTLM_SIGNATURE_LENGTH) return `a ${header.length}-byte signature`;
    if (header.readUInt32LE(0) !== 1) return 'unknown signature version';
    const sequence = header.readUInt32LE(12);
    const expected = this.#inbound.sequence;
    return sequence === expected ? null : `sequence number ${sequence} where ${expected} was expected`;
  }
}
