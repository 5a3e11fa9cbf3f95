import { folderPath } from '../../../shared/domain/folder-paths.ts';
import { indexFolders } from '../../../shared/domain/host-inheritance.ts';
import type { Folder, HostDefaults } from '../../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../../shared/domain/profile-document.ts';

/** The two links a host inherits by id through its folders and the app defaults. */
export type LinkField = 'proxyProfileId' | 'credentialId';

/** How a host comes to use the linked entry: set on the host, from a folder, or from the app defaults. */
export type Via = { readonly kind: 'host' } | { readonly kind: 'folder'; readonly path: string } | { readonly kind: 'defaults' };

export interface LinkUsers {
  readonly defaults: boolean;
  /** Folders that set it themselves (their subfolders and hosts inherit it). */
  readonly folders: readonly { readonly id: string; readonly path: string }[];
  /** Every host that connects with it, however it got it. */
  readonly hosts: readonly { readonly id: string; readonly name: string; readonly via: Via }[];
}

type Decision = { readonly id: string | null; readonly via: Via };

/**
 * Who uses the entry `id` through `field`, inherited use included: a host that leaves the field unset
 * takes its nearest folder's value, then the app defaults' (null anywhere stops the search, as in
 * shared/domain/host-inheritance.ts). Each folder's answer is found once, so 10 000 hosts in deep
 * trees cost one pass.
 */
export function linkUsers(doc: ProfileDocument, field: LinkField, id: string): LinkUsers {
  const index = indexFolders(doc.folders);
  const fromDefaults: Decision = { id: doc.settings.defaults[field] ?? null, via: { kind: 'defaults' } };
  const decided = new Map<string, Decision>();
  function folderDecision(folder: Folder, seen: Set<string>): Decision {
    const known = decided.get(folder.id);
    if (known) return known;
    const own = (folder.defaults as HostDefaults)[field];
    let decision: Decision;
    if (own !== undefined) decision = { id: own, via: { kind: 'folder', path: folderPath(folder.id, index) } };
    else {
      const parent = folder.parentId === undefined ? undefined : index.get(folder.parentId);
      // A cycle in a hand-edited file is reported at load; here it only ends the walk.
      decision = parent && !seen.has(parent.id) ? folderDecision(parent, seen.add(folder.id)) : fromDefaults;
    }
    decided.set(folder.id, decision);
    return decision;
  }

  const hosts: LinkUsers['hosts'][number][] = [];
  for (const host of doc.hosts) {
    const own = host[field];
    const folder = host.folderId === undefined ? undefined : index.get(host.folderId);
    const decision: Decision = own !== undefined ? { id: own, via: { kind: 'host' } } : folder ? folderDecision(folder, new Set()) : fromDefaults;
    if (decision.id === id) hosts.push({ id: host.id, name: host.name, via: decision.via });
  }
  return {
    defaults: doc.settings.defaults[field] === id,
    folders: doc.folders.filter((f) => f.defaults[field] === id).map((f) => ({ id: f.id, path: folderPath(f.id, index) })),
    hosts,
  };
}

export function isUnused(users: LinkUsers): boolean {
  return !users.defaults && users.folders.length === 0 && users.hosts.length === 0;
}

export function viaText(via: Via): string {
  if (via.kind === 'host') return 'set on the host';
  return via.kind === 'folder' ? `from folder ${via.path}` : 'from the app defaults';
}
