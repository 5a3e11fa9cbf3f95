import { folderKey, folderPath } from '../../shared/domain/folder-paths.ts';
import { folderSchema, type Folder, type HostProfile } from '../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../shared/domain/profile-document.ts';
import { DeskError } from '../../shared/errors.ts';
import { refuseStaleBase } from './stale-base.ts';

/** What an edit took away or changed, as it was before; `restore` puts it back. */
export interface UndoRecord {
  readonly hosts: HostProfile[];
  readonly folders: Folder[];
}

export type Edit<R> = { doc: ProfileDocument; result: R };

export function withoutKey<T extends object, K extends keyof T>(value: T, key: K): T {
  const { [key]: _dropped, ...rest } = value;
  return rest as T;
}

/** The fields that are set: a field given as undefined is absent (inherited), in memory as in the file. */
export function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function savedFolder(doc: ProfileDocument, id: string): Folder {
  const folder = doc.folders.find((f) => f.id === id);
  if (!folder) throw new DeskError('NOT_FOUND', 'That folder no longer exists (it may have been removed elsewhere); reload the list.');
  return folder;
}

function nameClash(doc: ProfileDocument, parentId: string | undefined, clash: Folder): DeskError {
  const where = parentId === undefined ? 'at the top level' : `in "${folderPath(parentId, doc.folders)}"`;
  return new DeskError('CONFLICT', `A folder named "${clash.name}" already exists ${where}.`);
}

function refuseNameClash(doc: ProfileDocument, parentId: string | undefined, name: string, exceptId?: string): void {
  const key = folderKey(parentId, name);
  const clash = doc.folders.find((f) => f.id !== exceptId && folderKey(f.parentId, f.name) === key);
  if (clash) throw nameClash(doc, parentId, clash);
}

// For edits that place many folders at once: one pass over the document, not one per folder placed.
function folderKeys(folders: readonly Folder[]): Map<string, Folder> {
  return new Map(folders.map((f) => [folderKey(f.parentId, f.name), f]));
}

function refuseMissingParent(doc: ProfileDocument, parentId: string | undefined): void {
  if (parentId !== undefined && !doc.folders.some((f) => f.id === parentId)) throw new DeskError('NOT_FOUND', 'The parent folder no longer exists; reload the list.');
}

export function createFolder(doc: ProfileDocument, name: string, parentId: string | undefined, id: string): Edit<Folder> {
  refuseMissingParent(doc, parentId);
  const folder = folderSchema.parse({ id, name, ...(parentId === undefined ? {} : { parentId }) });
  refuseNameClash(doc, parentId, folder.name);
  return { doc: { ...doc, folders: [...doc.folders, folder] }, result: folder };
}

/** Rename, move or new defaults in one edit; a move into its own subtree is refused with both names. */
export function updateFolder(doc: ProfileDocument, id: string, base: Folder, input: Omit<Folder, 'id'>): Edit<Folder> {
  const saved = savedFolder(doc, id);
  refuseStaleBase(saved, base, saved.name);
  const folder = folderSchema.parse({ ...definedFields(input), id });
  refuseMissingParent(doc, folder.parentId);
  for (let at = folder.parentId; at !== undefined; at = doc.folders.find((f) => f.id === at)?.parentId) {
    if (at === id) {
      const target = folder.parentId === id ? 'itself' : `"${folderPath(folder.parentId, doc.folders)}", which is inside it`;
      throw new DeskError('INVALID_ARGUMENT', `The folder "${saved.name}" cannot be moved into ${target}.`);
    }
  }
  refuseNameClash(doc, folder.parentId, folder.name, id);
  return { doc: { ...doc, folders: doc.folders.map((f) => (f.id === id ? folder : f)) }, result: folder };
}

/** The folder and every folder under it, parents before children. */
function subtree(doc: ProfileDocument, root: Folder): Folder[] {
  const children = new Map<string, Folder[]>();
  for (const f of doc.folders) {
    if (f.parentId === undefined) continue;
    const siblings = children.get(f.parentId);
    if (siblings) siblings.push(f);
    else children.set(f.parentId, [f]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!.id) ?? []));
  return out;
}

/**
 * `move-up`: what the folder holds goes to its parent (a subfolder whose name the parent already has
 * is refused, not merged); `delete`: its whole subtree and the hosts in it go. Either way the undo
 * record holds every entity the removal touched, as it was.
 */
export function removeFolder(doc: ProfileDocument, id: string, contents: 'move-up' | 'delete'): Edit<UndoRecord> {
  const folder = savedFolder(doc, id);
  if (contents === 'delete') {
    const gone = subtree(doc, folder);
    const ids = new Set(gone.map((f) => f.id));
    const hosts = doc.hosts.filter((h) => h.folderId !== undefined && ids.has(h.folderId));
    return {
      doc: { ...doc, folders: doc.folders.filter((f) => !ids.has(f.id)), hosts: doc.hosts.filter((h) => h.folderId === undefined || !ids.has(h.folderId)) },
      result: { folders: gone, hosts },
    };
  }
  const parentId = folder.parentId;
  const subfolders = doc.folders.filter((f) => f.parentId === id);
  const keys = folderKeys(doc.folders);
  for (const sub of subfolders) {
    const clash = keys.get(folderKey(parentId, sub.name));
    if (clash && clash.id !== sub.id) throw nameClash(doc, parentId, clash);
  }
  const hosts = doc.hosts.filter((h) => h.folderId === id);
  const moveUp = <T extends object, K extends keyof T>(entity: T, key: K): T => (parentId === undefined ? withoutKey(entity, key) : { ...entity, [key]: parentId });
  return {
    doc: {
      ...doc,
      folders: doc.folders.filter((f) => f.id !== id).map((f) => (f.parentId === id ? moveUp(f, 'parentId') : f)),
      hosts: doc.hosts.map((h) => (h.folderId === id ? moveUp(h, 'folderId') : h)),
    },
    result: { folders: [folder, ...subfolders], hosts },
  };
}

/**
 * Puts entities back by id (replacing what has that id now, re-adding what is gone). A name that
 * another entity has taken meanwhile is a CONFLICT: restoring would make two of them.
 */
export function restore(doc: ProfileDocument, undo: UndoRecord): Edit<number> {
  const folders = [...doc.folders];
  const folderAt = new Map(folders.map((f, i) => [f.id, i]));
  const keys = folderKeys(folders);
  for (const folder of undo.folders) {
    const key = folderKey(folder.parentId, folder.name);
    const clash = keys.get(key);
    if (clash && clash.id !== folder.id) throw nameClash({ ...doc, folders }, folder.parentId, clash);
    const at = folderAt.get(folder.id);
    if (at === undefined) {
      folderAt.set(folder.id, folders.length);
      folders.push(folder);
    } else {
      keys.delete(folderKey(folders[at]!.parentId, folders[at]!.name));
      folders[at] = folder;
    }
    keys.set(key, folder);
  }
  const hosts = [...doc.hosts];
  const index = new Map(hosts.map((h, i) => [h.id, i]));
  const names = new Map(hosts.map((h) => [h.name.toLowerCase(), h.id]));
  for (const host of undo.hosts) {
    const owner = names.get(host.name.toLowerCase());
    if (owner !== undefined && owner !== host.id) throw new DeskError('CONFLICT', `"${host.name}" cannot be put back: another host has that name now; rename one of them first.`);
    const at = index.get(host.id);
    if (at === undefined) {
      index.set(host.id, hosts.length);
      hosts.push(host);
    } else {
      names.delete(hosts[at]!.name.toLowerCase());
      hosts[at] = host;
    }
    names.set(host.name.toLowerCase(), host.id);
  }
  return { doc: { ...doc, folders, hosts }, result: undo.hosts.length + undo.folders.length };
}
