import { z } from 'zod';
import { DeskError } from '../../shared/errors.ts';
import { folderFinder, parseFolderPath } from '../../shared/domain/folder-paths.ts';
import { exportHostsCsv, exportHostsJson } from '../../shared/domain/host-export.ts';
import { importHosts, type HostImportResult } from '../../shared/domain/host-import.ts';
import { indexFolders, resolveHostSettings, type FolderIndex, type ResolvedHostSettings } from '../../shared/domain/host-inheritance.ts';
import { hostDefaultsSchema, hostProfileSchema, settingsSchema, type Folder, type HostDefaults, type HostProfile, type Settings } from '../../shared/domain/host-profile.ts';
import { emptyProfileDocument, profileDocumentSchema, type ProfileDocument } from '../../shared/domain/profile-document.ts';
import { readProfileDocument } from '../../shared/domain/profile-migrations.ts';
import { proxyProfileSchema, type ProxyProfile } from '../../shared/domain/proxy-profile.ts';
import { describeIssues } from '../../shared/domain/schema-issues.ts';
import { credentialUsage, describeUsage, linksOfKind, relinkCredential, type CredentialUsage } from './credential-links.ts';
import { createFolder, definedFields, removeFolder, restore, updateFolder, type UndoRecord } from './folder-edits.ts';
import { duplicateHost, refuseBrokenLinks, refuseNameTaken, removeHosts, replaceHost, updateManyHosts, type BulkHostChanges } from './host-edits.ts';
import { newId } from './new-id.ts';
import { refuseStaleBase } from './stale-base.ts';
import { VersionedJsonFile, type FileRead, type LoadReport, type StoreProblem } from './versioned-file.ts';

export const PROFILE_FILE_NAME = 'profiles';

/** A host as the user describes it; the store assigns the id. */
export type NewHostProfile = Omit<HostProfile, 'id' | 'tags' | 'notes'> & { tags?: string[]; notes?: string };
export type NewProxyProfile = Omit<ProxyProfile, 'id' | 'bypass' | 'auth' | 'tunnelForHttp'> & Partial<Pick<ProxyProfile, 'bypass' | 'auth' | 'tunnelForHttp'>>;

function readFile(raw: unknown): FileRead<ProfileDocument> {
  const read = readProfileDocument(raw);
  return read.ok ? { ok: true, value: read.document, migratedFrom: read.migratedFrom } : read;
}

function invalid(error: z.ZodError): DeskError {
  return new DeskError('INVALID_ARGUMENT', describeIssues(error));
}

// The pure edits parse with zod's `parse`; its error becomes the same coded error as a failed safeParse.
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof z.ZodError) throw invalid(error);
    throw error;
  }
}

const byNameOrId = <T extends { id: string; name: string }>(items: readonly T[], key: string) => items.find((item) => item.id === key) ?? items.find((item) => item.name.toLowerCase() === key.trim().toLowerCase());

/**
 * Saved hosts, folders, proxy profiles and settings, in `<dir>/profiles.json`. Every change re-reads
 * the file first, so a change made meanwhile by the other process (the app and the CLI share the
 * directory) is kept rather than overwritten; what remains is a race of a few milliseconds between
 * two simultaneous writers, since there is no cross-process lock.
 */
export class ProfileStore {
  readonly #file: VersionedJsonFile<ProfileDocument>;
  #doc: ProfileDocument;
  #folderIndex: { readonly of: ProfileDocument['folders']; readonly index: FolderIndex } | undefined;
  readonly #problems: StoreProblem[] = [];

  private constructor(file: VersionedJsonFile<ProfileDocument>, doc: ProfileDocument) {
    this.#file = file;
    this.#doc = doc;
  }

  /** Opens (or starts) the store in `dir`. Damage is repaired and described in the report, never thrown. */
  static open(dir: string): { store: ProfileStore; report: LoadReport } {
    const file = new VersionedJsonFile({ dir, name: PROFILE_FILE_NAME, read: readFile, backup: 'previous' });
    const { value, report } = file.load();
    return { store: new ProfileStore(file, value ?? emptyProfileDocument()), report };
  }

  get path(): string {
    return this.#file.path;
  }

  document(): ProfileDocument {
    return this.#doc;
  }

  /** Re-reads the file (another process may have changed it); damage is repaired and reported as on open. */
  reload(): LoadReport {
    const { value, report } = this.#file.load();
    this.#doc = value ?? emptyProfileDocument();
    return report;
  }

  /** Damage found while saving (the file was broken after it was loaded); each was set aside. */
  takeProblems(): StoreProblem[] {
    return this.#problems.splice(0);
  }

  #load(): ProfileDocument {
    const { value, report } = this.#file.load();
    this.#problems.push(...report.problems);
    return value ?? emptyProfileDocument();
  }

  // An edit that returns the document it was given changed nothing: nothing is written.
  #update<R>(edit: (doc: ProfileDocument) => { doc: ProfileDocument; result: R }): R {
    const current = this.#load();
    const { doc, result } = guarded(() => edit(current));
    if (doc === current) {
      this.#doc = current;
      return result;
    }
    const checked = profileDocumentSchema.safeParse(doc);
    if (!checked.success) throw invalid(checked.error);
    this.#problems.push(...this.#file.save(checked.data));
    this.#doc = checked.data;
    return result;
  }

  findHost(nameOrId: string): HostProfile {
    const host = byNameOrId(this.#doc.hosts, nameOrId);
    if (!host) throw new DeskError('NOT_FOUND', `No saved host is named "${nameOrId.slice(0, 128)}".`);
    return host;
  }

  findProxyProfile(nameOrId: string): ProxyProfile {
    const profile = byNameOrId(this.#doc.proxyProfiles, nameOrId);
    if (!profile) throw new DeskError('NOT_FOUND', `No proxy profile is named "${nameOrId.slice(0, 128)}".`);
    return profile;
  }

  /** Inheritance applied. The folder index is built once per document, so resolving every host is linear. */
  resolve(host: HostProfile): ResolvedHostSettings {
    const folders = this.#doc.folders;
    if (this.#folderIndex?.of !== folders) this.#folderIndex = { of: folders, index: indexFolders(folders) };
    return resolveHostSettings(host, this.#folderIndex.index, this.#doc.settings.defaults);
  }

  addHost(input: NewHostProfile): HostProfile {
    const parsed = hostProfileSchema.safeParse({ ...input, id: newId('h') });
    if (!parsed.success) throw invalid(parsed.error);
    const host = parsed.data;
    return this.#update((doc) => {
      refuseNameTaken(doc, host.name);
      refuseBrokenLinks(doc, host);
      return { doc: { ...doc, hosts: [...doc.hosts, host] }, result: host };
    });
  }

  /** Replaces the host whole; CONFLICT when the saved host is no longer `base` (changed elsewhere). */
  updateHost(id: string, base: HostProfile, host: Omit<HostProfile, 'id'>): HostProfile {
    return this.#update((doc) => replaceHost(doc, id, base, host));
  }

  updateHosts(ids: readonly string[], changes: BulkHostChanges): { updated: number; undo: UndoRecord } {
    return this.#update((doc) => updateManyHosts(doc, ids, changes));
  }

  removeHosts(ids: readonly string[]): { removed: number; undo: UndoRecord } {
    return this.#update((doc) => removeHosts(doc, ids));
  }

  duplicateHost(id: string): HostProfile {
    return this.#update((doc) => duplicateHost(doc, id, newId('h')));
  }

  removeHost(nameOrId: string): HostProfile {
    return this.#update((doc) => {
      const host = byNameOrId(doc.hosts, nameOrId);
      if (!host) throw new DeskError('NOT_FOUND', `No saved host is named "${nameOrId.slice(0, 128)}".`);
      return { doc: { ...doc, hosts: doc.hosts.filter((h) => h.id !== host.id) }, result: host };
    });
  }

  /** The folder at `path` (`Prod/Web`), created with its parents when missing; `defaults` replace the leaf's. */
  ensureFolder(path: string, defaults?: HostDefaults): Folder {
    let segments: string[];
    try {
      segments = parseFolderPath(path);
    } catch (error) {
      throw new DeskError('INVALID_ARGUMENT', (error as Error).message);
    }
    if (segments.length === 0) throw new DeskError('INVALID_ARGUMENT', 'A folder path is required, e.g. Prod/Web.');
    const checked = defaults === undefined ? undefined : hostDefaultsSchema.safeParse(defaults);
    if (checked && !checked.success) throw invalid(checked.error);
    return this.#update((doc) => {
      const folders = doc.folders.map((f) => ({ ...f }));
      const folder = folderFinder(folders, () => newId('f'))(segments).folder!;
      if (checked) folder.defaults = checked.data;
      return { doc: { ...doc, folders }, result: folder };
    });
  }

  createFolder(name: string, parentId: string | undefined): Folder {
    return this.#update((doc) => createFolder(doc, name, parentId, newId('f')));
  }

  updateFolder(id: string, base: Folder, folder: Omit<Folder, 'id'>): Folder {
    return this.#update((doc) => updateFolder(doc, id, base, folder));
  }

  removeFolder(id: string, contents: 'move-up' | 'delete'): UndoRecord {
    return this.#update((doc) => removeFolder(doc, id, contents));
  }

  /** Puts back what an undo record holds; returns how many entities it put back. */
  restore(undo: UndoRecord): number {
    return this.#update((doc) => restore(doc, undo));
  }

  addProxyProfile(input: NewProxyProfile): ProxyProfile {
    const parsed = proxyProfileSchema.safeParse({ ...input, id: newId('p') });
    if (!parsed.success) throw invalid(parsed.error);
    return this.#update((doc) => {
      if (byNameOrId(doc.proxyProfiles, parsed.data.name)) throw new DeskError('CONFLICT', `A proxy profile named "${parsed.data.name}" already exists.`);
      return { doc: { ...doc, proxyProfiles: [...doc.proxyProfiles, parsed.data] }, result: parsed.data };
    });
  }

  updateProxyProfile(id: string, base: ProxyProfile, input: Omit<ProxyProfile, 'id'>): ProxyProfile {
    const parsed = proxyProfileSchema.safeParse({ ...definedFields(input), id });
    if (!parsed.success) throw invalid(parsed.error);
    return this.#update((doc) => {
      const saved = doc.proxyProfiles.find((p) => p.id === id);
      if (!saved) throw new DeskError('NOT_FOUND', 'That proxy profile no longer exists (it may have been removed elsewhere); reload the list.');
      refuseStaleBase(saved, base, saved.name);
      const clash = doc.proxyProfiles.find((p) => p.id !== id && p.name.toLowerCase() === parsed.data.name.toLowerCase());
      if (clash) throw new DeskError('CONFLICT', `A proxy profile named "${clash.name}" already exists.`);
      return { doc: { ...doc, proxyProfiles: doc.proxyProfiles.map((p) => (p.id === id ? parsed.data : p)) }, result: parsed.data };
    });
  }

  removeProxyProfile(nameOrId: string): void {
    this.#update((doc) => {
      const profile = byNameOrId(doc.proxyProfiles, nameOrId);
      if (!profile) throw new DeskError('NOT_FOUND', `No proxy profile is named "${nameOrId.slice(0, 128)}".`);
      const uses = (d: { proxyProfileId?: string | null }) => d.proxyProfileId === profile.id;
      const usage = { hosts: doc.hosts.filter(uses).length, folders: doc.folders.filter((f) => uses(f.defaults)).length, defaults: uses(doc.settings.defaults), proxyProfiles: 0 };
      if (usage.hosts || usage.folders || usage.defaults) {
        throw new DeskError('CONFLICT', `The proxy profile "${profile.name}" is used by ${describeUsage(usage)}; choose another profile (or none) for them first.`);
      }
      return { doc: { ...doc, proxyProfiles: doc.proxyProfiles.filter((p) => p.id !== profile.id) }, result: undefined };
    });
  }

  /** Replaces the settings, checked against the saved ones (not a copy loaded earlier). */
  updateSettings(base: Settings, settings: Settings): Settings {
    const parsed = settingsSchema.safeParse(settings);
    if (!parsed.success) throw invalid(parsed.error);
    return this.#update((doc) => {
      refuseStaleBase(doc.settings, base, 'App defaults');
      return { doc: { ...doc, settings: parsed.data }, result: parsed.data };
    });
  }

  /** Who links the credential, in the file as it is now. */
  credentialUsage(id: string): CredentialUsage {
    return credentialUsage(this.#load(), id);
  }

  /**
   * Before a credential leaves the vault: its links move to `reassignTo` (null: cleared). Without a
   * replacement a credential in use is refused (CONFLICT), since every link would fail to sign in later.
   */
  unlinkCredential(id: string, label: string, reassignTo: string | null | undefined): number {
    return this.#update((doc) => {
      const usage = credentialUsage(doc, id);
      const users = linksOfKind(usage, 'host') + linksOfKind(usage, 'proxy');
      if (users === 0) return { doc, result: 0 };
      if (reassignTo === undefined) throw new DeskError('CONFLICT', `"${label.slice(0, 128)}" is used by ${describeUsage(usage)}; choose a credential to take its place, or none.`);
      return relinkCredential(doc, id, reassignTo);
    });
  }

  /** Adds what the file describes in one write; bad rows come back in `problems`, good rows are kept. */
  importHosts(text: string): Omit<HostImportResult, 'document'> {
    return this.#update((doc) => {
      const { document, ...result } = importHosts(doc, text, newId);
      return { doc: document, result };
    });
  }

  exportHosts(format: 'csv' | 'json'): string {
    return format === 'csv' ? exportHostsCsv(this.#doc) : exportHostsJson(this.#doc);
  }
}
