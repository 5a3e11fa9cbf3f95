import { encryptedContentType, encryptedProtocolOf, SPNEGO_ENCRYPTED, unsealBody } from '../../../electron/auth/encryption/multipart.ts';
import type { MessageSealer, SealedMessage } from '../../../electron/auth/encryption/sealer.ts';
import { DeskError } from '../../../shared/errors.ts';
import type { LargeInput } from '../outside-input.ts';

// Large hostile multipart/encrypted bodies (issue 11, item 1: 160 000 line feeds took 21 s): what
// each gives is checked by test/reliability/encrypted-framing.test.ts, how its time grows with its
// size by the bench (case L).

export const FRAMING_CODES = ['MALFORMED_RESPONSE', 'INTEGRITY_FAILED'] as const;
export const CONTENT_TYPE = encryptedContentType(SPNEGO_ENCRYPTED);

/** A transparent sealer: the framing is checked byte for byte, the "signature" is a fixed header. */
export const clear: MessageSealer = {
  seal: (plaintext) => ({ header: Buffer.from('HDR!'), ciphertext: Buffer.from(plaintext) }),
  unseal: (header, ciphertext) => {
    if (!header.equals(Buffer.from('HDR!'))) throw new DeskError('INTEGRITY_FAILED', 'bad header');
    return Buffer.from(ciphertext);
  },
};

export interface PartSpelling {
  readonly boundary: string;
  readonly blankLines: string;
  readonly headerName: string;
  readonly lineEnd: string;
}

/** One part pair; `sealed` is a real sealer's output for `plaintext`, the clear sealer's by default. */
export function part(plaintext: Buffer, s: PartSpelling, protocol = SPNEGO_ENCRYPTED, sealed: SealedMessage = { header: Buffer.from('HDR!'), ciphertext: plaintext }): Buffer {
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

const dataPart = Buffer.concat([Buffer.from('--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n'), Buffer.from([4, 0, 0, 0]), Buffer.from('HDR!'), Buffer.from('<x/>--Encrypted Boundary--\r\n')]);
const withDescription = (description: string) => Buffer.concat([Buffer.from(`--Encrypted Boundary\r\n${description}`, 'latin1'), dataPart]);
const validHeaders = `\tContent-Type: ${SPNEGO_ENCRYPTED}\r\n\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=4\r\n`;
const PART_BYTES = part(Buffer.from('<x/>'), { boundary: '--Encrypted Boundary', blankLines: '', headerName: 'Content-Type', lineEnd: '\r\n' }).length;
const manyParts = (count: number) =>
  Buffer.concat([...Array.from({ length: count }, () => part(Buffer.from('<x/>'), { boundary: '--Encrypted Boundary', blankLines: '', headerName: 'Content-Type', lineEnd: '\r\n' })), Buffer.from('--Encrypted Boundary--\r\n')]);

/** A body of about `bytes`, unsealed as a reply is: 'accepted', or refused with a code. */
function body(label: string, outcome: 'accepted' | 'MALFORMED_RESPONSE', make: (bytes: number) => Buffer, bytes?: number): LargeInput {
  return {
    label,
    outcome,
    ...(bytes === undefined ? {} : { bytes }),
    build: (n) => {
      const framed = make(n);
      return {
        size: framed.length,
        read: () => {
          unsealBody(clear, SPNEGO_ENCRYPTED, CONTENT_TYPE, framed);
          return 'accepted';
        },
      };
    },
  };
}

export const FRAMING_LARGE_INPUTS: readonly LargeInput[] = [
  body('a description of line feeds only (issue 11, item 1)', 'MALFORMED_RESPONSE', (n) => withDescription('\n'.repeat(n))),
  body('160 000 line feeds', 'MALFORMED_RESPONSE', (n) => withDescription('\n'.repeat(n)), 160_000),
  body('line feeds before valid headers', 'accepted', (n) => withDescription('\n'.repeat(n) + validHeaders)),
  body('line feeds between valid headers', 'accepted', (n) => withDescription(validHeaders.replace('\r\n', '\r\n' + '\n'.repeat(n)))),
  body('a description of spaces', 'MALFORMED_RESPONSE', (n) => withDescription(' '.repeat(n))),
  body('a description of CRLFs and tabs', 'MALFORMED_RESPONSE', (n) => withDescription('\r\n\t'.repeat(n / 3))),
  body('one long header line', 'accepted', (n) => withDescription(`\tOriginalContent: ${';'.repeat(n)}Length=4\r\n\tContent-Type: ${SPNEGO_ENCRYPTED}\r\n`)),
  body('a long Length', 'MALFORMED_RESPONSE', (n) => withDescription(`\tContent-Type: ${SPNEGO_ENCRYPTED}\r\n\tOriginalContent: Length=${'9'.repeat(n)}\r\n`)),
  body('near-miss boundaries', 'MALFORMED_RESPONSE', (n) => withDescription('Encrypted Boundary'.repeat(n / 18))),
  body('dashes', 'MALFORMED_RESPONSE', (n) => withDescription('-'.repeat(n))),
  body('boundaries without line ends', 'MALFORMED_RESPONSE', (n) => Buffer.from('-- Encrypted Boundary'.repeat(n / 21))),
  body('a data part without a closing boundary', 'MALFORMED_RESPONSE', (n) => Buffer.concat([withDescription(validHeaders).subarray(0, -24), Buffer.alloc(n, 0x2d)])),
  body('30 000 small parts', 'accepted', (n) => manyParts(Math.round(n / PART_BYTES)), 30_000 * PART_BYTES),
  {
    label: 'a Content-Type padded with megabytes of spaces',
    outcome: 'protocol ""',
    build: (n) => {
      const value = Buffer.from(`multipart/encrypted;${' '.repeat(n)};protocol${' '.repeat(n)}`, 'latin1').toString('latin1');
      return {
        size: value.length,
        read: () => {
          const protocol = encryptedProtocolOf(value);
          return protocol === null ? 'no protocol' : `protocol ${JSON.stringify(protocol.slice(0, 40))}`;
        },
      };
    },
  },
];
