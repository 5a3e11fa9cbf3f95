import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { ConnectionTestPanel } from './connection-test/index.ts';
import { clickRow, EMPTY_SELECTION, keepShown, selectAll, selectedInOrder, toggleRow } from '../hosts/selection.ts';
import { useDesk } from '../state/store.ts';
import { EditorPane } from './hosts/EditorPane.tsx';
import { FolderActions, type FolderDialog } from './hosts/FolderActions.tsx';
import { FolderTree } from './hosts/FolderTree.tsx';
import { HostDialogs, type HostDialog } from './hosts/HostDialogs.tsx';
import { HostList } from './hosts/HostList.tsx';
import { BulkBar } from './hosts/BulkBar.tsx';
import { HostsToolbar } from './hosts/HostsToolbar.tsx';
import { ImportReportDialog } from './hosts/ImportExport.tsx';
import { UndoToast } from './hosts/UndoToast.tsx';
import { useHostsView } from './hosts/use-hosts-view.ts';

// The panel does not change while the admin types in the search box, so it skips that render.
const ConnectionTests = memo(ConnectionTestPanel);

const editable = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select') !== null);
const inList = (target: EventTarget | null) => target instanceof Element && target.closest('.host-grid') !== null;

/** The Hosts screen: folders (left), the hosts in the chosen folder (centre), the editor (right). */
export function HostsArea() {
  const profiles = useDesk((s) => s.profiles);
  const credentials = useDesk((s) => s.credentials);
  const folderId = useDesk((s) => s.hostsFolderId);
  const query = useDesk((s) => s.hostsQuery);
  const tags = useDesk((s) => s.hostsTags);
  const selection = useDesk((s) => s.hostSelection);
  const setSelection = useDesk((s) => s.setHostSelection);
  const showFolder = useDesk((s) => s.showHostsFolder);
  const showEditor = useDesk((s) => s.showHostsEditor);
  const error = useDesk((s) => s.hostsError);
  const profilesError = useDesk((s) => s.profilesError);
  const busy = useDesk((s) => s.hostsBusy);
  const report = useDesk((s) => s.importReport);
  const dismissReport = useDesk((s) => s.dismissImportReport);
  const openShell = useDesk((s) => s.openShell);
  const removeHosts = useDesk((s) => s.removeHosts);
  const moveHosts = useDesk((s) => s.moveHosts);
  const moveFolder = useDesk((s) => s.moveFolder);
  const undo = useDesk((s) => s.undoHostsChange);
  const duplicate = useDesk((s) => s.duplicateHost);
  const startTests = useDesk((s) => s.startConnectionTests);
  const testing = useDesk((s) => s.connectionTests.length > 0);
  const editing = useDesk((s) => s.hostsEditor !== null && !(s.hostsEditor.kind === 'host' && s.hostSelection.ids.size > 1));
  const [hostDialog, setHostDialog] = useState<HostDialog>(null);
  const [folderDialog, setFolderDialog] = useState<FolderDialog>(null);
  const search = useRef<HTMLInputElement>(null);
  const view = useHostsView(profiles, credentials, folderId, query, tags);
  const { document, tree, shownIds } = view;

  // A host that left the list (deleted, filtered out, moved elsewhere) leaves the selection too.
  useEffect(() => {
    const kept = keepShown(selection, shownIds);
    if (kept !== selection) setSelection(kept);
  }, [selection, shownIds, setSelection]);

  const selected = selectedInOrder(selection, shownIds);
  const latest = useRef({ selected, shownIds, hostDialog, folderDialog });
  useEffect(() => {
    latest.current = { selected, shownIds, hostDialog, folderDialog };
  });

  useEffect(() => {
    function keys(event: KeyboardEvent) {
      const { selected: ids, shownIds: order } = latest.current;
      const ctrl = event.ctrlKey || event.metaKey;
      if (ctrl && event.key.toLowerCase() === 'f') search.current?.focus();
      else if (ctrl && event.key.toLowerCase() === 'z' && !editable(event.target)) void undo();
      else if (ctrl && event.key.toLowerCase() === 'a' && inList(event.target)) setSelection(selectAll(order));
      else if (event.key === 'Delete' && inList(event.target) && ids.length) void removeHosts(ids);
      else if (event.key === 'F2' && inList(event.target) && ids.length === 1) setHostDialog({ kind: 'rename', id: ids[0]! });
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', keys);
    return () => window.removeEventListener('keydown', keys);
  }, [undo, removeHosts, setSelection]);

  function click(id: string, modifiers: { ctrl: boolean; shift: boolean }) {
    const next = clickRow(selection, shownIds, id, modifiers);
    setSelection(next);
    showEditor(next.ids.size === 1 ? { kind: 'host', id: [...next.ids][0]! } : null);
  }

  const selectFolder = useCallback(
    (id: string | null) => {
      showFolder(id);
      setSelection(EMPTY_SELECTION);
      showEditor(id === null ? { kind: 'defaults' } : { kind: 'folder', id });
    },
    [showFolder, setSelection, showEditor],
  );
  const renameFolder = useCallback((id: string) => setFolderDialog({ kind: 'rename', id }), []);
  const deleteFolder = useCallback((id: string) => setFolderDialog({ kind: 'delete', id }), []);
  const dropHosts = useCallback((ids: string[], target: string | null) => void moveHosts(ids, target), [moveHosts]);
  const dropFolder = useCallback((id: string, parent: string | null) => void moveFolder(id, parent), [moveFolder]);

  return (
    <section className="hosts-area" aria-labelledby="hosts-title" data-editor={editing ? 'open' : 'closed'}>
      <header className="hosts-header">
        <h2 id="hosts-title">Hosts</h2>
        {busy && (
          <p className="hosts-busy" role="status">
            <span className="spinner" aria-hidden="true" /> {busy}
          </p>
        )}
      </header>
      <ErrorBanner error={error} />
      <ErrorBanner error={profilesError} />
      <aside className="hosts-folders" aria-label="Folder tree">
        <FolderActions tree={tree} folderId={folderId} dialog={folderDialog} setDialog={setFolderDialog} />
        <FolderTree tree={tree} selectedId={folderId} onSelect={selectFolder} onRename={renameFolder} onDelete={deleteFolder} onDropHosts={dropHosts} onDropFolder={dropFolder} />
      </aside>
      <div className="hosts-main">
        <HostsToolbar searchRef={search} index={view.index} shownCount={view.shown.length} totalCount={document.hosts.length} />
        <BulkBar
          count={selected.length}
          actions={{
            openShells: () => selected.forEach((id) => void openShell(id)),
            testConnections: () => void startTests(selected),
            duplicate: () => void duplicate(selected[0]!),
            rename: () => setHostDialog({ kind: 'rename', id: selected[0]! }),
            move: () => setHostDialog({ kind: 'move', ids: selected }),
            setCredential: () => setHostDialog({ kind: 'credential', ids: selected }),
            setProxyProfile: () => setHostDialog({ kind: 'proxy', ids: selected }),
            remove: () => void removeHosts(selected),
            clear: () => setSelection(EMPTY_SELECTION),
          }}
        />
        {document.hosts.length === 0 ? (
          <p className="empty">No hosts yet. Add one above, or import a CSV or JSON file.</p>
        ) : (
          <HostList
            hosts={document.hosts}
            shown={view.shown}
            context={view.context}
            selection={selection}
            onClick={click}
            onToggle={(id) => setSelection(toggleRow(selection, id))}
            onToggleAll={() => setSelection(selection.ids.size === shownIds.length ? EMPTY_SELECTION : selectAll(shownIds))}
            onOpen={(id) => void openShell(id)}
            dragIds={(id) => (selection.ids.has(id) ? selected : [id])}
          />
        )}
      </div>
      <EditorPane />
      {testing && (
        <div className="hosts-tests">
          <ConnectionTests />
        </div>
      )}
      <HostDialogs dialog={hostDialog} setDialog={setHostDialog} tree={tree} document={document} />
      {report && <ImportReportDialog report={report} onClose={dismissReport} />}
      <UndoToast />
    </section>
  );
}
