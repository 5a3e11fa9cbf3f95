import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MasterPasswordVault } from '../../../electron/store/master-password-vault.ts';
import { ProfileStore } from '../../../electron/store/profile-store.ts';

// Low cost for speed; the default parameters are exercised in vault-crypto.test.ts.
const scrypt = { N: 2 ** 10, r: 8, p: 1 };
const SECRET = 'P@ssw0rd-ünïcode-€-7f3a9c';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-vault-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const vaultBytes = () => readFileSync(join(dir, 'vault.json'));
const reveal = (vault: MasterPasswordVault, label: string) => vault.withSecret(label, (secret) => secret);

async function vaultWithTwo(): Promise<MasterPasswordVault> {
  const vault = await MasterPasswordVault.create(dir, 'master-1', { scrypt });
  await vault.add({ label: 'Domain admin', userName: 'admin', domain: 'CORP', kind: 'host' }, SECRET);
  await vault.add({ label: 'Proxy', userName: 'svc-proxy', kind: 'proxy' }, 'proxy-secret-93b1');
  return vault;
}

describe('master-password vault', () => {
  it('round-trips secrets and lists only public summaries', async () => {
    const vault = await vaultWithTwo();
    await vault.add({ label: 'Kerberos only', userName: 'admin@CORP.EXAMPLE', kind: 'host' }, null);
    expect(vault.list()).toEqual([
      { id: expect.stringMatching(/^c_/), label: 'Domain admin', userName: 'admin', domain: 'CORP', kind: 'host', hasSecret: true },
      { id: expect.stringMatching(/^c_/), label: 'Proxy', userName: 'svc-proxy', kind: 'proxy', hasSecret: true },
      { id: expect.stringMatching(/^c_/), label: 'Kerberos only', userName: 'admin@CORP.EXAMPLE', kind: 'host', hasSecret: false },
    ]);
    expect(await vault.withSecret('domain admin', (secret, who) => `${who.domain}\\${who.userName}:${secret}`)).toBe(`CORP\\admin:${SECRET}`);
    await expect(reveal(vault, 'Kerberos only')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stores no plaintext secret anywhere in the data directory (UTF-8 or UTF-16LE)', async () => {
    const vault = await vaultWithTwo();
    vault.remove('Proxy');
    const { store } = ProfileStore.open(dir);
    store.addHost({ name: 'dc01', address: 'dc01.corp', credentialId: vault.list()[0]!.id });
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['vault.json', 'vault.json.bak', 'profiles.json']));
    for (const secret of [SECRET, 'proxy-secret-93b1', 'master-1']) {
      for (const needle of [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')]) {
        for (const file of files) expect(readFileSync(join(dir, file)).includes(needle), `${secret} in ${file}`).toBe(false);
      }
    }
  });

  it('opens locked and unlocks with the master password', async () => {
    await vaultWithTwo();
    const { vault, report } = MasterPasswordVault.open(dir, { autoLockMs: 0 });
    expect(report.problems).toEqual([]);
    expect(vault.isLocked()).toBe(true);
    expect(vault.list()).toHaveLength(2);
    await expect(reveal(vault, 'Proxy')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(vault.add({ label: 'x', userName: 'x', kind: 'host' }, 'x')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await vault.unlock('master-1');
    expect(await reveal(vault, 'Proxy')).toBe('proxy-secret-93b1');
    vault.lock();
    await expect(reveal(vault, 'Proxy')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  });

  it('reports a wrong master password clearly and changes no byte', async () => {
    await vaultWithTwo();
    const before = vaultBytes();
    const backup = readFileSync(join(dir, 'vault.json.bak'));
    const { vault } = MasterPasswordVault.open(dir, { scrypt });
    await expect(vault.unlock('master-2')).rejects.toMatchObject({ code: 'VAULT_WRONG_PASSWORD', message: expect.stringMatching(/wrong; nothing was changed/) });
    await expect(vault.changePassword('master-2', 'master-3')).rejects.toMatchObject({ code: 'VAULT_WRONG_PASSWORD' });
    expect(vault.isLocked()).toBe(true);
    expect(vaultBytes()).toEqual(before);
    expect(readFileSync(join(dir, 'vault.json.bak'))).toEqual(backup);
  });

  it('changes the master password, re-encrypting every secret in one write', async () => {
    const original = await vaultWithTwo();
    const before = JSON.parse(vaultBytes().toString('utf8'));
    const { vault } = MasterPasswordVault.open(dir, { scrypt });
    await vault.changePassword('master-1', 'master-2 ✓');
    const after = JSON.parse(vaultBytes().toString('utf8'));
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    for (const [i, entry] of after.entries.entries()) expect(entry.secret.ciphertext).not.toBe(before.entries[i].secret.ciphertext);
    // The backup follows: an old-password copy must not stay on disk.
    expect(readFileSync(join(dir, 'vault.json.bak'))).toEqual(vaultBytes());
    expect(await reveal(vault, 'Domain admin')).toBe(SECRET);
    const reopened = MasterPasswordVault.open(dir).vault;
    await expect(reopened.unlock('master-1')).rejects.toMatchObject({ code: 'VAULT_WRONG_PASSWORD' });
    await reopened.unlock('master-2 ✓');
    expect(await reveal(reopened, 'Proxy')).toBe('proxy-secret-93b1');
    // A process still holding the old key is locked rather than allowed to seal with it.
    await expect(original.add({ label: 'late', userName: 'u', kind: 'host' }, 'x')).rejects.toMatchObject({ code: 'VAULT_LOCKED', message: expect.stringMatching(/changed elsewhere/) });
    expect(original.isLocked()).toBe(true);
  });

  it('refuses to change the master password over a credential another process added meanwhile, and keeps it', async () => {
    const other = await vaultWithTwo();
    const { vault } = MasterPasswordVault.open(dir, { scrypt });
    const changing = vault.changePassword('master-1', 'master-2');
    // Written while the change waits for scrypt.
    await other.add({ label: 'Added meanwhile', userName: 'late', kind: 'host' }, 'late-secret-4410');
    await expect(changing).rejects.toMatchObject({ code: 'CONFLICT' });
    const reopened = MasterPasswordVault.open(dir).vault;
    await reopened.unlock('master-1');
    expect(await reveal(reopened, 'Added meanwhile')).toBe('late-secret-4410');
  });

  it('refuses a secret whose entry was relabelled or swapped in the file', async () => {
    await vaultWithTwo();
    const doc = JSON.parse(vaultBytes().toString('utf8'));
    [doc.entries[0].secret, doc.entries[1].secret] = [doc.entries[1].secret, doc.entries[0].secret];
    writeFileSync(join(dir, 'vault.json'), JSON.stringify(doc));
    const { vault } = MasterPasswordVault.open(dir);
    await vault.unlock('master-1');
    await expect(reveal(vault, 'Proxy')).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  it('locks itself after the idle time, counted from the last use', async () => {
    await vaultWithTwo();
    const { vault } = MasterPasswordVault.open(dir, { autoLockMs: 60_000 });
    await vault.unlock('master-1');
    vi.useFakeTimers();
    vault.lock();
    await vault.unlock('master-1');
    vi.advanceTimersByTime(50_000);
    await reveal(vault, 'Proxy');
    vi.advanceTimersByTime(50_000);
    expect(vault.isLocked()).toBe(false);
    vi.advanceTimersByTime(10_001);
    expect(vault.isLocked()).toBe(true);
  });

  it('takes a new idle time while unlocked, counted from then', async () => {
    await vaultWithTwo();
    const { vault } = MasterPasswordVault.open(dir, { autoLockMs: 0 });
    await vault.unlock('master-1');
    vi.useFakeTimers();
    vault.setAutoLock(60_000);
    vi.advanceTimersByTime(59_000);
    expect(vault.isLocked()).toBe(false);
    vi.advanceTimersByTime(1_001);
    expect(vault.isLocked()).toBe(true);
  });

  it('renames and replaces a secret, re-sealed so it still opens, and only while unlocked', async () => {
    await vaultWithTwo();
    const { vault } = MasterPasswordVault.open(dir, { scrypt });
    await expect(vault.replaceSecret('Proxy', 'new-one')).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await vault.unlock('master-1');
    expect(await vault.update('Proxy', { label: 'Proxy (renamed)', domain: 'CORP' })).toMatchObject({ label: 'Proxy (renamed)' });
    await vault.replaceSecret('Proxy (renamed)', 'new-one-4411');
    expect(await vault.withSecret('Proxy (renamed)', (secret, who) => `${who.domain}:${secret}`)).toBe('CORP:new-one-4411');
    await expect(vault.update('Proxy (renamed)', { label: vault.list()[0]!.label })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(vaultBytes().includes(Buffer.from('new-one-4411'))).toBe(false);
  });

  it('recovers a damaged vault file from its backup and reports it', async () => {
    await vaultWithTwo();
    writeFileSync(join(dir, 'vault.json'), vaultBytes().subarray(0, 100));
    const { vault, report } = MasterPasswordVault.open(dir);
    expect(report).toMatchObject({ recoveredFrom: 'backup', problems: [{ code: 'STORE_CORRUPT', movedTo: expect.stringContaining('vault.json.corrupt-') }] });
    await vault.unlock('master-1');
    expect(await reveal(vault, 'Domain admin')).toBe(SECRET);
  });

  it('refuses to create a second vault over an existing one, and to open a missing one', async () => {
    await vaultWithTwo();
    await expect(MasterPasswordVault.create(dir, 'other', { scrypt })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(() => MasterPasswordVault.open(join(dir, 'empty'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses duplicate labels and empty master passwords', async () => {
    const vault = await vaultWithTwo();
    await expect(vault.add({ label: 'proxy', userName: 'u', kind: 'proxy' }, 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(MasterPasswordVault.create(join(dir, 'b'), '', { scrypt })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
