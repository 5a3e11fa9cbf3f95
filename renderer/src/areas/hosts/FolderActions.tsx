import { folderPath } from '../../../../shared/domain/folder-paths.ts';
import { canMoveFolder, subtreeIds, type FolderTree } from '../../hosts/folder-tree.ts';
import { useDesk } from '../../state/store.ts';
import { NameDialog } from './Dialog.tsx';
import { DeleteFolderDialog, MoveDialog } from './MoveDialog.tsx';

export type FolderDialog = { kind: 'create' } | { kind: 'rename' | 'move' | 'delete'; id: string } | null;

/** New, rename, move and delete for the folder chosen in the tree, and the dialogs they open. */
export function FolderActions({ tree, folderId, dialog, setDialog }: { tree: FolderTree; folderId: string | null; dialog: FolderDialog; setDialog: (d: FolderDialog) => void }) {
  const createFolder = useDesk((s) => s.createFolder);
  const renameFolder = useDesk((s) => s.renameFolder);
  const moveFolder = useDesk((s) => s.moveFolder);
  const removeFolder = useDesk((s) => s.removeFolder);
  const folders = useDesk((s) => s.profiles?.folders) ?? [];
  const chosen = folderId === null ? undefined : tree.byId.get(folderId);
  const close = () => setDialog(null);
  const node = dialog && dialog.kind !== 'create' ? tree.byId.get(dialog.id) : undefined;
  const where = chosen ? `in ${folderPath(chosen.folder.id, folders)}` : 'at the top level';

  return (
    <>
      <div className="folder-actions" role="toolbar" aria-label="Folder actions">
        <button type="button" onClick={() => setDialog({ kind: 'create' })}>
          New folder
        </button>
        <button type="button" disabled={!chosen} onClick={() => chosen && setDialog({ kind: 'rename', id: chosen.folder.id })} aria-label="Rename folder">
          Rename
        </button>
        <button type="button" disabled={!chosen} onClick={() => chosen && setDialog({ kind: 'move', id: chosen.folder.id })} aria-label="Move folder to…">
          Move to…
        </button>
        <button type="button" disabled={!chosen} onClick={() => chosen && setDialog({ kind: 'delete', id: chosen.folder.id })} aria-label="Delete folder">
          Delete
        </button>
      </div>
      {dialog?.kind === 'create' && <NameDialog title={`New folder ${where}`} label="Folder name" initial="" action="Create" onSubmit={createFolder} onClose={close} />}
      {dialog?.kind === 'rename' && node && <NameDialog title={`Rename folder ${node.folder.name}`} label="New name" initial={node.folder.name} action="Rename" onSubmit={(name) => renameFolder(node.folder.id, name)} onClose={close} />}
      {dialog?.kind === 'move' && node && (
        <MoveDialog
          title={`Move folder ${node.folder.name} to…`}
          tree={tree}
          current={node.folder.parentId ?? null}
          allowed={(target) => canMoveFolder(tree, node.folder.id, target ?? undefined)}
          onMove={(target) => void moveFolder(node.folder.id, target)}
          onClose={close}
        />
      )}
      {dialog?.kind === 'delete' && node && (
        <DeleteFolderDialog
          name={node.folder.name}
          parentName={node.folder.parentId ? (tree.byId.get(node.folder.parentId)?.folder.name ?? null) : null}
          hosts={node.count}
          folders={subtreeIds(node).size - 1}
          onDelete={(contents) => void removeFolder(node.folder.id, contents)}
          onClose={close}
        />
      )}
    </>
  );
}
