import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelBindingsHash, endPointHashAlgorithm, tlsServerEndPoint } from '../../../electron/auth/channel-bindings.ts';
import { EPA } from './ntlm/vectors.ts';

// Certificates signed with each algorithm by the openssl CLI, and the hash RFC 5929 section 4.1
// prescribes for each: the signature's own hash, except MD5 and SHA-1 which become SHA-256.
const CASES = [
  { name: 'rsa-md5', key: 'rsa', args: ['-md5'], hash: 'sha256' },
  { name: 'rsa-sha1', key: 'rsa', args: ['-sha1'], hash: 'sha256' },
  { name: 'rsa-sha256', key: 'rsa', args: ['-sha256'], hash: 'sha256' },
  { name: 'rsa-sha384', key: 'rsa', args: ['-sha384'], hash: 'sha384' },
  { name: 'rsa-sha512', key: 'rsa', args: ['-sha512'], hash: 'sha512' },
  { name: 'rsa-pss-sha384', key: 'rsa', args: ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'], hash: 'sha384' },
  { name: 'ecdsa-sha384', key: 'ec', args: ['-sha384'], hash: 'sha384' },
  { name: 'ecdsa-sha512', key: 'ec', args: ['-sha512'], hash: 'sha512' },
  // EdDSA has no separate hash; RFC 5929 leaves it undefined, and SHA-256 is the client's fallback.
  { name: 'ed25519', key: 'ed', args: [], hash: 'sha256' },
] as const;

let dir: string;
const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cbt-'));
  run('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key');
  run('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'ec.key');
  run('genpkey', '-algorithm', 'ED25519', '-out', 'ed.key');
  for (const c of CASES) run('req', '-x509', '-key', `${c.key}.key`, ...c.args, '-subj', `/CN=${c.name}`, '-days', '1', '-out', `${c.name}.pem`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tls-server-end-point', () => {
  it.each(CASES)('hashes a $name certificate with $hash', (c) => {
    const certificate = new X509Certificate(readFileSync(path.join(dir, `${c.name}.pem`)));
    expect(endPointHashAlgorithm(certificate)).toBe(c.hash);
    const fingerprint = run('x509', '-in', `${c.name}.pem`, '-noout', '-fingerprint', `-${c.hash}`).split('=')[1]!.trim().replace(/:/g, '');
    const data = tlsServerEndPoint(certificate);
    expect(data.subarray(0, 21).toString('latin1')).toBe('tls-server-end-point:');
    expect(data.subarray(21).toString('hex').toUpperCase()).toBe(fingerprint);
  });
});

describe('channelBindingsHash', () => {
  it('matches the published EPA vector', () => {
    expect(channelBindingsHash(EPA.applicationData).toString('hex')).toBe(EPA.hash);
  });

  it('is all zeros without a TLS channel', () => {
    expect(channelBindingsHash(null)).toEqual(Buffer.alloc(16));
  });
});
