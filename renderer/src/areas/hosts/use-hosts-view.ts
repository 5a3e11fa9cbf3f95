import { useDeferredValue, useMemo } from 'react';
import { indexFolders } from '../../../../shared/domain/host-inheritance.ts';
import type { ProfileDocument } from '../../../../shared/domain/profile-document.ts';
import type { CredentialSummary } from '../../../../shared/domain/credential.ts';
import { buildFolderTree, subtreeIds, type FolderTree } from '../../hosts/folder-tree.ts';
import type { RowContext } from '../../hosts/host-row.ts';
import { buildHostSearchIndex, narrowingSearch, type HostSearchIndex } from '../../hosts/host-search.ts';

const EMPTY: ProfileDocument = { version: 2, settings: { defaults: {}, vaultAutoLockMinutes: 15 }, folders: [], proxyProfiles: [], hosts: [] };

export interface HostsView {
  readonly document: ProfileDocument;
  readonly tree: FolderTree;
  readonly index: HostSearchIndex;
  /** Positions in document.hosts, in the order shown. */
  readonly shown: readonly number[];
  /** Host ids in the order shown (for ranges and select-all). */
  readonly shownIds: readonly string[];
  readonly context: RowContext;
}

/**
 * The list as the filters make it. The index and tree are built once per document; a keystroke
 * narrows from the previous result (deferred, so typing never waits for the list to render).
 */
export function useHostsView(profiles: ProfileDocument | null, credentials: readonly CredentialSummary[], folderId: string | null, query: string, tags: readonly string[]): HostsView {
  const document = profiles ?? EMPTY;
  const index = useMemo(() => buildHostSearchIndex(document.hosts), [document.hosts]);
  const tree = useMemo(() => buildFolderTree(document.folders, document.hosts), [document.folders, document.hosts]);
  const context = useMemo<RowContext>(
    () => ({
      folders: indexFolders(document.folders),
      defaults: document.settings.defaults,
      credentialLabels: new Map(credentials.map((c) => [c.id, c.label])),
      proxyNames: new Map(document.proxyProfiles.map((p) => [p.id, p.name])),
    }),
    [document.folders, document.settings.defaults, document.proxyProfiles, credentials],
  );
  const deferredQuery = useDeferredValue(query);
  const search = useMemo(() => narrowingSearch(index), [index]);
  const result = useMemo(() => search({ text: deferredQuery, tags }), [search, deferredQuery, tags]);
  const shown = useMemo(() => {
    const node = folderId === null ? undefined : tree.byId.get(folderId);
    if (!node) return result.matches;
    const inside = subtreeIds(node);
    return result.matches.filter((at) => {
      const id = document.hosts[at]!.folderId;
      return id !== undefined && inside.has(id);
    });
  }, [result, folderId, tree, document.hosts]);
  const shownIds = useMemo(() => shown.map((at) => document.hosts[at]!.id), [shown, document.hosts]);
  return { document, tree, index, shown, shownIds, context };
}
