import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterPasswordVault } from '../../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../../electron/store/profile-store.ts';
import { resolveProfile } from '../../../electron/store/resolve-profile.ts';
import { requestForSavedHost } from '../../../electron/connections/from-profile.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-resolve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function setUp() {
  const vault = await MasterPasswordVault.create(dir, 'master', { scrypt: { N: 1024, r: 8, p: 1 } });
  const admin = await vault.add({ label: 'Admin', userName: 'admin', domain: 'CORP', kind: 'host' }, 'hunter2-x');
  const proxyCred = await vault.add({ label: 'Proxy', userName: 'svc', kind: 'proxy' }, 'p');
  const { store } = ProfileStore.open(dir);
  const proxy = store.addProxyProfile({ name: 'Corp', access: 'manual', url: 'http://proxy:3128' });
  const folder = store.ensureFolder('Prod', { transport: 'https', port: 15986, encryption: 'always', credentialId: admin.id, tls: { mode: 'pin', sha256: 'AB'.repeat(32) }, shell: { codepage: 437, workingDirectory: 'C:\\ops', environment: { STAGE: 'prod' } } });
  store.addHost({ name: 'dc01', address: 'dc01.corp', folderId: folder.id, spnHost: 'dc01-alias.corp', proxyProfileId: proxy.id });
  store.addHost({ name: 'v6', address: 'fe80::1', transport: 'http' });
  store.addHost({ name: 'wrong-kind', address: 'w.corp', credentialId: proxyCred.id });
  return { store, vault };
}

describe('resolveProfile', () => {
  it('applies inheritance and gives what the CLI connection needs, the password only on demand', async () => {
    const { store, vault } = await setUp();
    const profile = resolveProfile(store, vault, 'DC01');
    expect(profile.connection).toEqual({
      url: new URL('https://dc01.corp:15986/wsman'),
      auth: 'negotiate',
      ntlmFallback: false,
      encryption: 'always',
      user: 'CORP\\admin',
      spnHost: 'dc01-alias.corp',
      caFile: undefined,
      certThumbprint: 'AB'.repeat(32),
      insecureSkipVerify: false,
      codepage: 437,
      cwd: 'C:\\ops',
      env: { STAGE: 'prod' },
    });
    expect(profile.proxyProfile).toMatchObject({ name: 'Corp', access: 'manual', url: 'http://proxy:3128' });
    expect(await profile.withPassword((pw) => pw.length)).toBe(9);
    vault.lock();
    await expect(profile.withPassword((pw) => pw)).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  it('asks for the saved message encryption unless the caller overrides it', async () => {
    const { store, vault } = await setUp();
    const proxySources = { env: {} };
    expect((await requestForSavedHost(store, vault, 'dc01', { proxySources })).request.encryption).toBe('always');
    expect((await requestForSavedHost(store, vault, 'dc01', { proxySources, encryption: 'never' })).request.encryption).toBe('never');
  });

  it('brackets an IPv6 address and works without a credential until a password is asked for', async () => {
    const { store, vault } = await setUp();
    const profile = resolveProfile(store, vault, 'v6');
    expect(profile.connection.url.toString()).toBe('http://[fe80::1]:5985/wsman');
    expect(profile.connection.user).toBeNull();
    await expect(profile.withPassword((pw) => pw)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to send a proxy credential to a host, and names missing hosts', async () => {
    const { store, vault } = await setUp();
    expect(() => resolveProfile(store, vault, 'wrong-kind')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => resolveProfile(store, vault, 'nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => resolveProfile(store, null, 'dc01')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/no credential vault/) }));
  });
});
