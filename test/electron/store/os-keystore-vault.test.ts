import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MasterPasswordVault } from '../../../electron/store/master-password-vault.ts';
import { OsKeystoreVault, type OsSecretCipher } from '../../../electron/store/os-keystore-vault.ts';

/** Stands in for safeStorage: opaque encryption under a key "the OS" holds. */
function fakeOsCipher(key = randomBytes(32)): OsSecretCipher {
  return {
    encrypt: async (plaintext) => {
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]);
    },
    decrypt: async (data) => {
      const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
      return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-osvault-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('OS key store vault', () => {
  it('round-trips secrets, never locks, and keeps no plaintext on disk', async () => {
    const cipher = fakeOsCipher();
    expect(OsKeystoreVault.exists(dir)).toBe(false);
    const { vault } = OsKeystoreVault.open(dir, cipher);
    await vault.add({ label: 'Admin', userName: 'admin', domain: 'CORP', kind: 'host' }, 'os-secret-5521');
    expect(vault.isLocked()).toBe(false);
    expect(OsKeystoreVault.open(dir, cipher).vault.list()).toEqual([{ id: expect.stringMatching(/^c_/), label: 'Admin', userName: 'admin', domain: 'CORP', kind: 'host', hasSecret: true }]);
    expect(await vault.withSecret('admin', (secret, who) => `${who.domain}:${secret}`)).toBe('CORP:os-secret-5521');
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(Buffer.from('os-secret-5521', 'utf8')) || bytes.includes(Buffer.from('os-secret-5521', 'utf16le'))).toBe(false);
    }
  });

  it('refuses an entry relabelled in the file, and one another OS key cannot open', async () => {
    const cipher = fakeOsCipher();
    const { vault } = OsKeystoreVault.open(dir, cipher);
    await vault.add({ label: 'Admin', userName: 'admin', kind: 'host' }, 'x');
    const doc = JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8'));
    doc.entries[0].userName = 'attacker';
    writeFileSync(join(dir, 'vault.json'), JSON.stringify(doc));
    await expect(vault.withSecret('Admin', (s) => s)).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/altered/) });
    await expect(OsKeystoreVault.open(dir, fakeOsCipher()).vault.withSecret('Admin', (s) => s)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  it('renames and replaces a secret, sealing it again to the new public part', async () => {
    const cipher = fakeOsCipher();
    const { vault } = OsKeystoreVault.open(dir, cipher);
    await vault.add({ label: 'Admin', userName: 'admin', kind: 'host' }, 'first-8812');
    await vault.update('Admin', { userName: 'root', kind: 'proxy' });
    expect(await vault.withSecret('Admin', (secret, who) => `${who.userName}/${who.kind}:${secret}`)).toBe('root/proxy:first-8812');
    expect(await vault.replaceSecret('Admin', 'second-8813')).toEqual({ id: expect.stringMatching(/^c_/), label: 'Admin', userName: 'root', kind: 'proxy', hasSecret: true });
    expect(await OsKeystoreVault.open(dir, cipher).vault.withSecret('Admin', (secret) => secret)).toBe('second-8813');
  });

  it('keeps what another process wrote while an edit waited for the OS to seal, and refuses an edit of a credential changed meanwhile', async () => {
    const cipher = fakeOsCipher();
    const { vault } = OsKeystoreVault.open(dir, cipher);
    await vault.add({ label: 'Admin', userName: 'admin', kind: 'host' }, 'first-8812');
    let meanwhile: () => Promise<unknown> = async () => undefined;
    // The OS answers only after the other process (another vault on the same file) has written.
    const slow: OsSecretCipher = { decrypt: cipher.decrypt, encrypt: async (text) => (await meanwhile(), cipher.encrypt(text)) };
    const other = OsKeystoreVault.open(dir, cipher).vault;
    const edited = OsKeystoreVault.open(dir, slow).vault;

    meanwhile = () => other.add({ label: 'Proxy', userName: 'svc', kind: 'proxy' }, 'proxy-7731');
    await edited.update('Admin', { userName: 'root' });
    expect(vault.list().map((c) => `${c.label}:${c.userName}`).sort()).toEqual(['Admin:root', 'Proxy:svc']);
    expect(await vault.withSecret('Admin', (secret) => secret)).toBe('first-8812');

    meanwhile = () => other.replaceSecret('Admin', 'second-8813');
    await expect(edited.update('Admin', { label: 'Administrator' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await vault.withSecret('Admin', (secret) => secret)).toBe('second-8813');
  });

  it('will not open a master-password vault, nor the reverse', async () => {
    await MasterPasswordVault.create(dir, 'pw', { scrypt: { N: 1024, r: 8, p: 1 } });
    expect(() => OsKeystoreVault.open(dir, fakeOsCipher())).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    const other = mkdtempSync(join(tmpdir(), 'winrm-desk-osvault-'));
    try {
      await OsKeystoreVault.open(other, fakeOsCipher()).vault.add({ label: 'a', userName: 'a', kind: 'host' }, 'a');
      expect(() => MasterPasswordVault.open(other)).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
