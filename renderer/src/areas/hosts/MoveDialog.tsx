import { useState } from 'react';
import { visibleFolders, type FolderTree } from '../../hosts/folder-tree.ts';
import { Dialog, DialogButtons } from './Dialog.tsx';

const TOP = '';

/**
 * "Move to…": the destination picked from the tree's folders (indented by depth) or the top level.
 * `allowed` leaves out destinations the move cannot take (a folder into itself or below it).
 */
export function MoveDialog({ title, tree, current, allowed, onMove, onClose }: { title: string; tree: FolderTree; current: string | null; allowed: (folderId: string | null) => boolean; onMove: (folderId: string | null) => void; onClose: () => void }) {
  const options = visibleFolders(tree, new Set()).filter((node) => allowed(node.folder.id));
  const [target, setTarget] = useState<string>(current ?? TOP);
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onMove(target === TOP ? null : target);
          onClose();
        }}
      >
        <label className="dialog-field">
          Destination folder
          <select value={target} onChange={(event) => setTarget(event.target.value)} autoFocus>
            {allowed(null) && <option value={TOP}>Top level (no folder)</option>}
            {options.map((node) => (
              <option key={node.folder.id} value={node.folder.id}>
                {`${'\u00a0\u00a0'.repeat(node.depth)}${node.folder.name}`}
              </option>
            ))}
          </select>
        </label>
        <DialogButtons action="Move" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Deleting a folder asks what becomes of what is in it. */
export function DeleteFolderDialog({ name, parentName, hosts, folders, onDelete, onClose }: { name: string; parentName: string | null; hosts: number; folders: number; onDelete: (contents: 'move-up' | 'delete') => void; onClose: () => void }) {
  const [contents, setContents] = useState<'move-up' | 'delete'>('move-up');
  const what = [hosts && `${hosts} host${hosts === 1 ? '' : 's'}`, folders && `${folders} folder${folders === 1 ? '' : 's'}`].filter(Boolean).join(' and ') || 'nothing';
  return (
    <Dialog title={`Delete folder ${name}`} onClose={onClose}>
      <p>This folder holds {what}.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onDelete(contents);
          onClose();
        }}
      >
        <fieldset className="dialog-choices">
          <legend>What happens to its contents</legend>
          <label>
            <input type="radio" name="contents" checked={contents === 'move-up'} onChange={() => setContents('move-up')} />
            Move them up to {parentName ?? 'the top level'}
          </label>
          <label>
            <input type="radio" name="contents" checked={contents === 'delete'} onChange={() => setContents('delete')} />
            Delete them with the folder
          </label>
        </fieldset>
        <p className="hint">You can undo this (Ctrl+Z).</p>
        <DialogButtons action="Delete folder" danger onCancel={onClose} />
      </form>
    </Dialog>
  );
}
