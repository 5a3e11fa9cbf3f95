import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../electron/store/profile-store.ts';

// Issue 11, item 11: folder lookup in the store was quadratic. An import of 20 000 rows, each in a new
// folder, searched the folder list for every segment (4.6 s as reported, 7.6 s measured on a loaded
// 2-core machine), and every resolve of a host built a map of all folders, so the host list and the
// CSV export of those 20 000 hosts took minutes. This checks what each operation does at that scale;
// how long it takes is a benchmark figure (`npm run bench`, case S), never a timed unit test. The
// vitest timeout is only a backstop against a quadratic pass that would take minutes.
const ROWS = 20_000;

describe(`a store of ${ROWS} hosts, each in its own folder`, { timeout: 30_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-store-scale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { store } = ProfileStore.open(dir);
  const csv = ['name,address,folder', ...Array.from({ length: ROWS }, (_, i) => `host${i},10.1.${i >> 8}.${i & 255},Sites/Site${i}`)].join('\r\n');

  it('imports them', () => {
    const result = store.importHosts(csv);
    expect(result).toMatchObject({ problems: [], createdFolders: ROWS + 1 });
    expect(result.added).toHaveLength(ROWS);
  });

  it('lists its hosts, inheritance applied', () => {
    const listed = store.document().hosts.map((host) => store.resolve(host).settings.port).length;
    expect(listed).toBe(ROWS);
  });

  it.each(['csv', 'json'] as const)('exports them as %s', (format) => {
    const text = store.exportHosts(format);
    expect(text).toContain(`Sites/Site${ROWS - 1}`);
  });

  it('imports into folders it already has', () => {
    const again = csv.replace(/^host/gm, 'again');
    const result = store.importHosts(again);
    expect(result).toMatchObject({ problems: [], createdFolders: 0 });
  });

  it('opens again with all of them', () => {
    expect(ProfileStore.open(dir).store.document().hosts).toHaveLength(2 * ROWS);
  });

  // Deleting a folder of 20 000 subfolders and undoing it checked each placed folder's name against
  // every folder (1.1 s for 5 000 subfolders, growing with the square).
  it.each(['move-up', 'delete'] as const)('deletes the folder of all those folders (%s) and undoes it', (contents) => {
    const sites = store.document().folders.find((f) => f.name === 'Sites')!;
    const before = store.document();
    const undo = store.removeFolder(sites.id, contents);
    expect(store.document().folders).toHaveLength(contents === 'move-up' ? ROWS : 0);
    store.restore(undo);
    expect(new Set(store.document().folders.map((f) => `${f.id}:${f.parentId}`))).toEqual(new Set(before.folders.map((f) => `${f.id}:${f.parentId}`)));
    expect(store.document().hosts).toHaveLength(before.hosts.length);
  });
});
