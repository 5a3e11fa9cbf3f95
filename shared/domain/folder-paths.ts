import { folderChain, type FolderIndex } from './host-inheritance.ts';
import { folderNameSchema, type Folder } from './host-profile.ts';

/** `Prod/Web` for a folder, root first; imports and exports name folders this way. */
export function folderPath(folderId: string | undefined, folders: readonly Folder[] | FolderIndex): string {
  return folderChain(folderId, folders)
    .map((f) => f.name)
    .reverse()
    .join('/');
}

/** How deep an imported path may go: far beyond any real tree, and a bound on what one row can make. */
export const MAX_FOLDER_DEPTH = 64;

/** Splits and checks a path; an empty path is the root (no folder). Throws the first bad segment's reason. */
export function parseFolderPath(path: string): string[] {
  const segments = path.split('/', MAX_FOLDER_DEPTH + 1).map((s) => s.trim());
  if (segments.length === 1 && segments[0] === '') return [];
  if (segments.length > MAX_FOLDER_DEPTH) throw new Error(`folder "${path.slice(0, 80)}": more than ${MAX_FOLDER_DEPTH} levels`);
  for (const segment of segments) {
    const checked = folderNameSchema.safeParse(segment);
    if (!checked.success) throw new Error(`folder "${path.slice(0, 80)}": ${checked.error.issues[0]!.message}`);
  }
  return segments;
}

/** What makes a folder unique in a document: its parent and its name, case-insensitively. */
export function folderKey(parentId: string | undefined, name: string): string {
  return `${parentId ?? ''}/${name.toLowerCase()}`;
}

export interface FoundFolder {
  /** undefined for the root (an empty path). */
  readonly folder: Folder | undefined;
  /** How many folders of the path were missing and made. */
  readonly created: number;
}

/**
 * Finds folders by path, making the missing ones (appended to `folders`, which the caller owns and
 * must change only through this). Build one per import: each lookup is then one map probe per
 * segment, so an import is linear in its rows; a search of the folder list for every segment made
 * 20 000 rows, each in a new folder, take seconds.
 */
export function folderFinder(folders: Folder[], newId: () => string): (segments: readonly string[]) => FoundFolder {
  const byKey = new Map<string, Folder>();
  // The first of two clashing folders wins, as a search of the list would have found it.
  for (const folder of folders) {
    const key = folderKey(folder.parentId, folder.name);
    if (!byKey.has(key)) byKey.set(key, folder);
  }
  return (segments) => {
    let folder: Folder | undefined;
    let created = 0;
    for (const name of segments) {
      const key = folderKey(folder?.id, name);
      let next = byKey.get(key);
      if (!next) {
        next = { id: newId(), name, defaults: {}, ...(folder === undefined ? {} : { parentId: folder.id }) };
        folders.push(next);
        byKey.set(key, next);
        created++;
      }
      folder = next;
    }
    return { folder, created };
  };
}
