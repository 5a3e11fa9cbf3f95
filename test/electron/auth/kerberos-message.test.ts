import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startGssContext } from '../../../electron/auth/kerberos-context.ts';
import { kerberosReason } from '../../../electron/auth/kerberos-message.ts';

// Issue 11, item 9: the Kerberos error named the ticket cache (the private collection's directory, or
// the user's own cache), e.g. "No Kerberos credentials available (default cache: DIR:/tmp/…)".

describe('Kerberos messages', () => {
  it.each([
    ['No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)', 'No Kerberos credentials available'],
    ['No Kerberos credentials available (default cache: DIR:/tmp/winrm-desk-krb5-Ab12/)', 'No Kerberos credentials available'],
    ['Matching credential not found (filename: /tmp/krb5cc_0)', 'Matching credential not found'],
    ["Credentials cache file '/tmp/krb5cc_0' not found while getting initial credentials", 'Credentials cache file not found while getting initial credentials'],
    ["Credentials cache keyring 'persistent:1000:1000' not found", 'Credentials cache keyring not found'],
    ['Failed to store credentials: Permission denied writing DIR::/run/user/1000/krb5cc/tkt', 'Failed to store credentials: Permission denied writing'],
    ['Cannot open C:\\Users\\admin\\krb5cc_admin', 'Cannot open'],
    ['Internal credentials cache error (filename: /tmp/winrm-desk-krb5-Ab12/tkt) while storing credentials', 'Internal credentials cache error while storing credentials'],
  ])('leaves the cache out of %j', (message, expected) => {
    expect(kerberosReason(message)).toBe(expected);
  });

  it.each([
    'Server HTTP/dc01.corp.example@CORP.EXAMPLE not found in Kerberos database',
    "Can't find client principal admin@CORP.EXAMPLE in cache collection",
    'Clock skew too great',
    'Cannot contact any KDC for realm CORP.EXAMPLE',
  ])('keeps %j as it is (principals are not paths)', (message) => {
    expect(kerberosReason(message)).toBe(message);
  });

  it('is one line of bounded length', () => {
    expect(kerberosReason(`a\n\tb  ${'x'.repeat(1_000)}`)).toMatch(/^a b x{196}…$/);
  });
});

describe('startGssContext failures', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-krb5-test-'));
  const saved = { KRB5_CONFIG: process.env['KRB5_CONFIG'] };
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['FILE', 'DIR'])('do not name a missing %s cache', async (type) => {
    const config = path.join(dir, 'krb5.conf');
    writeFileSync(config, '[libdefaults]\n  default_realm = CORP.EXAMPLE\n  dns_lookup_kdc = false\n');
    process.env['KRB5_CONFIG'] = config;
    const ccache = type === 'FILE' ? `FILE:${dir}/krb5cc_private` : `DIR:${dir}`;
    const failure = await startGssContext({ serviceHost: 'dc01.corp.example', mech: 'krb5', errorCode: 'AUTH_FAILED', ccache }).then(
      (context) => context.step(''),
      (error: unknown) => Promise.reject(error),
    ).then(
      () => null,
      (error: unknown) => error as Error & { code: string },
    );
    expect(failure).toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/^Kerberos could not authenticate to HTTP@dc01\.corp\.example: /) });
    expect(failure!.message).not.toContain(dir);
    expect(failure!.message).not.toMatch(/default cache|FILE:|DIR:/);
  });
});
