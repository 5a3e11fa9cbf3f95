import { memo, type DragEvent, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { HostProfile } from '../../../../shared/domain/host-profile.ts';
import { describeHostRow, type RowContext, type RowValue } from '../../hosts/host-row.ts';
import type { Modifiers } from '../../hosts/selection.ts';

/** What a row's events do: the list's latest handlers, behind a ref, so a row re-renders only when what it shows changes. */
export interface RowActions {
  click(id: string, modifiers: Modifiers): void;
  toggle(id: string): void;
  open(id: string): void;
  focus(index: number): void;
  key(event: KeyboardEvent<HTMLDivElement>, index: number, id: string): void;
  dragStart(event: DragEvent<HTMLDivElement>, id: string): void;
}

export interface HostRowProps {
  readonly host: HostProfile;
  /** Position in the list as shown. */
  readonly index: number;
  readonly context: RowContext;
  readonly selected: boolean;
  /** The one row the Tab key reaches. */
  readonly tabbable: boolean;
  readonly actions: RefObject<RowActions | null>;
}

function Value({ value }: { value: RowValue }) {
  return <span className={value.inherited ? 'inherited' : undefined}>{value.text}</span>;
}

export const fromControl = (event: MouseEvent | KeyboardEvent) => event.target instanceof Element && event.target.closest('button, a, input, select, textarea') !== null;

const modifiers = (event: MouseEvent) => ({ ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey });

// Memoised: a keystroke in the search box that keeps a row in view leaves that row alone.
export const HostRow = memo(function HostRow({ host, index, context, selected, tabbable, actions }: HostRowProps) {
  const view = describeHostRow(host, context);
  return (
    <div
      role="row"
      aria-label={host.name}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-host-id={host.id}
      tabIndex={tabbable ? 0 : -1}
      className="host-grid-row host-row"
      draggable
      onDragStart={(event) => actions.current?.dragStart(event, host.id)}
      onFocus={() => actions.current?.focus(index)}
      onClick={(event) => !fromControl(event) && actions.current?.click(host.id, modifiers(event))}
      onDoubleClick={(event) => !fromControl(event) && actions.current?.open(host.id)}
      onKeyDown={(event) => actions.current?.key(event, index, host.id)}
    >
      <span role="gridcell" className="cell-check">
        <input type="checkbox" aria-label={`Select ${host.name}`} checked={selected} onChange={() => actions.current?.toggle(host.id)} tabIndex={-1} />
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
        <button type="button" onClick={() => actions.current?.open(host.id)}>
          Open shell
        </button>
      </span>
    </div>
  );
});
