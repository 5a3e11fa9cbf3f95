import { memo } from 'react';
import { DefaultsEditor, FolderEditor, HostEditor } from '../editor/index.ts';
import { useDesk } from '../../state/store.ts';

/** The right-hand pane: the editor of the host or folder chosen, the app defaults, or a hint; it reads the store itself, so the list's renders pass it by. */
export const EditorPane = memo(function EditorPane() {
  const count = useDesk((s) => s.hostSelection.ids.size);
  // Several hosts selected: the bulk actions apply, not one host's editor.
  const target = useDesk((s) => (s.hostsEditor?.kind === 'host' && count > 1 ? null : s.hostsEditor));
  const showEditor = useDesk((s) => s.showHostsEditor);
  return (
    <aside className="hosts-editor" aria-label="Editor">
      {target?.kind === 'host' && <HostEditor key={target.id} hostId={target.id} />}
      {target?.kind === 'folder' && <FolderEditor key={target.id} folderId={target.id} />}
      {target?.kind === 'defaults' && <DefaultsEditor />}
      {target === null && (
        <div className="editor-hint">
          <p>{count > 1 ? `${count} hosts selected: the actions above apply to all of them.` : 'Choose a host to edit its settings, or a folder to edit what its hosts inherit.'}</p>
          <button type="button" onClick={() => showEditor({ kind: 'defaults' })}>
            Edit app defaults
          </button>
        </div>
      )}
    </aside>
  );
});
