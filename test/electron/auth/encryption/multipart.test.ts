import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../../shared/errors.ts';
import type { MessageSealer } from '../../../../electron/auth/encryption/sealer.ts';
import {
  encryptedContentType,
  encryptedProtocolOf,
  KERBEROS_ENCRYPTED,
  sealBody,
  SPNEGO_ENCRYPTED,
  unsealBody,
} from '../../../../electron/auth/encryption/multipart.ts';
import { NtlmSessionSecurity } from '../../../../electron/auth/ntlm/session-security.ts';
import { codeOf } from '../../../support/error-code.ts';

/** A transparent "sealer" so the framing can be checked byte for byte. */
const clear: MessageSealer = {
  seal: (plaintext) => ({ header: Buffer.from('HDR!'), ciphertext: Buffer.from(plaintext) }),
  unseal: (header, ciphertext) => {
    if (header.toString() !== 'HDR!') throw new DeskError('INTEGRITY_FAILED', 'bad header');
    return Buffer.from(ciphertext);
  },
};

const SOAP = Buffer.from('<s:Envelope>héllo</s:Envelope>');
const CONTENT_TYPE = 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"';

function frame(protocol: string, length: number, header: string | Buffer, ciphertext: Buffer, boundary = '--Encrypted Boundary'): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(Buffer.byteLength(header));
  return Buffer.concat([
    Buffer.from(
      `${boundary}\r\n\tContent-Type: ${protocol}\r\n\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${length}\r\n` +
        `${boundary}\r\n\tContent-Type: application/octet-stream\r\n`,
    ),
    prefix,
    Buffer.from(header),
    ciphertext,
  ]);
}


describe('sealBody', () => {
  it('writes the MS-WSMV 2.2.9.1 layout exactly', () => {
    const { contentType, body } = sealBody(clear, SPNEGO_ENCRYPTED, SOAP);
    expect(contentType).toBe(CONTENT_TYPE);
    const expected = Buffer.concat([frame(SPNEGO_ENCRYPTED, SOAP.length, 'HDR!', SOAP), Buffer.from('--Encrypted Boundary--\r\n')]);
    expect(body.toString('latin1')).toBe(expected.toString('latin1'));
    // Length counts bytes, not characters.
    expect(body.toString('latin1')).toContain(`Length=${Buffer.byteLength('<s:Envelope>héllo</s:Envelope>')}\r\n`);
  });

  it('parameterises the protocol for Kerberos', () => {
    const { contentType, body } = sealBody(clear, KERBEROS_ENCRYPTED, SOAP);
    expect(contentType).toBe('multipart/encrypted;protocol="application/HTTP-Kerberos-session-encrypted";boundary="Encrypted Boundary"');
    expect(body.toString('latin1')).toContain('\tContent-Type: application/HTTP-Kerberos-session-encrypted\r\n');
  });
});

describe('unsealBody', () => {
  it('round-trips through real NTLM session security', () => {
    const key = Buffer.alloc(16, 7);
    const server = new NtlmSessionSecurity(key, 'server');
    const client = new NtlmSessionSecurity(key);
    for (let n = 0; n < 3; n++) {
      const message = Buffer.from(`<reply n="${n}"/>`.repeat(n * 1000 + 1));
      const { contentType, body } = sealBody(server, SPNEGO_ENCRYPTED, message);
      expect(unsealBody(client, SPNEGO_ENCRYPTED, contentType, body)).toEqual(message);
    }
  });

  it('tolerates "-- Encrypted Boundary" and an unquoted protocol', () => {
    const body = Buffer.concat([frame(SPNEGO_ENCRYPTED, SOAP.length, 'HDR!', SOAP, '-- Encrypted Boundary'), Buffer.from('-- Encrypted Boundary--\r\n')]);
    expect(unsealBody(clear, SPNEGO_ENCRYPTED, 'multipart/encrypted; protocol=application/HTTP-SPNEGO-session-encrypted; boundary="Encrypted Boundary"', body)).toEqual(SOAP);
  });

  it('joins several part pairs in order', () => {
    const a = Buffer.from('<first/>');
    const b = Buffer.from('<second/>');
    const body = Buffer.concat([frame(SPNEGO_ENCRYPTED, a.length, 'HDR!', a), frame(SPNEGO_ENCRYPTED, b.length, 'HDR!', b), Buffer.from('--Encrypted Boundary--\r\n')]);
    expect(unsealBody(clear, SPNEGO_ENCRYPTED, CONTENT_TYPE, body).toString()).toBe('<first/><second/>');
  });

  it('joins several NTLM-sealed part pairs inside the body, without a copy for a single one', () => {
    const key = Buffer.alloc(16, 3);
    const server = new NtlmSessionSecurity(key, 'server');
    const client = new NtlmSessionSecurity(key);
    const messages = [100_000, 1, 0, 70_000, 5].map((length, n) => Buffer.alloc(length, 0x41 + n));
    const parts = messages.map((message) => {
      const { header, ciphertext } = server.seal(message);
      return frame(SPNEGO_ENCRYPTED, message.length, header, ciphertext);
    });
    const body = Buffer.concat([...parts, Buffer.from('--Encrypted Boundary--\r\n')]);
    const joined = unsealBody(client, SPNEGO_ENCRYPTED, CONTENT_TYPE, body);
    expect(joined.equals(Buffer.concat(messages))).toBe(true);
    expect(joined.buffer).toBe(body.buffer);

    const single = sealBody(server, SPNEGO_ENCRYPTED, messages[0]!);
    const plaintext = unsealBody(client, SPNEGO_ENCRYPTED, single.contentType, single.body);
    expect(plaintext.equals(messages[0]!)).toBe(true);
    expect(plaintext.buffer).toBe(single.body.buffer);
  });

  it('joins the plaintexts of a sealer that returns more bytes than the whole body holds', () => {
    const hundredfold: MessageSealer = { seal: clear.seal, unseal: (header, ciphertext) => Buffer.from(clear.unseal(header, ciphertext).toString().repeat(100)) };
    const texts = ['<a/>', '<bb/>', '<ccc/>'].map((t) => Buffer.from(t));
    const body = Buffer.concat([...texts.map((t) => frame(SPNEGO_ENCRYPTED, t.length * 100, 'HDR!', t)), Buffer.from('--Encrypted Boundary--\r\n')]);
    expect(body.length).toBeLessThan(1500);
    expect(unsealBody(hundredfold, SPNEGO_ENCRYPTED, CONTENT_TYPE, body).toString()).toBe(texts.map((t) => t.toString().repeat(100)).join(''));
  });

  it('refuses a plaintext whose length differs from OriginalContent Length as INTEGRITY_FAILED', () => {
    const body = Buffer.concat([frame(SPNEGO_ENCRYPTED, SOAP.length + 1, 'HDR!', SOAP), Buffer.from('--Encrypted Boundary--\r\n')]);
    expect(codeOf(() => unsealBody(clear, SPNEGO_ENCRYPTED, CONTENT_TYPE, body))).toBe('INTEGRITY_FAILED');
  });

  const good = Buffer.concat([frame(SPNEGO_ENCRYPTED, SOAP.length, 'HDR!', SOAP), Buffer.from('--Encrypted Boundary--\r\n')]);
  const replace = (from: string, to: string) => Buffer.from(good.toString('latin1').replace(from, to), 'latin1');
  it.each([
    ['a different protocol', good, 'multipart/encrypted;protocol="application/HTTP-Kerberos-session-encrypted";boundary="Encrypted Boundary"'],
    ['a non-multipart content type', good, 'application/soap+xml;charset=UTF-8'],
    ['no protocol parameter', good, 'multipart/encrypted;boundary="Encrypted Boundary"'],
    ['no OriginalContent', replace('OriginalContent', 'OtherContent'), CONTENT_TYPE],
    ['a part naming another protocol', replace('\tContent-Type: application/HTTP-SPNEGO', '\tContent-Type: application/HTTP-CredSSP'), CONTENT_TYPE],
    ['no octet-stream part', replace('application/octet-stream', 'application/json'), CONTENT_TYPE],
    ['no closing boundary', good.subarray(0, good.length - 24), CONTENT_TYPE],
    ['data after the closing boundary', Buffer.concat([good, Buffer.from('junk')]), CONTENT_TYPE],
    ['a header length past the end', Buffer.from(good).fill(0xff, good.indexOf('HDR!') - 4, good.indexOf('HDR!')), CONTENT_TYPE],
    ['an empty body', Buffer.alloc(0), CONTENT_TYPE],
  ])('refuses %s as MALFORMED_RESPONSE', (_name, body, contentType) => {
    expect(codeOf(() => unsealBody(clear, SPNEGO_ENCRYPTED, contentType, body))).toBe('MALFORMED_RESPONSE');
  });

  it('never crashes on a truncated or corrupted body', () => {
    const key = Buffer.alloc(16, 9);
    const { contentType, body } = sealBody(new NtlmSessionSecurity(key, 'server'), SPNEGO_ENCRYPTED, SOAP);
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    // Every variant its own copy: unsealing decrypts a body where it lies.
    const variants = [
      ...Array.from({ length: body.length }, (_, n) => Buffer.from(body.subarray(0, n))),
      ...Array.from({ length: 1000 }, () => {
        const copy = Buffer.from(body);
        copy[next() % copy.length] = next() & 0xff;
        return copy;
      }),
    ];
    for (const variant of variants) {
      const code = codeOf(() => unsealBody(new NtlmSessionSecurity(key), SPNEGO_ENCRYPTED, contentType, variant));
      expect(['no error', 'MALFORMED_RESPONSE', 'INTEGRITY_FAILED']).toContain(code);
    }
  });
});

describe('encryptedProtocolOf', () => {
  it('reads the protocol parameter and ignores other types', () => {
    expect(encryptedProtocolOf(encryptedContentType(SPNEGO_ENCRYPTED))).toBe(SPNEGO_ENCRYPTED);
    expect(encryptedProtocolOf('Multipart/Encrypted; protocol="x"')).toBe('x');
    expect(encryptedProtocolOf('multipart/x-multi-encrypted;protocol="x"')).toBeNull();
    expect(encryptedProtocolOf('application/soap+xml')).toBeNull();
  });
});
