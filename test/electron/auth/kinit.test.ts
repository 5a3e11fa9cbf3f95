import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kinit } from '../../../electron/auth/kinit.ts';
import { KerberosIdentities } from '../../../electron/connections/kerberos-identities.ts';

// kinit gets a password on its standard input and only the Kerberos part of our environment (issue
// 11, item 9: every *_PASSWORD variable the user named reached it). The `kinit` here is a fixture
// found through PATH: it records its argv, environment and standard input, then succeeds, or fails
// as MIT kinit does when it cannot store the ticket (naming the cache it was given).
const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-fake-kinit-'));
const dump = path.join(dir, 'kinit-run.json');
writeFileSync(
  path.join(dir, 'kinit'),
  `#!${process.execPath}
const fs = require('node:fs');
let stdin = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => (stdin += chunk)).on('end', () => {
  fs.writeFileSync(${JSON.stringify(dump)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env, stdin }));
  if (!process.argv[2].startsWith('refused')) return;
  process.stderr.write('Password for ' + process.argv[2] + ': \\n');
  process.stderr.write('kinit: Internal credentials cache error (filename: ' + process.env.KRB5CCNAME.replace(/^DIR:/, '') + '/tkt) while storing credentials\\n');
  process.exitCode = 1;
});
`,
);
chmodSync(path.join(dir, 'kinit'), 0o755);
// klist, as the logged-on user's cache is looked up: it lists the cache it was pointed at.
const klistDump = path.join(dir, 'klist-run.json');
writeFileSync(
  path.join(dir, 'klist'),
  `#!${process.execPath}
require('node:fs').writeFileSync(${JSON.stringify(klistDump)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env, stdin: '' }));
process.stdout.write('Ticket cache: ' + process.env.KRB5CCNAME + '\\nDefault principal: admin@CORP.EXAMPLE\\n');
`,
);
chmodSync(path.join(dir, 'klist'), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'Kinit-Pa55word';
const ENV = {
  PATH: dir,
  HOME: '/home/admin',
  LANG: 'C.UTF-8',
  KRB5_CONFIG: '/etc/krb5-corp.conf',
  KRB5CCNAME: 'FILE:/tmp/krb5cc_users_own',
  FOO_PASSWORD: 'foo-Secret-1',
  WINRM_PASSWORD: 'winrm-Secret-2',
  SSH_AUTH_SOCK: '/run/user/1000/ssh-agent',
  AWS_SECRET_ACCESS_KEY: 'aws-Secret-3',
};

interface Run {
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly stdin: string;
}

describe('kinit', () => {
  it('is given the principal in argv, the password on stdin, and only the Kerberos variables', async () => {
    const collection = `DIR:${dir}/collection`;
    await expect(kinit(collection, 'CORP\\admin', PASSWORD, ENV)).resolves.toBe('admin@CORP');
    const run = JSON.parse(readFileSync(dump, 'utf8')) as Run;
    expect(run.argv).toEqual(['admin@CORP']);
    expect(run.stdin).toBe(`${PASSWORD}\n`);
    expect(run.env).toEqual({ PATH: dir, HOME: '/home/admin', LANG: 'C.UTF-8', KRB5_CONFIG: '/etc/krb5-corp.conf', KRB5CCNAME: collection });
    const seen = JSON.stringify([run.argv, run.env]);
    for (const secret of [PASSWORD, 'foo-Secret-1', 'winrm-Secret-2', 'aws-Secret-3']) expect(seen).not.toContain(secret);
  });

  it('reports a refusal with kinit’s reason but without the cache it names', async () => {
    const collection = `DIR:${dir}/private-collection`;
    const failure = await kinit(collection, 'refused@corp.example', PASSWORD, ENV).then(
      () => null,
      (error: unknown) => error as Error & { code: string },
    );
    expect(failure).toMatchObject({ code: 'AUTH_FAILED', message: 'Kerberos refused refused@CORP.EXAMPLE: Internal credentials cache error while storing credentials' });
    expect(failure!.message).not.toContain(dir);
    expect(failure!.message).not.toContain(PASSWORD);
  });

  it('gives klist only the Kerberos variables, and names the logged-on user’s own cache of any type for the context', async () => {
    const identities = new KerberosIdentities({ env: { ...ENV, KRB5CCNAME: 'KEYRING:persistent:1000:krb_ccache_Xy12' }, parentDir: dir });
    try {
      // Each context names its cache, so a KEYRING (or KCM) cache is used where it is, not copied.
      await expect(identities.loggedOnIdentity()).resolves.toEqual({ principal: 'admin@CORP.EXAMPLE', ccache: 'KEYRING:persistent:1000:krb_ccache_Xy12' });
      const run = JSON.parse(readFileSync(klistDump, 'utf8')) as Run;
      expect(run.argv).toEqual([]);
      expect(run.env).toEqual({ PATH: dir, HOME: '/home/admin', LANG: 'C.UTF-8', KRB5_CONFIG: '/etc/krb5-corp.conf', KRB5CCNAME: 'KEYRING:persistent:1000:krb_ccache_Xy12' });
    } finally {
      identities.dispose();
    }
  });
});
