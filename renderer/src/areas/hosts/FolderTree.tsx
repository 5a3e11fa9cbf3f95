import { memo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { canMoveFolder, visibleFolders, type FolderTree as Tree } from '../../hosts/folder-tree.ts';
import { HOST_DRAG_TYPE } from './HostList.tsx';

const FOLDER_DRAG_TYPE = 'application/x-winrm-desk-folder';

export interface FolderTreeProps {
  readonly tree: Tree;
  /** null: "All hosts". */
  readonly selectedId: string | null;
  onSelect(folderId: string | null): void;
  onRename(folderId: string): void;
  onDelete(folderId: string): void;
  /** A drop: hosts or a folder onto a folder (null: the top level). */
  onDropHosts(ids: string[], folderId: string | null): void;
  onDropFolder(folderId: string, parentId: string | null): void;
}

/**
 * The folders, flattened in display order with their depth (aria-level), so each item is named by its
 * folder alone. Folders and host rows can be dragged onto a folder, or onto "All hosts" for the top.
 * Memoised: typing in the search box leaves the tree (thousands of folders, perhaps) alone.
 */
export const FolderTree = memo(function FolderTree({ tree, selectedId, onSelect, onRename, onDelete, onDropHosts, onDropFolder }: FolderTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [dropTarget, setDropTarget] = useState<string | null | undefined>(undefined);
  const items = visibleFolders(tree, collapsed);
  const order: (string | null)[] = [null, ...items.map((n) => n.folder.id)];

  const toggle = (id: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  function accepts(event: DragEvent, target: string | null): boolean {
    const types = event.dataTransfer.types;
    if (types.includes(HOST_DRAG_TYPE)) return true;
    // The folder being dragged is not readable until the drop; the drop itself checks the move.
    return types.includes(FOLDER_DRAG_TYPE) && (target === null || tree.byId.has(target));
  }

  function drop(event: DragEvent, target: string | null) {
    event.preventDefault();
    setDropTarget(undefined);
    const hosts = event.dataTransfer.getData(HOST_DRAG_TYPE);
    if (hosts) return onDropHosts(JSON.parse(hosts) as string[], target);
    const folder = event.dataTransfer.getData(FOLDER_DRAG_TYPE);
    if (folder && canMoveFolder(tree, folder, target ?? undefined)) onDropFolder(folder, target);
  }

  function key(event: KeyboardEvent<HTMLElement>, id: string | null) {
    const index = order.indexOf(id);
    const focusAt = (at: number) => {
      const next = order[Math.max(0, Math.min(order.length - 1, at))];
      onSelect(next ?? null);
      event.currentTarget.parentElement?.querySelector<HTMLElement>(`[data-folder-id="${next ?? 'all'}"]`)?.focus();
    };
    if (event.key === 'ArrowDown') focusAt(index + 1);
    else if (event.key === 'ArrowUp') focusAt(index - 1);
    else if (event.key === 'ArrowRight' && id && collapsed.has(id)) toggle(id);
    else if (event.key === 'ArrowLeft' && id && !collapsed.has(id) && tree.byId.get(id)?.children.length) toggle(id);
    else if (event.key === 'F2' && id) onRename(id);
    else if (event.key === 'Delete' && id) onDelete(id);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  const dropProps = (target: string | null) => ({
    onDragOver: (event: DragEvent) => {
      if (!accepts(event, target)) return;
      event.preventDefault();
      setDropTarget(target);
    },
    onDragLeave: () => setDropTarget(undefined),
    onDrop: (event: DragEvent) => drop(event, target),
  });

  return (
    <div role="tree" aria-label="Folders" className="folder-tree">
      <div
        role="treeitem"
        aria-label="All hosts"
        aria-level={1}
        aria-selected={selectedId === null}
        data-folder-id="all"
        tabIndex={selectedId === null ? 0 : -1}
        className={dropTarget === null ? 'folder-item drop-target' : 'folder-item'}
        onClick={() => onSelect(null)}
        onKeyDown={(event) => key(event, null)}
        {...dropProps(null)}
      >
        <span className="folder-name">All hosts</span>
        <span className="folder-count">{tree.hostCount}</span>
      </div>
      {items.map((node) => {
        const id = node.folder.id;
        const open = !collapsed.has(id);
        return (
          <div
            key={id}
            role="treeitem"
            aria-label={node.folder.name}
            aria-level={node.depth + 2}
            aria-selected={selectedId === id}
            aria-expanded={node.children.length ? open : undefined}
            data-folder-id={id}
            tabIndex={selectedId === id ? 0 : -1}
            className={dropTarget === id ? 'folder-item drop-target' : 'folder-item'}
            style={{ paddingLeft: 8 + (node.depth + 1) * 14 }}
            draggable
            onDragStart={(event) => {
              event.dataTransfer.setData(FOLDER_DRAG_TYPE, id);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onClick={() => onSelect(id)}
            onKeyDown={(event) => key(event, id)}
            {...dropProps(id)}
          >
            {node.children.length ? (
              <button
                type="button"
                className="folder-twisty"
                data-open={open}
                tabIndex={-1}
                aria-label={open ? `Collapse ${node.folder.name}` : `Expand ${node.folder.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  toggle(id);
                }}
              />
            ) : (
              <span className="folder-twisty" />
            )}
            <span className="folder-name">{node.folder.name}</span>
            <span className="folder-count">{node.count}</span>
          </div>
        );
      })}
    </div>
  );
});
