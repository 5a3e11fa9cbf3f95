import { describe, expect, it } from 'vitest';
import { NtlmSessionSecurity } from '../../../../electron/auth/ntlm/session-security.ts';
import { SPEC } from './vectors.ts';

function pair() {
  return { client: new NtlmSessionSecurity(SPEC.randomSessionKey), server: new NtlmSessionSecurity(SPEC.randomSessionKey, 'server') };
}

const message = (n: number) => Buffer.from(`<s:Envelope>message ${n}</s:Envelope>`);

describe('NtlmSessionSecurity', () => {
  it('round-trips messages in both directions with independent key streams and sequence numbers', () => {
    const { client, server } = pair();
    for (let n = 0; n < 5; n++) {
      const up = client.seal(message(n));
      expect(up.header.readUInt32LE(12)).toBe(n);
      expect(up.ciphertext.equals(message(n))).toBe(false);
      expect(server.unseal(up.header, up.ciphertext)).toEqual(message(n));
      const down = server.seal(message(100 + n));
      expect(client.unseal(down.header, down.ciphertext)).toEqual(message(100 + n));
    }
  });

  it('leaves the plaintext it seals as it was, and unseals into the ciphertext it is given', () => {
    const { client, server } = pair();
    const plaintext = Buffer.from('x'.repeat(5000));
    const sealed = server.seal(plaintext);
    expect(plaintext).toEqual(Buffer.from('x'.repeat(5000)));
    const unsealed = client.unseal(sealed.header, sealed.ciphertext);
    expect(unsealed).toEqual(plaintext);
    expect(unsealed.buffer).toBe(sealed.ciphertext.buffer);
    expect(unsealed.byteOffset).toBe(sealed.ciphertext.byteOffset);
  });

  it('stays in step over a long session of messages of every size and alignment', () => {
    const { client, server } = pair();
    let sent = 0;
    for (let n = 0; n < 200; n++) {
      const length = (n * 7919) % 3001;
      const plaintext = Buffer.alloc(length, n & 0xff);
      const up = client.seal(plaintext);
      // A ciphertext at any offset inside a larger received body, as unsealBody hands it over.
      const body = Buffer.alloc(length + 8);
      const ciphertext = body.subarray(n % 8, (n % 8) + length);
      up.ciphertext.copy(ciphertext);
      expect(server.unseal(up.header, ciphertext)).toEqual(plaintext);
      sent += length;
    }
    expect(sent).toBeGreaterThan(250_000);
  });

  it('uses different keys per direction', () => {
    const a = new NtlmSessionSecurity(SPEC.randomSessionKey).seal(message(0));
    const b = new NtlmSessionSecurity(SPEC.randomSessionKey, 'server').seal(message(0));
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it.each([
    ['a flipped ciphertext bit', (h: Buffer, c: Buffer) => [h, Buffer.from(c).fill(c[0]! ^ 1, 0, 1)], /wrong signature/],
    ['a flipped checksum bit', (h: Buffer, c: Buffer) => [Buffer.from(h).fill(h[4]! ^ 1, 4, 5), c], /wrong signature/],
    ['a wrong sequence number', (h: Buffer, c: Buffer) => [Buffer.from(h).fill(7, 12, 13), c], /sequence number 7 where 0/],
    ['a wrong version', (h: Buffer, c: Buffer) => [Buffer.from(h).fill(2, 0, 1), c], /version/],
    ['a short signature', (h: Buffer, c: Buffer) => [h.subarray(0, 15), c], /15-byte/],
    ['a truncated message', (h: Buffer, c: Buffer) => [h, c.subarray(0, c.length - 1)], /wrong signature/],
  ] as const)('refuses %s with INTEGRITY_FAILED', (_name, corrupt, reason) => {
    const { client, server } = pair();
    const sealed = server.seal(message(1));
    const [header, ciphertext] = corrupt(sealed.header, sealed.ciphertext);
    expect(() => client.unseal(header!, ciphertext!)).toThrow(expect.objectContaining({ code: 'INTEGRITY_FAILED', message: expect.stringMatching(reason) }));
  });

  it('refuses a replayed or skipped message', () => {
    const { client, server } = pair();
    const first = server.seal(message(1));
    const replayed = Buffer.from(first.ciphertext); // unseal decrypts in place
    client.unseal(first.header, first.ciphertext);
    expect(() => client.unseal(first.header, replayed)).toThrow(expect.objectContaining({ code: 'INTEGRITY_FAILED' }));
    const { client: c2, server: s2 } = pair();
    s2.seal(message(1));
    const second = s2.seal(message(2));
    expect(() => c2.unseal(second.header, second.ciphertext)).toThrow(/sequence number 1 where 0/);
  });

  it('puts no key material in its error messages', () => {
    const { client, server } = pair();
    const sealed = server.seal(message(1));
    try {
      client.unseal(sealed.header, Buffer.alloc(sealed.ciphertext.length));
      expect.unreachable();
    } catch (error) {
      const text = String((error as Error).message);
      expect(text).not.toMatch(/[0-9a-f]{16}/i);
    }
  });
});
