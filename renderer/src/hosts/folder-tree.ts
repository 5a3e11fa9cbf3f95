import type { Folder, HostProfile } from '../../../shared/domain/host-profile.ts';

export interface FolderNode {
  readonly folder: Folder;
  readonly depth: number;
  readonly children: readonly FolderNode[];
  /** Hosts in this folder and every folder below it. */
  readonly count: number;
}

export interface FolderTree {
  readonly roots: readonly FolderNode[];
  readonly byId: ReadonlyMap<string, FolderNode>;
  readonly hostCount: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The folders as a tree, each with how many hosts it holds (itself and below), children in name
 * order. A folder whose parent is missing is shown at the top rather than lost; the document schema
 * rules out cycles, and a folder is visited once whatever the data says.
 */
export function buildFolderTree(folders: readonly Folder[], hosts: readonly HostProfile[]): FolderTree {
  const ids = new Set(folders.map((f) => f.id));
  const childrenOf = new Map<string | undefined, Folder[]>();
  for (const folder of folders) {
    const parent = folder.parentId !== undefined && ids.has(folder.parentId) ? folder.parentId : undefined;
    const list = childrenOf.get(parent) ?? [];
    list.push(folder);
    childrenOf.set(parent, list);
  }
  const direct = new Map<string, number>();
  for (const host of hosts) if (host.folderId !== undefined) direct.set(host.folderId, (direct.get(host.folderId) ?? 0) + 1);

  const byId = new Map<string, FolderNode>();
  const build = (folder: Folder, depth: number): FolderNode => {
    const kids = [...(childrenOf.get(folder.id) ?? [])];
    const node = { folder, depth, children: [] as FolderNode[], count: direct.get(folder.id) ?? 0 };
    byId.set(folder.id, node);
    for (const kid of kids.sort((a, b) => collator.compare(a.name, b.name))) {
      if (byId.has(kid.id)) continue;
      const child = build(kid, depth + 1);
      node.children.push(child);
      node.count += child.count;
    }
    return node;
  };
  const roots = [...(childrenOf.get(undefined) ?? [])].sort((a, b) => collator.compare(a.name, b.name)).map((f) => build(f, 0));
  return { roots, byId, hostCount: hosts.length };
}

/** The folder and every folder below it. */
export function subtreeIds(node: FolderNode): Set<string> {
  const ids = new Set<string>();
  const stack = [node];
  while (stack.length) {
    const next = stack.pop()!;
    ids.add(next.folder.id);
    stack.push(...next.children);
  }
  return ids;
}

/** Where a folder may go: the top level or any folder that is neither itself nor below it. */
export function canMoveFolder(tree: FolderTree, folderId: string, parentId: string | undefined): boolean {
  const node = tree.byId.get(folderId);
  if (!node) return false;
  if (parentId === undefined) return true;
  return tree.byId.has(parentId) && !subtreeIds(node).has(parentId);
}

/** The tree flattened in display order, skipping the children of collapsed folders. */
export function visibleFolders(tree: FolderTree, collapsed: ReadonlySet<string>): FolderNode[] {
  const out: FolderNode[] = [];
  const walk = (nodes: readonly FolderNode[]) => {
    for (const node of nodes) {
      out.push(node);
      if (!collapsed.has(node.folder.id)) walk(node.children);
    }
  };
  walk(tree.roots);
  return out;
}
