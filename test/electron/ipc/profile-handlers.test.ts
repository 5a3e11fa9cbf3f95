import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../electron/store/profile-store.ts';
import { openDeskClient, ok, type DeskClient } from './desk-client.ts';

let desk: DeskClient;
beforeEach(() => {
  desk = openDeskClient();
});
afterEach(() => desk.close());

const snapshot = async () => ok(await desk.api.profiles.snapshot()).document;
const savedFile = () => JSON.parse(readFileSync(join(desk.dir, 'profiles.json'), 'utf8'));
const input = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;
// Restored entities come back by id, not necessarily in their old place in the file.
const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
const sameDocument = (a: Awaited<ReturnType<typeof snapshot>>, b: Awaited<ReturnType<typeof snapshot>>) => expect({ ...a, hosts: byId(a.hosts), folders: byId(a.folders) }).toEqual({ ...b, hosts: byId(b.hosts), folders: byId(b.folders) });
const host = (name: string, extra: Record<string, unknown> = {}) => ({ name, address: `${name}.corp.example`, tags: [], notes: '', ...extra });

describe('profile channels', () => {
  it('refuses an edit made on a stale copy with CONFLICT and keeps the other writer’s change', async () => {
    const web = ok(await desk.api.hosts.add(host('web01')));
    // The command line changes the host while the editor still holds the old copy.
    const cli = ProfileStore.open(desk.dir).store;
    cli.updateHost(web.id, cli.findHost(web.id), { ...input(web), notes: 'patched from the CLI' });
    const result = await desk.api.hosts.update({ id: web.id, base: web, host: { ...input(web), address: 'other.corp.example' } });
    expect(result).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^"web01" was changed elsewhere .*reload it/) } });
    expect(savedFile().hosts[0]).toMatchObject({ notes: 'patched from the CLI', address: 'web01.corp.example' });
    // With the fresh copy as base the same edit goes through; key order in the base does not matter.
    const fresh = (await snapshot()).hosts[0]!;
    const reordered = Object.fromEntries(Object.entries(fresh).reverse()) as typeof fresh;
    expect(ok(await desk.api.hosts.update({ id: web.id, base: reordered, host: { ...input(fresh), address: 'other.corp.example' } })).address).toBe('other.corp.example');
  });

  it('checks settings against the saved ones, not a copy loaded earlier', async () => {
    const base = (await snapshot()).settings;
    ProfileStore.open(desk.dir).store.updateSettings(base, { ...base, vaultAutoLockMinutes: 5 });
    const stale = await desk.api.settings.update({ base, settings: { ...base, defaults: { auth: 'ntlm' } } });
    expect(stale.ok === false && stale.error.code).toBe('CONFLICT');
    expect(savedFile().settings).toEqual({ defaults: {}, vaultAutoLockMinutes: 5 });
    const current = (await snapshot()).settings;
    expect(ok(await desk.api.settings.update({ base: current, settings: { ...current, defaults: { auth: 'ntlm' } } }))).toEqual({ defaults: { auth: 'ntlm' }, vaultAutoLockMinutes: 5 });
    expect(ok(await desk.api.vault.status()).autoLockMinutes).toBe(5);
  });

  it('removes hosts with an undo record that puts them back as they were', async () => {
    const a = ok(await desk.api.hosts.add(host('a', { tags: ['lab'], port: 15986 })));
    const b = ok(await desk.api.hosts.add(host('b')));
    await desk.api.hosts.add(host('c'));
    const before = await snapshot();
    const removed = ok(await desk.api.hosts.remove({ ids: [a.id, b.id] }));
    expect(removed).toEqual({ removed: 2, undo: { hosts: [a, b], folders: [] } });
    expect((await snapshot()).hosts.map((h) => h.name)).toEqual(['c']);
    expect(ok(await desk.api.profiles.restore({ undo: removed.undo }))).toEqual({ restored: 2 });
    sameDocument(await snapshot(), before);
  });

  it('refuses to restore a host whose name was taken meanwhile', async () => {
    const a = ok(await desk.api.hosts.add(host('a')));
    const { undo } = ok(await desk.api.hosts.remove({ ids: [a.id] }));
    await desk.api.hosts.add(host('A'));
    const result = await desk.api.profiles.restore({ undo });
    expect(result.ok === false && result.error).toEqual({ code: 'CONFLICT', message: expect.stringMatching(/"a" cannot be put back/) });
  });

  it('deletes a folder moving its contents up, or with its whole subtree, and undoes either', async () => {
    const lab = ok(await desk.api.folders.create({ name: 'Lab' }));
    const rack = ok(await desk.api.folders.create({ name: 'Rack 2', parentId: lab.id }));
    const shelf = ok(await desk.api.folders.create({ name: 'Shelf', parentId: rack.id }));
    const inRack = ok(await desk.api.hosts.add(host('r1', { folderId: rack.id })));
    const inShelf = ok(await desk.api.hosts.add(host('s1', { folderId: shelf.id })));
    const before = await snapshot();

    const moved = ok(await desk.api.folders.remove({ id: rack.id, contents: 'move-up' }));
    let doc = await snapshot();
    expect(doc.folders.map((f) => [f.name, f.parentId])).toEqual([['Lab', undefined], ['Shelf', lab.id]]);
    expect(doc.hosts.find((h) => h.id === inRack.id)!.folderId).toBe(lab.id);
    expect(doc.hosts.find((h) => h.id === inShelf.id)!.folderId).toBe(shelf.id);
    ok(await desk.api.profiles.restore(moved));
    sameDocument(await snapshot(), before);

    const deleted = ok(await desk.api.folders.remove({ id: lab.id, contents: 'delete' }));
    expect(deleted.undo.folders.map((f) => f.name)).toEqual(['Lab', 'Rack 2', 'Shelf']);
    expect(deleted.undo.hosts.map((h) => h.name).sort()).toEqual(['r1', 's1']);
    doc = await snapshot();
    expect([doc.folders, doc.hosts]).toEqual([[], []]);
    expect(ok(await desk.api.profiles.restore(deleted))).toEqual({ restored: 5 });
    sameDocument(await snapshot(), before);
  });

  it('moves a folder but not into its own subtree', async () => {
    const lab = ok(await desk.api.folders.create({ name: 'Lab' }));
    const rack = ok(await desk.api.folders.create({ name: 'Rack', parentId: lab.id }));
    const into = await desk.api.folders.update({ id: lab.id, base: lab, folder: { ...input(lab), parentId: rack.id } });
    expect(into.ok === false && into.error).toEqual({ code: 'INVALID_ARGUMENT', message: 'The folder "Lab" cannot be moved into "Lab/Rack", which is inside it.' });
    const top = ok(await desk.api.folders.update({ id: rack.id, base: rack, folder: { name: 'Rack', defaults: {} } }));
    expect(top).toEqual({ id: rack.id, name: 'Rack', defaults: {} });
    const clash = await desk.api.folders.create({ name: 'rack' });
    expect(clash.ok === false && clash.error.code).toBe('CONFLICT');
  });

  it('duplicates with a free name and changes a selection in bulk', async () => {
    const proxy = ok(await desk.api.proxyProfiles.add({ name: 'Squid', access: 'manual', url: 'http://127.0.0.1:3128', bypass: [], auth: 'none', tunnelForHttp: false }));
    const web = ok(await desk.api.hosts.add(host('web', { proxyProfileId: null })));
    const copy = ok(await desk.api.hosts.duplicate({ id: web.id }));
    const copy2 = ok(await desk.api.hosts.duplicate({ id: web.id }));
    expect([copy.name, copy2.name]).toEqual(['web (copy)', 'web (copy 2)']);
    expect(copy.id).not.toBe(web.id);
    const folder = ok(await desk.api.folders.create({ name: 'Web' }));
    const bulk = ok(await desk.api.hosts.updateMany({ ids: [web.id, copy.id], changes: { folderId: folder.id, inherit: ['proxyProfileId'] } }));
    expect(bulk.updated).toBe(2);
    expect(bulk.undo.hosts.map((h) => h.proxyProfileId)).toEqual([null, null]);
    const doc = await snapshot();
    expect(doc.hosts.filter((h) => h.folderId === folder.id).map((h) => h.name)).toEqual(['web', 'web (copy)']);
    expect(doc.hosts.find((h) => h.id === web.id)).not.toHaveProperty('proxyProfileId');
    ok(await desk.api.hosts.updateMany({ ids: [copy2.id], changes: { proxyProfileId: proxy.id, folderId: null } }));
    expect((await snapshot()).hosts.find((h) => h.id === copy2.id)).toMatchObject({ proxyProfileId: proxy.id });
    const inUse = await desk.api.proxyProfiles.remove({ id: proxy.id });
    expect(inUse.ok === false && inUse.error.code).toBe('CONFLICT');
  });

  it('imports text with a report naming each bad line, and exports without a secret', async () => {
    ok(await desk.api.vault.init({ masterPassword: 'correct horse battery' }));
    const cred = ok(await desk.api.credentials.add({ label: 'Lab admin', userName: 'admin', kind: 'host', secret: 'S3cret-Export-Probe' }));
    const report = ok(await desk.api.hosts.importText({ text: 'name,address,folder\r\ngood1,good1.corp,Lab\r\nbad one,has space,Lab\r\ngood2,good2.corp,\r\n,missing.corp,\r\n' }));
    expect(report).toMatchObject({ format: 'csv', added: 2, createdFolders: 1 });
    expect(report.problems.map((p) => p.line)).toEqual([3, 5]);
    expect(report.problems.every((p) => p.reason.length > 0)).toBe(true);
    const [good1] = (await snapshot()).hosts;
    ok(await desk.api.hosts.update({ id: good1!.id, base: good1!, host: { ...input(good1!), credentialId: cred.id } }));
    for (const format of ['csv', 'json'] as const) {
      const { text } = ok(await desk.api.hosts.exportText({ format }));
      expect(text).toContain('good2');
      expect(text).not.toContain('S3cret-Export-Probe');
    }
    for (const call of [desk.api.hosts.importFile(), desk.api.hosts.exportFile({ format: 'csv' })]) {
      const result = await call;
      expect(result.ok === false && result.error).toEqual({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/choose the file on the page/) });
    }
  });

  it('reads pasted `netsh winhttp show proxy` output and refuses text that is not', async () => {
    const pasted = ['', 'Current WinHTTP proxy settings:', '', '    Proxy Server(s) :  http=web-proxy.corp.example:8080;https=tls-proxy.corp.example:3128', '    Bypass List     :  <local>;*.corp.example;10.*', ''].join('\r\n');
    expect(ok(await desk.api.proxyProfiles.parseWinhttp({ text: pasted }))).toEqual({ access: 'manual', url: 'http://tls-proxy.corp.example:3128', bypass: ['<local>', '*.corp.example', '10.*'], perScheme: true });
    const direct = ['', 'Current WinHTTP proxy settings:', '', '    Direct access (no proxy server).', ''].join('\r\n');
    expect(ok(await desk.api.proxyProfiles.parseWinhttp({ text: direct }))).toEqual({ access: 'none', bypass: [], perScheme: false });
    for (const text of ['hello world', '', 'proxy please']) {
      const result = await desk.api.proxyProfiles.parseWinhttp({ text });
      expect(result.ok === false && result.error).toEqual({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/netsh winhttp show proxy.*Proxy Server\(s\)/) });
    }
  });
});
