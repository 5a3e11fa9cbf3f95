import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrivingReply, encryptedContentType, KERBEROS_ENCRYPTED, sealBody, SPNEGO_ENCRYPTED, unsealBody } from '../../../../electron/auth/encryption/multipart.ts';
import type { MessageSealer } from '../../../../electron/auth/encryption/sealer.ts';
import { NtlmSessionSecurity } from '../../../../electron/auth/ntlm/session-security.ts';
import { DeskError } from '../../../../shared/errors.ts';

const CONTENT_TYPE = encryptedContentType(SPNEGO_ENCRYPTED);

/** A server and a client NTLM context on one session key, the server sealing replies for the client. */
function pair(key = randomBytes(16)): { server: NtlmSessionSecurity; client: NtlmSessionSecurity } {
  return { server: new NtlmSessionSecurity(key, 'server'), client: new NtlmSessionSecurity(key) };
}

/** `body` fed to `arriving` as a response body arrives: growing prefixes of one buffer, cut at `cuts`. */
function arrive(arriving: ArrivingReply, body: Buffer, cuts: readonly number[]): void {
  for (const cut of [...cuts].sort((a, b) => a - b)) arriving.arrived(body.subarray(0, Math.min(cut, body.length)));
}

/** The outcome of unsealing: the plaintext, or the error's code. */
function outcome(run: () => Buffer): { plaintext: string } | { code: string } {
  try {
    return { plaintext: run().toString('latin1') };
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    return { code: error.code };
  }
}

describe('ArrivingReply: a sealed reply decrypted as its body arrives', () => {
  it('has decrypted the ciphertext that came before the body is complete, in place, and verifies it at the end', () => {
    const { server, client } = pair();
    const plaintext = Buffer.from(`<s:Envelope>${'x'.repeat(300_000)}</s:Envelope>`);
    const { body } = sealBody(server, SPNEGO_ENCRYPTED, plaintext);
    // The ciphertext starts after the octet-stream line, the 4-byte header length and the 16-byte signature.
    const start = body.indexOf('application/octet-stream\r\n') + 'application/octet-stream\r\n'.length + 4 + 16;
    const arriving = new ArrivingReply(client, SPNEGO_ENCRYPTED);
    const half = start + 150_000;
    arrive(arriving, body, [10, 100, start - 1, start + 5, half]);
    // Decrypted where it lies, up to what had come; the rest is still ciphertext.
    expect(body.subarray(start, half).equals(plaintext.subarray(0, 150_000))).toBe(true);
    expect(body.subarray(half, half + 1000).equals(plaintext.subarray(150_000, 151_000))).toBe(false);
    expect(unsealBody(client, SPNEGO_ENCRYPTED, CONTENT_TYPE, body, arriving).equals(plaintext)).toBe(true);
  });

  it('keeps the contexts in step over many messages, whatever the pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat({ max: 4000 }), { maxLength: 6 })), { minLength: 1, maxLength: 5 }), (messages) => {
        const { server, client } = pair();
        for (const [bytes, cuts] of messages) {
          const plaintext = Buffer.from(bytes);
          const { body } = sealBody(server, SPNEGO_ENCRYPTED, plaintext);
          const arriving = new ArrivingReply(client, SPNEGO_ENCRYPTED);
          arrive(arriving, body, cuts);
          expect(unsealBody(client, SPNEGO_ENCRYPTED, CONTENT_TYPE, body, arriving).equals(plaintext)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts exactly what the whole-body reader accepts, and refuses what it refuses, for any one byte changed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { nil: null }),
        fc.array(fc.nat({ max: 2500 }), { maxLength: 5 }),
        (bytes, change, cuts) => {
          const key = randomBytes(16);
          const streaming = pair(key);
          const whole = pair(key);
          const plaintext = Buffer.from(bytes);
          // Two identical replies: the servers' key streams are in step.
          const sent = sealBody(streaming.server, SPNEGO_ENCRYPTED, plaintext).body;
          const reference = sealBody(whole.server, SPNEGO_ENCRYPTED, plaintext).body;
          expect(sent.equals(reference)).toBe(true);
          if (change) {
            const at = change[0] % sent.length;
            sent[at]! ^= change[1];
            reference[at]! ^= change[1];
          }
          const arriving = new ArrivingReply(streaming.client, SPNEGO_ENCRYPTED);
          arrive(arriving, sent, cuts);
          const ours = outcome(() => unsealBody(streaming.client, SPNEGO_ENCRYPTED, CONTENT_TYPE, sent, arriving));
          const theirs = outcome(() => unsealBody(whole.client, SPNEGO_ENCRYPTED, CONTENT_TYPE, reference, undefined));
          if ('plaintext' in theirs) {
            expect(ours).toEqual(theirs);
          } else {
            // Both refuse. Where the closing boundary itself was changed, one may call it malformed
            // and the other a length the data part does not have: both end the session.
            expect(ours).toMatchObject({ code: expect.stringMatching(/^(MALFORMED_RESPONSE|INTEGRITY_FAILED)$/) });
            expect(theirs.code).toMatch(/^(MALFORMED_RESPONSE|INTEGRITY_FAILED)$/);
          }
          if (!change) expect(ours).toEqual({ plaintext: plaintext.toString('latin1') });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a declared length the data part does not have, even when every byte that came was decrypted', () => {
    const { server, client } = pair();
    const plaintext = Buffer.from('<s:Envelope>short</s:Envelope>');
    const sealed = sealBody(server, SPNEGO_ENCRYPTED, plaintext).body;
    const body = Buffer.from(sealed.toString('latin1').replace(`Length=${plaintext.length}`, `Length=${plaintext.length + 3}`), 'latin1');
    const arriving = new ArrivingReply(client, SPNEGO_ENCRYPTED);
    arrive(arriving, body, [body.length]);
    expect(() => unsealBody(client, SPNEGO_ENCRYPTED, CONTENT_TYPE, body, arriving)).toThrow(expect.objectContaining({ code: 'INTEGRITY_FAILED' }));
  });

  it('leaves a reply to the whole-body reader when the sealer cannot stream (Kerberos) or the header is refused at once', () => {
    const clear: MessageSealer = {
      seal: (plaintext) => ({ header: Buffer.from('HDR!'), ciphertext: Buffer.from(plaintext) }),
      unseal: (_header, ciphertext) => Buffer.from(ciphertext),
    };
    const plaintext = Buffer.from('<s:Envelope>kerberos</s:Envelope>');
    const kerberosBody = sealBody(clear, KERBEROS_ENCRYPTED, plaintext).body;
    const arriving = new ArrivingReply(clear, KERBEROS_ENCRYPTED);
    arrive(arriving, kerberosBody, [kerberosBody.length]);
    expect(unsealBody(clear, KERBEROS_ENCRYPTED, encryptedContentType(KERBEROS_ENCRYPTED), kerberosBody, arriving).equals(plaintext)).toBe(true);

    // A reply out of sequence: refused with the reason, as without streaming.
    const { server, client } = pair();
    sealBody(server, SPNEGO_ENCRYPTED, Buffer.from('skipped'));
    const late = sealBody(server, SPNEGO_ENCRYPTED, plaintext).body;
    const out = new ArrivingReply(client, SPNEGO_ENCRYPTED);
    arrive(out, late, [late.length]);
    expect(() => unsealBody(client, SPNEGO_ENCRYPTED, CONTENT_TYPE, late, out)).toThrow(/sequence number 1 where 0 was expected/);
  });

  it('refuses the next message after one was left half unsealed (a reply that broke off leaves the key stream mid-message)', () => {
    const { server, client } = pair();
    const first = sealBody(server, SPNEGO_ENCRYPTED, Buffer.alloc(5000, 0x41)).body;
    const broken = new ArrivingReply(client, SPNEGO_ENCRYPTED);
    arrive(broken, first, [first.length - 2000]);
    const second = sealBody(server, SPNEGO_ENCRYPTED, Buffer.from('next')).body;
    // The half message never counted: its sequence number is still the one expected.
    expect(() => unsealBody(client, SPNEGO_ENCRYPTED, CONTENT_TYPE, second, new ArrivingReply(client, SPNEGO_ENCRYPTED))).toThrow(expect.objectContaining({ code: 'INTEGRITY_FAILED', message: expect.stringContaining('sequence number 1 where 0 was expected') }));
  });
});
