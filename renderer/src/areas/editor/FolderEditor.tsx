import { useMemo } from 'react';
import { folderPath } from '../../../../shared/domain/folder-paths.ts';
import type { Folder, HostDefaults } from '../../../../shared/domain/host-profile.ts';
import { folderInputSchema } from '../../../../shared/ipc/contract.ts';
import { deskApi } from '../../api.ts';
import { useDesk } from '../../state/store.ts';
import { InheritedSettings } from './InheritedSettings.tsx';
import { SaveBar } from './SaveBar.tsx';
import { useDraft } from './use-draft.ts';

type FolderDraft = Omit<Folder, 'id'>;
const toDraft = ({ id: _id, ...rest }: Folder): FolderDraft => rest;

/** A folder's name and the defaults its hosts and subfolders inherit, each showing what it inherits itself. */
export function FolderEditor({ folderId }: { folderId: string }) {
  const document = useDesk((s) => s.profiles);
  const credentials = useDesk((s) => s.credentials);
  const saved = useMemo(() => document?.folders.find((f) => f.id === folderId), [document, folderId]);
  const editor = useDraft(saved, toDraft, folderInputSchema, (base, draft) => deskApi().folders.update({ id: folderId, base, folder: folderInputSchema.parse(draft) }));
  const { state, change } = editor;
  if (document === null) return <p className="hint">Loading…</p>;
  if (state === null) return <p className="hint">This folder no longer exists.</p>;
  const draft = state.draft;
  const path = folderPath(folderId, document.folders);
  return (
    <form className="entity-editor" aria-label={`Folder ${path}`} onSubmit={(e) => e.preventDefault()}>
      <header className="editor-header">
        <h3>Folder {path}</h3>
      </header>
      <SaveBar editor={editor} what="folder" />
      <fieldset className="settings-group">
        <legend>Folder</legend>
        <div className="setting" data-invalid={editor.issues.has('name') ? 'true' : undefined}>
          <label htmlFor={`folder-name-${folderId}`}>Folder name</label>
          <input id={`folder-name-${folderId}`} value={draft.name} onChange={(e) => change((d) => ({ ...d, name: e.target.value }))} />
          {editor.issues.get('name') && <p className="setting-issue">{editor.issues.get('name')}</p>}
        </div>
        <p className="hint">Hosts and folders inside inherit what is set here, unless they set it themselves.</p>
      </fieldset>
      <InheritedSettings
        level={{ kind: 'folder', values: draft.defaults, parentId: draft.parentId }}
        onChange={(defaults: HostDefaults) => change((d) => ({ ...d, defaults }))}
        document={document}
        credentials={credentials}
        issues={editor.issues}
        issuePrefix="defaults."
      />
    </form>
  );
}
