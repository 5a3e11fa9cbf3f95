import { folderChain } from './host-inheritance.ts';
import { folderNameSchema, type Folder } from './host-profile.ts';

/** `Prod/Web` for a folder, root first; imports and exports name folders this way. */
export function folderPath(folderId: string | undefined, folders: readonly Folder[]): string {
  return folderChain(folderId, folders)
    .map((f) => f.name)
    .reverse()
    .join('/');
}

/** Splits and checks a path; an empty path is the root (no folder). Throws the first bad segment's reason. */
export function parseFolderPath(path: string): string[] {
  const segments = path.split('/').map((s) => s.trim());
  if (segments.length === 1 && segments[0] === '') return [];
  for (const segment of segments) {
    const checked = folderNameSchema.safeParse(segment);
    if (!checked.success) throw new Error(`folder "${path.slice(0, 80)}": ${checked.error.issues[0]!.message}`);
  }
  return segments;
}

/**
 * The id of the folder at `segments`, creating the missing ones (appended to `folders`, which the
 * caller owns). Names match case-insensitively, as the document's uniqueness rule does.
 */
export function ensureFolderPath(folders: Folder[], segments: readonly string[], newId: () => string): { id: string | undefined; created: number } {
  let parentId: string | undefined;
  let created = 0;
  for (const name of segments) {
    const existing = folders.find((f) => f.parentId === parentId && f.name.toLowerCase() === name.toLowerCase());
    if (existing) {
      parentId = existing.id;
      continue;
    }
    const folder: Folder = { id: newId(), name, defaults: {}, ...(parentId === undefined ? {} : { parentId }) };
    folders.push(folder);
    parentId = folder.id;
    created++;
  }
  return { id: parentId, created };
}
