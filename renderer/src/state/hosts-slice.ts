import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { Folder } from '../../../shared/domain/host-profile.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { ImportReport, undoRecordSchema } from '../../../shared/ipc/contract.ts';
import { deskApi } from '../api.ts';
import { EMPTY_SELECTION, type HostSelection } from '../hosts/selection.ts';
import type { DeskState } from './store.ts';

type UndoRecord = z.output<typeof undoRecordSchema>;
type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** What the editor pane shows: one host, one folder, or the app-wide defaults. */
export type HostsEditorTarget = { kind: 'host'; id: string } | { kind: 'folder'; id: string } | { kind: 'defaults' } | null;

/** A setting applied to many hosts at once: a value, none (null) or inherit. */
export type BulkLink = { set: string | null } | 'inherit';

export interface HostsSlice {
  /** The folder whose hosts (with its subfolders') are listed; null lists every host. */
  hostsFolderId: string | null;
  hostsQuery: string;
  hostsTags: string[];
  hostSelection: HostSelection;
  hostsEditor: HostsEditorTarget;
  /** The last deletion or move, until undone or replaced. */
  hostsUndo: { label: string; undo: UndoRecord } | null;
  /** A long operation under way (import, bulk change), shown as progress; the window stays usable. */
  hostsBusy: string | null;
  importReport: ImportReport | null;
  hostsError: ErrorInfo | null;
  showHostsFolder(folderId: string | null): void;
  setHostsQuery(query: string): void;
  toggleHostsTag(tag: string): void;
  setHostSelection(selection: HostSelection): void;
  showHostsEditor(target: HostsEditorTarget): void;
  dismissImportReport(): void;
  dismissHostsUndo(): void;
  /** Adds a host with a name and an address into the folder shown; resolves true when main accepted it. */
  addHost(name: string, address: string): Promise<boolean>;
  duplicateHost(id: string): Promise<void>;
  renameHost(id: string, name: string): Promise<boolean>;
  removeHosts(ids: readonly string[]): Promise<void>;
  moveHosts(ids: readonly string[], folderId: string | null): Promise<void>;
  setHostsCredential(ids: readonly string[], link: BulkLink): Promise<void>;
  setHostsProxyProfile(ids: readonly string[], link: BulkLink): Promise<void>;
  createFolder(name: string): Promise<boolean>;
  renameFolder(id: string, name: string): Promise<boolean>;
  moveFolder(id: string, parentId: string | null): Promise<void>;
  removeFolder(id: string, contents: 'move-up' | 'delete'): Promise<void>;
  undoHostsChange(): Promise<void>;
  importHostsText(text: string): Promise<void>;
  importHostsFile(): Promise<void>;
  /** The export's text (in the page) or null (saved through the native dialog, or failed). */
  exportHosts(format: 'csv' | 'json', native: boolean): Promise<string | null>;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export const createHostsSlice: StateCreator<DeskState, [], [], HostsSlice> = (set, get) => {
  const hostById = (id: string) => get().profiles?.hosts.find((h) => h.id === id);
  const folderById = (id: string) => get().profiles?.folders.find((f) => f.id === id);

  /** Runs a call, shows its failure, and reloads the profiles after a success (the revision moved). */
  async function run<T>(call: () => Promise<Result<T>>, busy: string | null = null): Promise<T | null> {
    if (busy) set({ hostsBusy: busy });
    try {
      const result = await call();
      if (!result.ok) {
        set({ hostsError: result.error });
        return null;
      }
      set({ hostsError: null });
      await get().loadProfiles();
      return result.value;
    } finally {
      if (busy) set({ hostsBusy: null });
    }
  }

  const remember = (label: string, undo: UndoRecord) => set({ hostsUndo: { label, undo } });

  async function updateMany(ids: readonly string[], changes: Parameters<ReturnType<typeof deskApi>['hosts']['updateMany']>[0]['changes'], label: string) {
    if (ids.length === 0) return;
    const done = await run(() => deskApi().hosts.updateMany({ ids: [...ids], changes }), ids.length > 50 ? `Updating ${plural(ids.length, 'host')}…` : null);
    if (done) remember(label, done.undo);
  }

  const linkChange = (key: 'credentialId' | 'proxyProfileId', link: BulkLink) => (link === 'inherit' ? { inherit: [key] } : { [key]: link.set });

  const folderInput = (folder: Folder, change: Partial<Omit<Folder, 'id'>>) => {
    const { id: _id, ...rest } = { ...folder, ...change };
    return rest;
  };

  const importDone = (report: ImportReport | null) => report && set({ importReport: report });

  return {
    hostsFolderId: null,
    hostsQuery: '',
    hostsTags: [],
    hostSelection: EMPTY_SELECTION,
    hostsEditor: null,
    hostsUndo: null,
    hostsBusy: null,
    importReport: null,
    hostsError: null,
    showHostsFolder: (hostsFolderId) => set({ hostsFolderId }),
    setHostsQuery: (hostsQuery) => set({ hostsQuery }),
    toggleHostsTag: (tag) => set((s) => ({ hostsTags: s.hostsTags.includes(tag) ? s.hostsTags.filter((t) => t !== tag) : [...s.hostsTags, tag] })),
    setHostSelection: (hostSelection) => set({ hostSelection }),
    showHostsEditor: (hostsEditor) => set({ hostsEditor }),
    dismissImportReport: () => set({ importReport: null }),
    dismissHostsUndo: () => set({ hostsUndo: null }),
    async addHost(name, address) {
      const folderId = get().hostsFolderId;
      // The form sends what was typed; main's schema is the one judge of what is valid.
      const added = await run(() => deskApi().hosts.add({ name, address, tags: [], notes: '', ...(folderId ? { folderId } : {}) }));
      return added !== null;
    },
    async duplicateHost(id) {
      const copy = await run(() => deskApi().hosts.duplicate({ id }));
      if (copy) set({ hostSelection: { ids: new Set([copy.id]), anchor: copy.id } });
    },
    async renameHost(id, name) {
      const base = hostById(id);
      if (!base) return false;
      const { id: _id, ...host } = { ...base, name };
      return (await run(() => deskApi().hosts.update({ id, base, host }))) !== null;
    },
    async removeHosts(ids) {
      if (ids.length === 0) return;
      const done = await run(() => deskApi().hosts.remove({ ids: [...ids] }), ids.length > 50 ? `Deleting ${plural(ids.length, 'host')}…` : null);
      if (!done) return;
      remember(`Deleted ${plural(done.removed, 'host')}`, done.undo);
      set({ hostSelection: EMPTY_SELECTION, hostsEditor: null });
    },
    moveHosts: (ids, folderId) => updateMany(ids, { folderId }, `Moved ${plural(ids.length, 'host')}`),
    setHostsCredential: (ids, link) => updateMany(ids, linkChange('credentialId', link), `Changed the credential of ${plural(ids.length, 'host')}`),
    setHostsProxyProfile: (ids, link) => updateMany(ids, linkChange('proxyProfileId', link), `Changed the proxy profile of ${plural(ids.length, 'host')}`),
    async createFolder(name) {
      const parentId = get().hostsFolderId;
      const folder = await run(() => deskApi().folders.create({ name, ...(parentId ? { parentId } : {}) }));
      return folder !== null;
    },
    async renameFolder(id, name) {
      const base = folderById(id);
      if (!base) return false;
      return (await run(() => deskApi().folders.update({ id, base, folder: folderInput(base, { name }) }))) !== null;
    },
    async moveFolder(id, parentId) {
      const base = folderById(id);
      if (!base || (base.parentId ?? null) === parentId) return;
      const { parentId: _old, ...rest } = base;
      const moved = await run(() => deskApi().folders.update({ id, base, folder: folderInput(rest, parentId ? { parentId } : {}) }));
      // Restoring the folder as it was puts it back under its old parent.
      if (moved) remember(`Moved folder ${base.name}`, { hosts: [], folders: [base] });
    },
    async removeFolder(id, contents) {
      const base = folderById(id);
      const done = await run(() => deskApi().folders.remove({ id, contents }));
      if (!done) return;
      remember(`Deleted folder ${base?.name ?? ''}`.trim(), done.undo);
      if (get().hostsFolderId === id) set({ hostsFolderId: null });
      const editor = get().hostsEditor;
      if (editor?.kind === 'folder' && editor.id === id) set({ hostsEditor: null });
    },
    async undoHostsChange() {
      const last = get().hostsUndo;
      if (!last) return;
      const done = await run(() => deskApi().profiles.restore({ undo: last.undo }), 'Undoing…');
      if (done) set({ hostsUndo: null });
    },
    async importHostsText(text) {
      importDone(await run(() => deskApi().hosts.importText({ text }), 'Importing hosts…'));
    },
    async importHostsFile() {
      const result = await run(() => deskApi().hosts.importFile(), 'Importing hosts…');
      if (result && !('cancelled' in result)) importDone(result);
    },
    async exportHosts(format, native) {
      if (native) {
        await run(() => deskApi().hosts.exportFile({ format }), 'Exporting hosts…');
        return null;
      }
      return (await run(() => deskApi().hosts.exportText({ format }), 'Exporting hosts…'))?.text ?? null;
    },
  };
};
