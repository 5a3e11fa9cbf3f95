import { createHash, type X509Certificate } from 'node:crypto';

/**
 * RFC 5929 `tls-server-end-point` channel bindings (Extended Protection for Authentication): the
 * application data both NTLM and Kerberos bind their contexts to, and the MD5 of the
 * gss_channel_bindings_struct that NTLM carries in MsvAvChannelBindings.
 */

const PREFIX = 'tls-server-end-point:';
const RSASSA_PSS = '1.2.840.113549.1.1.10';

// Signature algorithm → its single hash. MD5 and SHA-1 are replaced by SHA-256, as RFC 5929 says.
const HASH_BY_SIGNATURE_OID = new Map<string, string>([
  ['1.2.840.113549.1.1.4', 'sha256'], // md5WithRSAEncryption
  ['1.2.840.113549.1.1.5', 'sha256'], // sha1WithRSAEncryption
  ['1.2.840.113549.1.1.14', 'sha224'],
  ['1.2.840.113549.1.1.11', 'sha256'],
  ['1.2.840.113549.1.1.12', 'sha384'],
  ['1.2.840.113549.1.1.13', 'sha512'],
  ['1.2.840.10045.4.1', 'sha256'], // ecdsa-with-SHA1
  ['1.2.840.10045.4.3.1', 'sha224'],
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
  ['1.2.840.10040.4.3', 'sha256'], // dsa-with-sha1
  ['2.16.840.1.101.3.4.3.1', 'sha224'],
  ['2.16.840.1.101.3.4.3.2', 'sha256'],
]);

const HASH_BY_DIGEST_OID = new Map<string, string>([
  ['1.3.14.3.2.26', 'sha256'], // SHA-1
  ['2.16.840.1.101.3.4.2.4', 'sha224'],
  ['2.16.840.1.101.3.4.2.1', 'sha256'],
  ['2.16.840.1.101.3.4.2.2', 'sha384'],
  ['2.16.840.1.101.3.4.2.3', 'sha512'],
]);

interface Tlv {
  readonly tag: number;
  readonly body: Buffer;
  readonly next: number;
}

function readTlv(der: Buffer, offset: number): Tlv {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new RangeError('truncated DER');
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('unsupported DER length');
    length = der.readUIntBE(start, count);
    start += count;
  }
  if (start + length > der.length) throw new RangeError('truncated DER');
  return { tag, body: der.subarray(start, start + length), next: start + length };
}

function children(body: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = 0; offset < body.length; offset = out[out.length - 1]!.next) out.push(readTlv(body, offset));
  return out;
}

function oidText(body: Buffer): string {
  const parts = [Math.floor(body[0]! / 40), body[0]! % 40];
  let value = 0;
  for (const byte of body.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** RSASSA-PSS names its hash in the parameters: [0] hashAlgorithm, SHA-1 when absent. */
function pssHash(certificateDer: Buffer): string | undefined {
  try {
    const [, signatureAlgorithm] = children(readTlv(certificateDer, 0).body);
    const [, params] = children(signatureAlgorithm!.body);
    const hashField = params ? children(params.body).find((c) => c.tag === 0xa0) : undefined;
    if (!hashField) return 'sha256';
    const [oid] = children(children(hashField.body)[0]!.body);
    return HASH_BY_DIGEST_OID.get(oidText(oid!.body));
  } catch {
    return undefined;
  }
}

/** The hash RFC 5929 prescribes for this certificate; SHA-256 where it prescribes none (EdDSA, unknown algorithms). */
export function endPointHashAlgorithm(certificate: X509Certificate): string {
  const oid = certificate.signatureAlgorithmOid;
  const hash = oid === RSASSA_PSS ? pssHash(certificate.raw) : HASH_BY_SIGNATURE_OID.get(oid);
  return hash ?? 'sha256';
}

/** `tls-server-end-point:` followed by the certificate's DER hashed as RFC 5929 section 4.1 says. */
export function tlsServerEndPoint(certificate: X509Certificate): Buffer {
  const digest = createHash(endPointHashAlgorithm(certificate)).update(certificate.raw).digest();
  return Buffer.concat([Buffer.from(PREFIX, 'latin1'), digest]);
}

/**
 * MD5 of gss_channel_bindings_struct with no addresses and `applicationData` (MS-NLMP 3.1.5.1.2); the
 * all-zero value when there is no TLS channel, as Windows sends then.
 */
export function channelBindingsHash(applicationData: Buffer | null): Buffer {
  if (!applicationData) return Buffer.alloc(16);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(applicationData.length, 16);
  return createHash('md5').update(header).update(applicationData).digest();
}
