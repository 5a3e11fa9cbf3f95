import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { elapsedMs } from './outside-input.ts';

// Issue 11, item 11: folder lookup in the store was quadratic. An import of 20 000 rows, each in a new
// folder, searched the folder list for every segment (4.6 s as reported, 7.6 s measured on a loaded
// 2-core machine), and every resolve of a host built a map of all folders, so the host list and the
// CSV export of those 20 000 hosts took minutes. The bound is generous for a linear pass (it takes
// well under a second) and far below what a quadratic one needs.
const ROWS = 20_000;
const BOUND_MS = 3_000;

// The vitest timeout is only a backstop: each test asserts its own bound.
describe(`a store of ${ROWS} hosts, each in its own folder`, { timeout: 30_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-store-scale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { store } = ProfileStore.open(dir);
  const csv = ['name,address,folder', ...Array.from({ length: ROWS }, (_, i) => `host${i},10.1.${i >> 8}.${i & 255},Sites/Site${i}`)].join('\r\n');

  it(`imports in under ${BOUND_MS} ms`, () => {
    let result: ReturnType<ProfileStore['importHosts']> | undefined;
    expect(elapsedMs(() => (result = store.importHosts(csv)))).toBeLessThan(BOUND_MS);
    expect(result).toMatchObject({ problems: [], createdFolders: ROWS + 1 });
    expect(result!.added).toHaveLength(ROWS);
  });

  it(`lists its hosts, inheritance applied, in under ${BOUND_MS} ms`, () => {
    let listed = 0;
    expect(elapsedMs(() => (listed = store.document().hosts.map((host) => store.resolve(host).settings.port).length))).toBeLessThan(BOUND_MS);
    expect(listed).toBe(ROWS);
  });

  it.each(['csv', 'json'] as const)(`exports them as %s in under ${BOUND_MS} ms`, (format) => {
    let text = '';
    expect(elapsedMs(() => (text = store.exportHosts(format)))).toBeLessThan(BOUND_MS);
    expect(text).toContain(`Sites/Site${ROWS - 1}`);
  });

  it(`imports into folders it already has in under ${BOUND_MS} ms`, () => {
    const again = csv.replace(/^host/gm, 'again');
    let result: ReturnType<ProfileStore['importHosts']> | undefined;
    expect(elapsedMs(() => (result = store.importHosts(again)))).toBeLessThan(BOUND_MS);
    expect(result).toMatchObject({ problems: [], createdFolders: 0 });
  });

  it(`opens again in under ${BOUND_MS} ms`, () => {
    expect(elapsedMs(() => ProfileStore.open(dir))).toBeLessThan(BOUND_MS);
  });

  // Deleting a folder of 20 000 subfolders and undoing it checked each placed folder's name against
  // every folder (1.1 s for 5 000 subfolders, growing with the square).
  it.each(['move-up', 'delete'] as const)(`deletes the folder of all those folders (%s) and undoes it, each in under ${BOUND_MS} ms`, (contents) => {
    const sites = store.document().folders.find((f) => f.name === 'Sites')!;
    const before = store.document();
    let undo: ReturnType<ProfileStore['removeFolder']> | undefined;
    expect(elapsedMs(() => (undo = store.removeFolder(sites.id, contents)))).toBeLessThan(BOUND_MS);
    expect(store.document().folders).toHaveLength(contents === 'move-up' ? ROWS : 0);
    expect(elapsedMs(() => store.restore(undo!))).toBeLessThan(BOUND_MS);
    expect(new Set(store.document().folders.map((f) => `${f.id}:${f.parentId}`))).toEqual(new Set(before.folders.map((f) => `${f.id}:${f.parentId}`)));
    expect(store.document().hosts).toHaveLength(before.hosts.length);
  });
});
