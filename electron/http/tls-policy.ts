import { createHash, X509Certificate } from 'node:crypto';
import { DeskError } from '../../shared/errors.ts';

/**
 * How the server's certificate is judged. `insecure` exists because admins meet self-signed WinRM
 * listeners daily; it is only ever chosen explicitly, and callers must say so to the user.
 */
export type TlsPolicy =
  | { readonly mode: 'system' }
  | { readonly mode: 'ca'; readonly caPem: string }
  | { readonly mode: 'pin'; readonly sha256: string }
  | { readonly mode: 'insecure' };

/** Normalises a SHA-256 thumbprint as admins paste it (colons, spaces, any case) to 64 upper-case hex digits. */
export function normalizeThumbprint(value: string): string {
  const hex = value.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new DeskError('INVALID_ARGUMENT', 'A certificate pin must be a SHA-256 thumbprint: 64 hex digits.');
  }
  return hex;
}

/** Parses a CA bundle up front so a bad file is reported as such, not as an untrusted server later. */
export function checkCaBundle(pem: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new DeskError('INVALID_ARGUMENT', 'The CA file holds no PEM certificate.');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new DeskError('INVALID_ARGUMENT', 'The CA file holds a certificate that does not parse.');
    }
  }
  return pem;
}

export function tlsConnectOptions(policy: TlsPolicy): { rejectUnauthorized: boolean; ca?: string } {
  switch (policy.mode) {
    case 'system':
      return { rejectUnauthorized: true };
    case 'ca':
      return { rejectUnauthorized: true, ca: policy.caPem };
    case 'pin':
    case 'insecure':
      // Pinning replaces chain validation: the thumbprint is compared after the handshake.
      return { rejectUnauthorized: false };
  }
}

/**
 * Names the trust a policy gives: two policies with the same name judge every certificate alike, and
 * no others do. A CA bundle is named by its SHA-256, so an edited file is another trust.
 */
export function trustKey(policy: TlsPolicy): string {
  switch (policy.mode) {
    case 'system':
    case 'insecure':
      return policy.mode;
    case 'ca':
      return `ca:${createHash('sha256').update(policy.caPem).digest('hex')}`;
    case 'pin':
      return `pin:${policy.sha256}`;
  }
}
