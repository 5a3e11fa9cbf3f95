import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../electron/store/profile-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-profiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = () => readdirSync(dir).sort();
const mainFile = () => join(dir, 'profiles.json');

/** Two good writes: the file then holds web01+web02 and the backup holds web01 alone. */
function twoGoodWrites(): void {
  const { store } = ProfileStore.open(dir);
  store.addHost({ name: 'web01', address: 'web01.corp', transport: 'https' });
  store.addHost({ name: 'web02', address: 'web02.corp' });
}

describe('profile store', () => {
  it('starts empty without creating files until the first change, then writes owner-only JSON', () => {
    const { store, report } = ProfileStore.open(dir);
    expect(report.problems).toEqual([]);
    expect(store.document().hosts).toEqual([]);
    expect(files()).toEqual([]);
    store.addHost({ name: 'web01', address: 'web01.corp' });
    expect(files()).toEqual(['profiles.json']);
    if (process.platform !== 'win32') expect(statSync(mainFile()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(mainFile(), 'utf8'))).toMatchObject({ version: 2, hosts: [{ name: 'web01' }] });
    expect(ProfileStore.open(dir).store.findHost('WEB01').address).toBe('web01.corp');
  });

  it('keeps the previous good file as .bak on every write', () => {
    twoGoodWrites();
    expect(files()).toEqual(['profiles.json', 'profiles.json.bak']);
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json.bak'), 'utf8')).hosts.map((h: { name: string }) => h.name)).toEqual(['web01']);
  });

  it.each([
    ['truncated', () => truncateSync(mainFile(), 40), /not valid JSON/],
    ['emptied', () => truncateSync(mainFile(), 0), /empty/],
    ['nested a hundred thousand levels deep', () => writeFileSync(mainFile(), `{"version":2,"hosts":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), /nests deeper than 64 levels/],
    ['garbage', () => writeFileSync(mainFile(), Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x13])), /not UTF-8|not valid JSON/],
    ['valid JSON failing the schema', () => writeFileSync(mainFile(), JSON.stringify({ version: 2, hosts: [{ id: 'h_abcdefgh', name: 'x', address: 'x', port: 99999 }] })), /hosts\[0\]\.port/],
  ])('sets a %s file aside, reports STORE_CORRUPT and loads the last good copy', (_label, damage, reason) => {
    twoGoodWrites();
    damage();
    const damaged = readFileSync(mainFile());
    const { store, report } = ProfileStore.open(dir);
    expect(report.recoveredFrom).toBe('backup');
    expect(report.problems).toEqual([{ code: 'STORE_CORRUPT', file: mainFile(), movedTo: expect.stringMatching(/profiles\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/), reason: expect.stringMatching(reason) }]);
    // Nothing silently dropped: the damaged bytes are kept, byte for byte, where the report says.
    expect(readFileSync(report.problems[0]!.movedTo!)).toEqual(damaged);
    expect(store.document().hosts.map((h) => h.name)).toEqual(['web01']);
    // The good copy was written back, so the next open is clean.
    expect(ProfileStore.open(dir).report.problems).toEqual([]);
  });

  it('reports both files when the backup is damaged too, and starts empty without losing either', () => {
    twoGoodWrites();
    writeFileSync(mainFile(), '{');
    writeFileSync(join(dir, 'profiles.json.bak'), 'nope');
    const { store, report } = ProfileStore.open(dir);
    expect(report.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/not valid JSON/), expect.stringMatching(/^backup: /)]);
    expect(store.document().hosts).toEqual([]);
    expect(files().filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
  });

  it('restores a missing file from its backup and says so', () => {
    twoGoodWrites();
    rmSync(mainFile());
    const { store, report } = ProfileStore.open(dir);
    expect(report.problems).toEqual([expect.objectContaining({ movedTo: null, reason: expect.stringMatching(/missing/) })]);
    expect(store.document().hosts.map((h) => h.name)).toEqual(['web01']);
  });

  it('sets aside a file broken after it was loaded instead of overwriting it on the next change', () => {
    const { store } = ProfileStore.open(dir);
    store.addHost({ name: 'web01', address: 'web01.corp' });
    store.addHost({ name: 'web02', address: 'web02.corp' });
    writeFileSync(mainFile(), '{"version": 2, "hosts": [');
    store.addHost({ name: 'web03', address: 'web03.corp' });
    expect(store.takeProblems()).toEqual([expect.objectContaining({ code: 'STORE_CORRUPT', movedTo: expect.stringContaining('.corrupt-') })]);
    expect(store.document().hosts.map((h) => h.name)).toEqual(['web01', 'web03']);
  });

  it('migrates a version 1 file on open, keeping a copy of the original', () => {
    const v1 = { version: 1, hosts: [{ id: '3f2b9c1e-7a1d', name: 'dc01', address: 'dc01.corp', useSsl: true, authentication: 'Kerberos', group: 'DCs', tags: 'ad' }], proxy: { url: 'http://proxy:3128' } };
    writeFileSync(mainFile(), JSON.stringify(v1));
    const { store, report } = ProfileStore.open(dir);
    expect(report).toMatchObject({ migratedFrom: 1, problems: [], preMigrationCopy: expect.stringMatching(/profiles\.json\.v1-/) });
    expect(JSON.parse(readFileSync(report.preMigrationCopy!, 'utf8'))).toEqual(v1);
    expect(JSON.parse(readFileSync(mainFile(), 'utf8')).version).toBe(2);
    const host = store.findHost('dc01');
    expect(store.resolve(host).settings).toMatchObject({ transport: 'https', port: 5986, auth: 'kerberos', proxyProfileId: 'p_v1proxy' });
    expect(ProfileStore.open(dir).report.migratedFrom).toBeNull();
  });

  it('refuses a file from a newer build and leaves it untouched', () => {
    writeFileSync(mainFile(), '{"version": 3}');
    expect(() => ProfileStore.open(dir)).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    expect(readFileSync(mainFile(), 'utf8')).toBe('{"version": 3}');
  });

  it('keeps a change another process made between our load and our write', () => {
    const a = ProfileStore.open(dir).store;
    const b = ProfileStore.open(dir).store;
    a.addHost({ name: 'from-app', address: 'a.corp' });
    b.addHost({ name: 'from-cli', address: 'b.corp' });
    expect(ProfileStore.open(dir).store.document().hosts.map((h) => h.name)).toEqual(['from-app', 'from-cli']);
  });

  it('validates changes with coded errors and writes nothing on failure', () => {
    const { store } = ProfileStore.open(dir);
    store.addHost({ name: 'web01', address: 'web01.corp' });
    const before = readFileSync(mainFile());
    expect(() => store.addHost({ name: 'WEB01', address: 'x.corp' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => store.addHost({ name: 'bad', address: 'http://x/' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^address: /) }));
    expect(() => store.addHost({ name: 'p', address: 'p.corp', proxyProfileId: 'p_nothere01' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => store.removeHost('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(readFileSync(mainFile())).toEqual(before);
  });

  it('manages folders and proxy profiles, refusing removals that would orphan links', () => {
    const { store } = ProfileStore.open(dir);
    const proxy = store.addProxyProfile({ name: 'Corp', access: 'manual', url: 'http://proxy:3128' });
    const web = store.ensureFolder('Prod/Web', { auth: 'ntlm', proxyProfileId: proxy.id });
    expect(store.ensureFolder('prod/web').id).toBe(web.id);
    const host = store.addHost({ name: 'web01', address: 'web01.corp', folderId: web.id });
    expect(store.resolve(host).settings).toMatchObject({ auth: 'ntlm', proxyProfileId: proxy.id });
    expect(() => store.removeProxyProfile('Corp')).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('"Corp" is used by 1 folder;') }));
    const moved = store.updateHost(host.id, host, { ...host, auth: 'basic', folderId: undefined });
    expect(store.findHost('web01')).not.toHaveProperty('folderId');
    expect(moved.auth).toBe('basic');
    store.removeFolder(store.document().folders.find((f) => f.name === 'Prod')!.id, 'delete');
    store.removeProxyProfile('corp');
    expect(store.document()).toMatchObject({ folders: [], proxyProfiles: [] });
  });

  it('imports in one write and exports what it holds', () => {
    const { store } = ProfileStore.open(dir);
    const result = store.importHosts('name,address,folder\r\na,a.corp,X\r\nb,b b,X\r\n');
    expect(result.added.map((h) => h.name)).toEqual(['a']);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3 })]);
    expect(store.exportHosts('csv')).toBe('name,address,port,transport,auth,folder,tags,notes\r\na,a.corp,5986,https,negotiate,X,,\r\n');
    expect(ProfileStore.open(dir).store.document().hosts).toHaveLength(1);
  });
});
