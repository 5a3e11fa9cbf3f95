import { hostNameSchema, hostProfileSchema, type HostProfile } from '../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../shared/domain/profile-document.ts';
import { DeskError } from '../../shared/errors.ts';
import { definedFields, withoutKey, type Edit, type UndoRecord } from './folder-edits.ts';
import { refuseStaleBase } from './stale-base.ts';

export interface BulkHostChanges {
  /** null: to the top level. */
  readonly folderId?: string | null | undefined;
  /** null: explicitly none (stops inheritance). */
  readonly credentialId?: string | null | undefined;
  readonly proxyProfileId?: string | null | undefined;
  /** Cleared on every host, so each inherits it again. */
  readonly inherit?: ReadonlyArray<'credentialId' | 'proxyProfileId'> | undefined;
}

export function refuseNameTaken(doc: ProfileDocument, name: string, exceptId?: string): void {
  const key = name.toLowerCase();
  const clash = doc.hosts.find((h) => h.id !== exceptId && h.name.toLowerCase() === key);
  if (clash) throw new DeskError('CONFLICT', `A host named "${clash.name}" already exists.`);
}

export function refuseBrokenLinks(doc: ProfileDocument, host: Pick<HostProfile, 'folderId' | 'proxyProfileId'>): void {
  if (host.folderId !== undefined && !doc.folders.some((f) => f.id === host.folderId)) throw new DeskError('NOT_FOUND', 'The folder chosen for the host no longer exists; reload the list.');
  if (host.proxyProfileId && !doc.proxyProfiles.some((p) => p.id === host.proxyProfileId)) throw new DeskError('NOT_FOUND', 'The proxy profile chosen for the host no longer exists; reload the list.');
}

function savedHostIndex(doc: ProfileDocument, id: string): number {
  const index = doc.hosts.findIndex((h) => h.id === id);
  if (index < 0) throw new DeskError('NOT_FOUND', 'That host no longer exists (it may have been removed elsewhere); reload the list.');
  return index;
}

/** Replaces the host whole (an absent field inherits), unless it changed since the editor loaded `base`. */
export function replaceHost(doc: ProfileDocument, id: string, base: HostProfile, input: Omit<HostProfile, 'id'>): Edit<HostProfile> {
  const index = savedHostIndex(doc, id);
  const saved = doc.hosts[index]!;
  refuseStaleBase(saved, base, saved.name);
  const host = hostProfileSchema.parse({ ...definedFields(input), id });
  refuseNameTaken(doc, host.name, id);
  refuseBrokenLinks(doc, host);
  return { doc: { ...doc, hosts: doc.hosts.with(index, host) }, result: host };
}

export function updateManyHosts(doc: ProfileDocument, ids: readonly string[], changes: BulkHostChanges): Edit<{ updated: number; undo: UndoRecord }> {
  const inherit = new Set(changes.inherit ?? []);
  for (const key of inherit) {
    if (changes[key] !== undefined) throw new DeskError('INVALID_ARGUMENT', `${key === 'credentialId' ? 'The credential' : 'The proxy profile'} cannot be both set and inherited.`);
  }
  refuseBrokenLinks(doc, { folderId: changes.folderId ?? undefined, proxyProfileId: changes.proxyProfileId ?? undefined });
  const wanted = new Set(ids);
  const before: HostProfile[] = [];
  const hosts = doc.hosts.map((host) => {
    if (!wanted.has(host.id)) return host;
    before.push(host);
    let next: HostProfile = host;
    if (changes.folderId === null) next = withoutKey(next, 'folderId');
    else if (changes.folderId !== undefined) next = { ...next, folderId: changes.folderId };
    for (const key of ['credentialId', 'proxyProfileId'] as const) {
      if (inherit.has(key)) next = withoutKey(next, key);
      else if (changes[key] !== undefined) next = { ...next, [key]: changes[key] };
    }
    return next;
  });
  if (before.length < wanted.size) throw new DeskError('NOT_FOUND', `${wanted.size - before.length} of the selected hosts no longer exist (removed elsewhere); reload the list. Nothing was changed.`);
  return { doc: { ...doc, hosts }, result: { updated: before.length, undo: { hosts: before, folders: [] } } };
}

/** Removes the hosts that still exist (some may have gone elsewhere meanwhile) and returns them for undo. */
export function removeHosts(doc: ProfileDocument, ids: readonly string[]): Edit<{ removed: number; undo: UndoRecord }> {
  const wanted = new Set(ids);
  const gone = doc.hosts.filter((h) => wanted.has(h.id));
  return { doc: { ...doc, hosts: doc.hosts.filter((h) => !wanted.has(h.id)) }, result: { removed: gone.length, undo: { hosts: gone, folders: [] } } };
}

const MAX_NAME = 128;

/** A copy beside the host, named "<name> (copy)", then "(copy 2)", … whichever is free. */
export function duplicateHost(doc: ProfileDocument, id: string, newId: string): Edit<HostProfile> {
  const source = doc.hosts[savedHostIndex(doc, id)]!;
  const taken = new Set(doc.hosts.map((h) => h.name.toLowerCase()));
  let name = '';
  for (let n = 1; name === '' || taken.has(name.toLowerCase()); n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    name = hostNameSchema.parse(source.name.slice(0, MAX_NAME - suffix.length) + suffix);
  }
  const host = { ...source, id: newId, name };
  return { doc: { ...doc, hosts: [...doc.hosts, host] }, result: host };
}
