import { useEffect, useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { HostProfile } from '../../../../shared/domain/host-profile.ts';
import type { RowContext } from '../../hosts/host-row.ts';
import type { HostSelection, Modifiers } from '../../hosts/selection.ts';
import { revealRow, rowWindow } from '../../hosts/windowing.ts';
import { fromControl, HostRow, type RowActions } from './HostRow.tsx';

export const HOST_DRAG_TYPE = 'application/x-winrm-desk-hosts';
const ROW_HEIGHT = 32;
const OVERSCAN = 8;

export interface HostListProps {
  readonly hosts: readonly HostProfile[];
  /** Positions in `hosts`, in the order shown. */
  readonly shown: readonly number[];
  readonly context: RowContext;
  readonly selection: HostSelection;
  onClick(id: string, modifiers: Modifiers): void;
  onToggle(id: string): void;
  onToggleAll(): void;
  onOpen(id: string): void;
  /** The ids a drag of this row carries: the selection when the row is in it, else the row alone. */
  dragIds(id: string): string[];
}

/**
 * The host list as a grid that renders only the rows in view (a list of 10 000 costs what 30 rows
 * cost); the space of the rest is kept by padding, so scrolling and the scroll bar behave as usual.
 */
// Class names let a narrow list (the editor open, a small window) drop the less telling columns
// first, so the name, the address and the Open shell button always stay in view.
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['Name', 'col-name'],
  ['Address', 'col-address'],
  ['Endpoint', 'col-endpoint'],
  ['Folder', 'col-folder'],
  ['Tags', 'col-tags'],
  ['Credential', 'col-credential'],
  ['Proxy profile', 'col-proxy'],
];

export function HostList({ hosts, shown, context, selection, onClick, onToggle, onToggleAll, onOpen, dragIds }: HostListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // A row focused from the keyboard may have just been rendered by the scroll that revealed it, and a
  // focused row that scrolled out and back gets its focus back; focus the admin moved elsewhere (the
  // search box, as the list narrows under it) stays there.
  useEffect(() => {
    if (focusIndex === null) return;
    const active = document.activeElement;
    if (active !== null && active !== document.body && !viewport.current?.contains(active)) return;
    const at = shown[focusIndex];
    const row = at === undefined ? null : viewport.current?.querySelector<HTMLElement>(`[data-host-id="${hosts[at]!.id}"]`);
    if (row && document.activeElement !== row) row.focus();
  }, [focusIndex, scrollTop, shown, hosts]);

  const rows = rowWindow({ scrollTop, viewportHeight: height, rowHeight: ROW_HEIGHT, rowCount: shown.length, overscan: OVERSCAN });
  const allSelected = shown.length > 0 && selection.ids.size >= shown.length && shown.every((at) => selection.ids.has(hosts[at]!.id));

  function moveFocus(index: number, event: KeyboardEvent) {
    const next = Math.max(0, Math.min(shown.length - 1, index));
    const id = hosts[shown[next]!]!.id;
    const element = viewport.current!;
    // The header row sits above the rows inside the same scroller.
    element.scrollTop = revealRow(next, element.scrollTop, element.clientHeight - ROW_HEIGHT, ROW_HEIGHT);
    setFocusIndex(next);
    onClick(id, { ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey });
  }

  function rowKey(event: KeyboardEvent<HTMLDivElement>, index: number, id: string) {
    if (fromControl(event)) return;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: shown.length - 1 };
    if (event.key in moves) moveFocus(moves[event.key]!, event);
    else if (event.key === 'Enter') onOpen(id);
    else if (event.key === ' ') onToggle(id);
    else return;
    event.preventDefault();
  }

  function dragStart(event: DragEvent<HTMLDivElement>, id: string) {
    const ids = dragIds(id);
    event.dataTransfer.setData(HOST_DRAG_TYPE, JSON.stringify(ids));
    event.dataTransfer.effectAllowed = 'move';
  }

  // The rows reach the latest handlers through this ref (set before any event can reach a row), so
  // handlers made anew by each render do not re-render every row.
  const actions = useRef<RowActions | null>(null);
  useLayoutEffect(() => {
    actions.current = { click: onClick, toggle: onToggle, open: onOpen, focus: (index) => setFocusIndex(index), key: rowKey, dragStart };
  });

  return (
    <div
      ref={viewport}
      className="host-grid"
      role="grid"
      aria-label="Hosts"
      aria-multiselectable="true"
      aria-rowcount={shown.length + 1}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div role="row" className="host-grid-row host-grid-header" aria-rowindex={1}>
        <span role="columnheader" className="cell-check">
          <input type="checkbox" aria-label="Select all shown hosts" checked={allSelected} onChange={onToggleAll} />
        </span>
        {COLUMNS.map(([label, className]) => (
          <span role="columnheader" key={label} className={className}>
            {label}
          </span>
        ))}
        <span role="columnheader" className="cell-actions">
          <span className="visually-hidden">Actions</span>
        </span>
      </div>
      <div style={{ height: rows.padTop }} aria-hidden="true" />
      {shown.slice(rows.start, rows.end).map((at, offset) => {
        const host = hosts[at]!;
        const index = rows.start + offset;
        // Keyed by position: as the search narrows the list, the rows in view stay and show other
        // hosts instead of being removed and built again, which halved the layout of such a keystroke
        // and left little of its style work.
        return <HostRow key={index} host={host} index={index} context={context} selected={selection.ids.has(host.id)} tabbable={focusIndex === index || (focusIndex === null && index === 0)} actions={actions} />;
      })}
      <div style={{ height: rows.padBottom }} aria-hidden="true" />
    </div>
  );
}
