import { z } from 'zod';

import { folderKey } from './folder-paths.ts';
import { folderSchema, hostProfileSchema, settingsSchema, type Folder, type HostDefaults } from './host-profile.ts';
import { proxyProfileSchema } from './proxy-profile.ts';

/** The schema version this build writes; older files are migrated on load (profile-migrations.ts). */
export const PROFILE_SCHEMA_VERSION = 2;

type Issue = { path: (string | number)[]; message: string };

function duplicates<T>(items: readonly T[], key: (item: T) => string, path: string, what: string, issues: Issue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else issues.push({ path: [path, index], message: `${what} repeats ${path}[${first}]` });
  });
}

// Each folder's verdict (does its parent chain reach a cycle?) is found once and remembered, so a
// deep chain costs its length, not its length squared as a walk from every folder to the root did.
function folderCycles(folders: readonly Folder[], issues: Issue[]): void {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const reachesCycle = new Map<Folder, boolean | 'walking'>();
  for (const start of byId.values()) {
    const path: Folder[] = [];
    let verdict = false;
    for (let at: Folder | undefined = start; at; at = at.parentId === undefined ? undefined : byId.get(at.parentId)) {
      const known = reachesCycle.get(at);
      if (known !== undefined) {
        verdict = known === 'walking' || known;
        break;
      }
      reachesCycle.set(at, 'walking');
      path.push(at);
    }
    for (const folder of path) reachesCycle.set(folder, verdict);
  }
  folders.forEach((folder, index) => {
    if (folder.parentId === undefined) return;
    if (!byId.has(folder.parentId)) issues.push({ path: ['folders', index, 'parentId'], message: 'The parent folder does not exist' });
    else if (reachesCycle.get(byId.get(folder.id)!) === true) issues.push({ path: ['folders', index, 'parentId'], message: 'Folders form a cycle' });
  });
}

function proxyLink(defaults: HostDefaults, proxies: ReadonlySet<string>, path: (string | number)[], issues: Issue[]): void {
  if (defaults.proxyProfileId && !proxies.has(defaults.proxyProfileId)) issues.push({ path: [...path, 'proxyProfileId'], message: 'The proxy profile does not exist' });
}

/**
 * The whole profile file. Objects are strict: an unknown key in a hand-edited file is reported rather
 * than stripped, because stripping would silently drop it on the next write. Links inside the file are
 * checked (folders, proxy profiles); credential ids point into the vault, a different file.
 */
export const profileDocumentSchema = z
  .strictObject({
    version: z.literal(PROFILE_SCHEMA_VERSION),
    settings: settingsSchema.default({ defaults: {}, vaultAutoLockMinutes: 15 }),
    folders: z.array(folderSchema).default([]),
    proxyProfiles: z.array(proxyProfileSchema).default([]),
    hosts: z.array(hostProfileSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    const issues: Issue[] = [];
    duplicates(doc.hosts, (h) => h.id, 'hosts', 'The id', issues);
    duplicates(doc.hosts, (h) => h.name.toLowerCase(), 'hosts', 'The name', issues);
    duplicates(doc.folders, (f) => f.id, 'folders', 'The id', issues);
    duplicates(doc.folders, (f) => folderKey(f.parentId, f.name), 'folders', 'The name (in the same parent)', issues);
    duplicates(doc.proxyProfiles, (p) => p.id, 'proxyProfiles', 'The id', issues);
    duplicates(doc.proxyProfiles, (p) => p.name.toLowerCase(), 'proxyProfiles', 'The name', issues);
    folderCycles(doc.folders, issues);
    const folderIds = new Set(doc.folders.map((f) => f.id));
    const proxyIds = new Set(doc.proxyProfiles.map((p) => p.id));
    proxyLink(doc.settings.defaults, proxyIds, ['settings', 'defaults'], issues);
    doc.folders.forEach((folder, index) => proxyLink(folder.defaults, proxyIds, ['folders', index, 'defaults'], issues));
    doc.hosts.forEach((host, index) => {
      if (host.folderId !== undefined && !folderIds.has(host.folderId)) issues.push({ path: ['hosts', index, 'folderId'], message: 'The folder does not exist' });
      proxyLink(host, proxyIds, ['hosts', index], issues);
    });
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
  });
export type ProfileDocument = z.output<typeof profileDocumentSchema>;

export function emptyProfileDocument(): ProfileDocument {
  return profileDocumentSchema.parse({ version: PROFILE_SCHEMA_VERSION });
}
