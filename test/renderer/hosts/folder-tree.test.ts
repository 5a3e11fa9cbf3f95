import { describe, expect, it } from 'vitest';
import type { Folder, HostProfile } from '../../../shared/domain/host-profile.ts';
import { buildFolderTree, canMoveFolder, subtreeIds, visibleFolders } from '../../../renderer/src/hosts/folder-tree.ts';

const folder = (id: string, name: string, parentId?: string): Folder => ({ id: `f_${id}xxxxxx`, name, defaults: {}, ...(parentId ? { parentId: `f_${parentId}xxxxxx` } : {}) });
const host = (n: number, folderId?: string): HostProfile => ({ id: `h_${n}xxxxxx`, name: `h${n}`, address: `h${n}.example`, tags: [], notes: '', ...(folderId ? { folderId: `f_${folderId}xxxxxx` } : {}) });

const folders = [folder('lab', 'Lab'), folder('rack10', 'Rack 10', 'lab'), folder('rack2', 'Rack 2', 'lab'), folder('prod', 'Prod'), folder('orphan', 'Orphan', 'gone')];
const hosts = [host(1, 'lab'), host(2, 'rack2'), host(3, 'rack2'), host(4, 'rack10'), host(5), host(6, 'prod')];
const tree = buildFolderTree(folders, hosts);
const id = (name: string) => `f_${name}xxxxxx`;

describe('folder tree', () => {
  it('nests folders in natural name order and counts hosts at and below each', () => {
    expect(tree.roots.map((n) => n.folder.name)).toEqual(['Lab', 'Orphan', 'Prod']);
    const lab = tree.byId.get(id('lab'))!;
    expect(lab.children.map((n) => [n.folder.name, n.count, n.depth])).toEqual([
      ['Rack 2', 2, 1],
      ['Rack 10', 1, 1],
    ]);
    expect(lab.count).toBe(4);
    expect(tree.hostCount).toBe(6);
  });

  it('shows a folder whose parent is missing at the top instead of losing it', () => {
    expect(tree.byId.get(id('orphan'))!.depth).toBe(0);
  });

  it('gives a subtree and refuses moves into itself or below it', () => {
    expect([...subtreeIds(tree.byId.get(id('lab'))!)].sort()).toEqual([id('lab'), id('rack10'), id('rack2')].sort());
    expect(canMoveFolder(tree, id('lab'), id('rack2'))).toBe(false);
    expect(canMoveFolder(tree, id('lab'), id('lab'))).toBe(false);
    expect(canMoveFolder(tree, id('rack2'), id('prod'))).toBe(true);
    expect(canMoveFolder(tree, id('rack2'), undefined)).toBe(true);
    expect(canMoveFolder(tree, id('rack2'), id('nowhere'))).toBe(false);
  });

  it('flattens in display order, skipping collapsed folders’ children', () => {
    expect(visibleFolders(tree, new Set()).map((n) => n.folder.name)).toEqual(['Lab', 'Rack 2', 'Rack 10', 'Orphan', 'Prod']);
    expect(visibleFolders(tree, new Set([id('lab')])).map((n) => n.folder.name)).toEqual(['Lab', 'Orphan', 'Prod']);
  });
});
