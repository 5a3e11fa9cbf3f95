import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskClient, ok, type DeskClient } from './desk-client.ts';

let desk: DeskClient;
beforeEach(() => {
  desk = openDeskClient();
});
afterEach(() => desk.close());

const MASTER = 'correct horse battery';
const FIRST = 'First-Secret-9f3a';
const SECOND = 'Second-Secret-77c1';

async function withVault() {
  ok(await desk.api.vault.init({ masterPassword: MASTER }));
  const admin = ok(await desk.api.credentials.add({ label: 'Lab admin', userName: 'admin', domain: 'LAB', kind: 'host', secret: FIRST }));
  const other = ok(await desk.api.credentials.add({ label: 'Other admin', userName: 'other', kind: 'host', secret: 'x' }));
  const proxy = ok(await desk.api.credentials.add({ label: 'Proxy svc', userName: 'svc', kind: 'proxy', secret: 'p' }));
  return { admin, other, proxy };
}

const secretOf = (id: string) => desk.app.services.vault.vault().withSecret(id, (secret) => secret);

describe('vault and credential channels', () => {
  it('replaces a secret write-only: the new one is saved, no response or file carries either', async () => {
    const { admin } = await withVault();
    const result = await desk.api.credentials.replaceSecret({ id: admin.id, secret: SECOND });
    expect(ok(result)).toEqual({ id: admin.id, label: 'Lab admin', userName: 'admin', domain: 'LAB', kind: 'host', hasSecret: true });
    const renamed = await desk.api.credentials.update({ id: admin.id, label: 'Lab admin (new)' });
    for (const response of [result, renamed, await desk.api.credentials.list(), await desk.api.profiles.snapshot()]) {
      expect(JSON.stringify(response)).not.toContain(SECOND);
      expect(JSON.stringify(response)).not.toContain(FIRST);
    }
    expect(readFileSync(join(desk.dir, 'vault.json'), 'utf8')).not.toContain(SECOND);
    // Renaming re-sealed the secret to the new label: it still opens.
    expect(await secretOf(admin.id)).toBe(SECOND);
  });

  it('refuses to remove a credential in use, naming its users, then reassigns or clears', async () => {
    const { admin, other, proxy } = await withVault();
    const folder = ok(await desk.api.folders.create({ name: 'Lab' }));
    ok(await desk.api.folders.update({ id: folder.id, base: folder, folder: { name: 'Lab', defaults: { credentialId: admin.id } } }));
    const web = ok(await desk.api.hosts.add({ name: 'web', address: 'web.corp', credentialId: admin.id, tags: [], notes: '' }));
    ok(await desk.api.hosts.add({ name: 'db', address: 'db.corp', credentialId: admin.id, tags: [], notes: '' }));

    const refused = await desk.api.credentials.remove({ id: admin.id });
    expect(refused.ok === false && refused.error).toEqual({ code: 'CONFLICT', message: expect.stringContaining('"Lab admin" is used by 2 hosts and 1 folder') });
    expect(ok(await desk.api.credentials.list()).map((c) => c.id)).toContain(admin.id);
    const wrongKind = await desk.api.credentials.remove({ id: admin.id, reassignTo: proxy.id });
    expect(wrongKind.ok === false && wrongKind.error.code).toBe('INVALID_ARGUMENT');

    expect(ok(await desk.api.credentials.remove({ id: admin.id, reassignTo: other.id }))).toEqual({ removed: true, reassigned: 3 });
    let doc = ok(await desk.api.profiles.snapshot()).document;
    expect(doc.hosts.map((h) => h.credentialId)).toEqual([other.id, other.id]);
    expect(doc.folders[0]!.defaults.credentialId).toBe(other.id);

    expect(ok(await desk.api.credentials.remove({ id: other.id, reassignTo: null }))).toEqual({ removed: true, reassigned: 3 });
    doc = ok(await desk.api.profiles.snapshot()).document;
    expect(doc.hosts.find((h) => h.id === web.id)).not.toHaveProperty('credentialId');
    expect(ok(await desk.api.credentials.list()).map((c) => c.label)).toEqual(['Proxy svc']);
  });

  it('keeps a proxy credential a proxy credential while a proxy profile uses it, and links only the right kind', async () => {
    const { admin, proxy } = await withVault();
    const wrong = await desk.api.proxyProfiles.add({ name: 'Squid', access: 'manual', url: 'http://127.0.0.1:3130', bypass: [], auth: 'basic', credentialId: admin.id, tunnelForHttp: false });
    expect(wrong.ok === false && wrong.error.code).toBe('INVALID_ARGUMENT');
    ok(await desk.api.proxyProfiles.add({ name: 'Squid', access: 'manual', url: 'http://127.0.0.1:3130', bypass: [], auth: 'basic', credentialId: proxy.id, tunnelForHttp: false }));
    const kind = await desk.api.credentials.update({ id: proxy.id, kind: 'host' });
    expect(kind.ok === false && kind.error).toEqual({ code: 'CONFLICT', message: expect.stringContaining('1 proxy profile') });
    // Basic needs a credential: clearing it would leave the profile unable to sign in.
    const cleared = await desk.api.credentials.remove({ id: proxy.id, reassignTo: null });
    expect(cleared.ok === false && cleared.error.code).toBe('CONFLICT');
    expect(ok(await desk.api.credentials.update({ id: admin.id, kind: 'proxy' })).kind).toBe('proxy');
  });

  it('locks, unlocks, follows the saved auto-lock time and changes the master password', async () => {
    await withVault();
    expect(ok(await desk.api.vault.status())).toEqual({ backend: 'master-password', initialized: true, locked: false, autoLockMinutes: 15 });
    const settings = ok(await desk.api.profiles.snapshot()).document.settings;
    ok(await desk.api.settings.update({ base: settings, settings: { ...settings, vaultAutoLockMinutes: 3 } }));
    expect(ok(await desk.api.vault.status()).autoLockMinutes).toBe(3);
    const wrong = await desk.api.vault.changeMasterPassword({ current: 'not the password', next: 'another long one' });
    expect(wrong.ok === false && wrong.error.code).toBe('VAULT_WRONG_PASSWORD');
    ok(await desk.api.vault.changeMasterPassword({ current: MASTER, next: 'another long one' }));
    expect(ok(await desk.api.vault.lock()).locked).toBe(true);
    const old = await desk.api.vault.unlock({ masterPassword: MASTER });
    expect(old.ok === false && old.error.code).toBe('VAULT_WRONG_PASSWORD');
    expect(ok(await desk.api.vault.unlock({ masterPassword: 'another long one' })).locked).toBe(false);
  });
});
