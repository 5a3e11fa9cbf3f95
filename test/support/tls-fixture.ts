import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TlsFixture {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 thumbprint of the server certificate, upper-case hex without colons. */
  readonly thumbprint: string;
}

/** A throwaway CA and a server certificate for `names` (DNS names and IPs), made with the openssl CLI. */
export function makeTlsFixture(names: readonly string[]): TlsFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-fixture-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA');
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${names[0]}`);
  const san = names.map((n) => (/^[\d.]+$/.test(n) || n.includes(':') ? `IP:${n}` : `DNS:${n}`)).join(',');
  writeFileSync(path.join(dir, 'ext.cnf'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  const fingerprint = run('x509', '-in', 'server.pem', '-noout', '-fingerprint', '-sha256').toString();
  return {
    caPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
    certPem: readFileSync(path.join(dir, 'server.pem'), 'utf8'),
    keyPem: readFileSync(path.join(dir, 'server.key'), 'utf8'),
    thumbprint: fingerprint.split('=')[1]!.trim().replace(/:/g, ''),
  };
}
