import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encryptedContentType, encryptedProtocolOf, KERBEROS_ENCRYPTED, sealBody, SPNEGO_ENCRYPTED, unsealBody } from '../../electron/auth/encryption/multipart.ts';
import type { MessageSealer, SealedMessage } from '../../electron/auth/encryption/sealer.ts';
import { NtlmSessionSecurity } from '../../electron/auth/ntlm/session-security.ts';
import { DeskError } from '../../shared/errors.ts';
import { elapsedMs, LINEAR_LIMIT_MS, ONE_MB, outcomeOf, RUNS } from './outside-input.ts';

// Property tests for the multipart/encrypted framing of sealed WinRM messages (MS-WSMV 2.2.9.1,
// electron/auth/encryption/multipart.ts): any body is unsealed or refused with a coded error, in
// time linear in its size (issue 11, item 1: 160 000 line feeds took 21 s), and the tolerated
// spellings (`-- Encrypted Boundary`, blank lines, header case) still unseal.

const FRAMING_CODES = ['MALFORMED_RESPONSE', 'INTEGRITY_FAILED'] as const;
const CONTENT_TYPE = encryptedContentType(SPNEGO_ENCRYPTED);

/** A transparent sealer: the framing is checked byte for byte, the "signature" is a fixed header. */
const clear: MessageSealer = {
  seal: (plaintext) => ({ header: Buffer.from('HDR!'), ciphertext: Buffer.from(plaintext) }),
  unseal: (header, ciphertext) => {
    if (!header.equals(Buffer.from('HDR!'))) throw new DeskError('INTEGRITY_FAILED', 'bad header');
    return Buffer.from(ciphertext);
  },
};

interface PartSpelling {
  readonly boundary: string;
  readonly blankLines: string;
  readonly headerName: string;
  readonly lineEnd: string;
}

const spelling: fc.Arbitrary<PartSpelling> = fc.record({
  boundary: fc.constantFrom('--Encrypted Boundary', '-- Encrypted Boundary'),
  blankLines: fc.constantFrom('', '\n', '\r\n', '\n'.repeat(50), ' \t\r\n'),
  headerName: fc.constantFrom('Content-Type', 'content-type', 'CONTENT-TYPE'),
  lineEnd: fc.constantFrom('\r\n', '\n', ' \r\n'),
});

/** One part pair; `sealed` is a real sealer's output for `plaintext`, the clear sealer's by default. */
function part(plaintext: Buffer, s: PartSpelling, protocol = SPNEGO_ENCRYPTED, sealed: SealedMessage = { header: Buffer.from('HDR!'), ciphertext: plaintext }): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(sealed.header.length);
  return Buffer.concat([
    Buffer.from(
      `${s.boundary}\r\n${s.blankLines}\t${s.headerName}: ${protocol}${s.lineEnd}` +
        `\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${plaintext.length}${s.lineEnd}` +
        `${s.boundary}\r\n\tContent-Type: application/octet-stream\r\n`,
      'latin1',
    ),
    prefix,
    sealed.header,
    sealed.ciphertext,
  ]);
}

const plaintexts = fc.array(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), { minLength: 1, maxLength: 4 });
const framed = fc.tuple(plaintexts, fc.array(spelling, { minLength: 4, maxLength: 4 }), fc.constantFrom('', '\r\n')).map(([texts, spellings, tail]) => ({
  texts,
  body: Buffer.concat([...texts.map((t, i) => part(t, spellings[i]!)), Buffer.from(`${spellings[0]!.boundary}--${tail}`, 'latin1')]),
}));

const NEAR_MISSES = ['--Encrypted Boundary', '-- Encrypted Boundary', 'Encrypted Boundary', '--Encrypted Boundar', '\r\n', '\n', '--', ':', 'Length=', 'Length=99999999999', 'OriginalContent:', '\xff\xff\xff\xff'];
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...NEAR_MISSES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }),
);

function mutate(body: Buffer, mutations: ReadonlyArray<typeof mutation extends fc.Arbitrary<infer M> ? M : never>): Buffer {
  let out = body;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'flip') out = Buffer.concat([out.subarray(0, at), Buffer.from([m.value]), out.subarray(at + 1)]);
    else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), Buffer.from(m.piece, 'latin1'), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
  }
  return out;
}

describe('multipart/encrypted bodies from a hostile server', () => {
  it(`unseal every tolerated spelling to the plaintexts sent (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(framed, ({ texts, body }) => {
        expect(unsealBody(clear, SPNEGO_ENCRYPTED, CONTENT_TYPE, body)).toEqual(Buffer.concat(texts));
      }),
      { numRuns: RUNS },
    );
  });

  it(`never end in anything but a plaintext or a coded error (${RUNS} cases)`, () => {
    const hostile = fc.oneof(
      fc.tuple(framed, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([{ body }, ms]) => mutate(body, ms)),
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
      fc.array(fc.constantFrom(...NEAR_MISSES, '\tContent-Type: application/HTTP-SPNEGO-session-encrypted', '\tContent-Type: application/octet-stream'), { maxLength: 30 }).map((p) => Buffer.from(p.join(''), 'latin1')),
    );
    fc.assert(
      fc.property(hostile, (body) => {
        const outcome = outcomeOf(() => unsealBody(clear, SPNEGO_ENCRYPTED, CONTENT_TYPE, body), FRAMING_CODES);
        if (outcome.ok) expect(outcome.value.length).toBeLessThanOrEqual(body.length);
      }),
      { numRuns: RUNS },
    );
  });

  it(`unseal bodies of several parts sealed with real NTLM session security, in order (${RUNS} cases)`, () => {
    const key = Buffer.alloc(16, 6);
    const sizes = fc.array(fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 5_000 })), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(sizes, fc.array(spelling, { minLength: 5, maxLength: 5 }), (lengths, spellings) => {
        const server = new NtlmSessionSecurity(key, 'server');
        const texts = lengths.map((length, n) => Buffer.alloc(length, 0x30 + n));
        const body = Buffer.concat([...texts.map((t, n) => part(t, spellings[n]!, SPNEGO_ENCRYPTED, server.seal(t))), Buffer.from(`${spellings[0]!.boundary}--`, 'latin1')]);
        expect(unsealBody(new NtlmSessionSecurity(key), SPNEGO_ENCRYPTED, CONTENT_TYPE, body).equals(Buffer.concat(texts))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it(`refuse a tampered body sealed with real NTLM session security (${RUNS} cases)`, () => {
    const key = Buffer.alloc(16, 5);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (data, ms) => {
        const plaintext = Buffer.from(data);
        const { contentType, body } = sealBody(new NtlmSessionSecurity(key, 'server'), SPNEGO_ENCRYPTED, plaintext);
        const tampered = mutate(body, ms);
        const outcome = outcomeOf(() => unsealBody(new NtlmSessionSecurity(key), SPNEGO_ENCRYPTED, contentType, tampered), FRAMING_CODES);
        // Only a mutation that left the bytes as they were (or changed nothing the seal covers) may pass.
        if (outcome.ok) expect(outcome.value).toEqual(plaintext);
      }),
      { numRuns: RUNS },
    );
  });

  it(`read any Content-Type without throwing (${RUNS} cases)`, () => {
    const contentType = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom('multipart/encrypted', ';', ' ', 'protocol', '=', '"', SPNEGO_ENCRYPTED, KERBEROS_ENCRYPTED, 'boundary="Encrypted Boundary"'), { maxLength: 20 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(contentType, (value) => {
        const protocol = encryptedProtocolOf(value);
        if (protocol !== null) expect(protocol.length).toBeLessThanOrEqual(value.length);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('1 MB of hostile framing is handled in linear time', () => {
  const header = Buffer.from('HDR!');
  const prefix = Buffer.from([4, 0, 0, 0]);
  const dataPart = Buffer.concat([Buffer.from('--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n'), prefix, header, Buffer.from('<x/>--Encrypted Boundary--\r\n')]);
  const withDescription = (description: string) => Buffer.concat([Buffer.from(`--Encrypted Boundary\r\n${description}`, 'latin1'), dataPart]);
  const validHeaders = `\tContent-Type: ${SPNEGO_ENCRYPTED}\r\n\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=4\r\n`;
  const manyParts = (count: number) => Buffer.concat([...Array.from({ length: count }, () => part(Buffer.from('<x/>'), { boundary: '--Encrypted Boundary', blankLines: '', headerName: 'Content-Type', lineEnd: '\r\n' })), Buffer.from('--Encrypted Boundary--\r\n')]);

  it.each([
    ['a description of line feeds only (issue 11, item 1)', () => withDescription('\n'.repeat(ONE_MB)), 'MALFORMED_RESPONSE'],
    ['160 000 line feeds', () => withDescription('\n'.repeat(160_000)), 'MALFORMED_RESPONSE'],
    ['line feeds before valid headers', () => withDescription('\n'.repeat(ONE_MB) + validHeaders), 'accepted'],
    ['line feeds between valid headers', () => withDescription(validHeaders.replace('\r\n', '\r\n' + '\n'.repeat(ONE_MB))), 'accepted'],
    ['a description of spaces', () => withDescription(' '.repeat(ONE_MB)), 'MALFORMED_RESPONSE'],
    ['a description of CRLFs and tabs', () => withDescription('\r\n\t'.repeat(ONE_MB / 3)), 'MALFORMED_RESPONSE'],
    ['one long header line', () => withDescription(`\tOriginalContent: ${';'.repeat(ONE_MB)}Length=4\r\n\tContent-Type: ${SPNEGO_ENCRYPTED}\r\n`), 'accepted'],
    ['a long Length', () => withDescription(`\tContent-Type: ${SPNEGO_ENCRYPTED}\r\n\tOriginalContent: Length=${'9'.repeat(ONE_MB)}\r\n`), 'MALFORMED_RESPONSE'],
    ['near-miss boundaries', () => withDescription('Encrypted Boundary'.repeat(ONE_MB / 18)), 'MALFORMED_RESPONSE'],
    ['dashes', () => withDescription('-'.repeat(ONE_MB)), 'MALFORMED_RESPONSE'],
    ['boundaries without line ends', () => Buffer.from('-- Encrypted Boundary'.repeat(ONE_MB / 21)), 'MALFORMED_RESPONSE'],
    ['a data part without a closing boundary', () => Buffer.concat([withDescription(validHeaders).subarray(0, -24), Buffer.alloc(ONE_MB, 0x2d)]), 'MALFORMED_RESPONSE'],
    ['30 000 small parts', () => manyParts(30_000), 'accepted'],
  ])('%s', (_label, make, expected) => {
    const body = make();
    let outcome: ReturnType<typeof outcomeOf<Buffer>> | undefined;
    expect(elapsedMs(() => (outcome = outcomeOf(() => unsealBody(clear, SPNEGO_ENCRYPTED, CONTENT_TYPE, body), FRAMING_CODES)))).toBeLessThan(LINEAR_LIMIT_MS);
    expect(outcome!.ok ? 'accepted' : outcome!.error.code).toBe(expected);
  });

  it('reads a 1 MB Content-Type', () => {
    const value = `multipart/encrypted;${' '.repeat(ONE_MB)};protocol${' '.repeat(ONE_MB)}`;
    expect(elapsedMs(() => encryptedProtocolOf(value))).toBeLessThan(LINEAR_LIMIT_MS);
  });
});
