import { useEffect, useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { HostProfile } from '../../../../shared/domain/host-profile.ts';
import { describeHostRow, type RowContext, type RowValue } from '../../hosts/host-row.ts';
import type { HostSelection, Modifiers } from '../../hosts/selection.ts';
import { revealRow, rowWindow } from '../../hosts/windowing.ts';

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

function Value({ value }: { value: RowValue }) {
  return <span className={value.inherited ? 'inherited' : undefined}>{value.text}</span>;
}

const fromControl = (event: MouseEvent | KeyboardEvent) => event.target instanceof Element && event.target.closest('button, a, input, select, textarea') !== null;

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

  // A row focused from the keyboard may have just been rendered by the scroll that revealed it.
  useEffect(() => {
    if (focusIndex === null) return;
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
        const view = describeHostRow(host, context);
        const selected = selection.ids.has(host.id);
        return (
          <div
            key={host.id}
            role="row"
            aria-label={host.name}
            aria-rowindex={index + 2}
            aria-selected={selected}
            data-host-id={host.id}
            tabIndex={focusIndex === index || (focusIndex === null && index === 0) ? 0 : -1}
            className="host-grid-row host-row"
            draggable
            onDragStart={(event) => dragStart(event, host.id)}
            onFocus={() => setFocusIndex(index)}
            onClick={(event) => !fromControl(event) && onClick(host.id, { ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey })}
            onDoubleClick={(event) => !fromControl(event) && onOpen(host.id)}
            onKeyDown={(event) => rowKey(event, index, host.id)}
          >
            <span role="gridcell" className="cell-check">
              <input type="checkbox" aria-label={`Select ${host.name}`} checked={selected} onChange={() => onToggle(host.id)} tabIndex={-1} />
            </span>
            <span role="gridcell" className="cell-name">
              {host.name}
            </span>
            <span role="gridcell" className="col-address">
              {host.address}
            </span>
            <span role="gridcell" className="col-endpoint">
              <Value value={view.endpoint} />
            </span>
            <span role="gridcell" className="col-folder">
              {view.folder}
            </span>
            <span role="gridcell" className="cell-tags col-tags">
              {host.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </span>
            <span role="gridcell" className="col-credential">
              <Value value={view.credential} />
            </span>
            <span role="gridcell" className="col-proxy">
              <Value value={view.proxy} />
            </span>
            <span role="gridcell" className="cell-actions">
              <button type="button" onClick={() => onOpen(host.id)}>
                Open shell
              </button>
            </span>
          </div>
        );
      })}
      <div style={{ height: rows.padBottom }} aria-hidden="true" />
    </div>
  );
}
