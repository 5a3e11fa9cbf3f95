import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../../shared/domain/connection-test.ts';

// X509Certificate gives names one attribute per line; a dialog shows them on one.
const oneLine = (name: string) => name.split('\n').filter(Boolean).join(', ');

/** A certificate as an admin compares it with the server's: names, SHA-256 as Windows shows it, validity. */
export function certificateInfo(certificate: X509Certificate): CertificateInfo {
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    sha256: certificate.fingerprint256,
    validFrom: certificate.validFromDate.toISOString(),
    validTo: certificate.validToDate.toISOString(),
  };
}
