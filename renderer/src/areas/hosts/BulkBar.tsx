/** What the selected hosts can do; with one host selected it is that host's own action bar. */
export interface BulkActions {
  openShells(): void;
  testConnections(): void;
  duplicate(): void;
  rename(): void;
  move(): void;
  setCredential(): void;
  setProxyProfile(): void;
  remove(): void;
  clear(): void;
}

export function BulkBar({ count, actions }: { count: number; actions: BulkActions }) {
  if (count === 0) return null;
  const one = count === 1;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected hosts">
      <span className="bulk-count">{one ? '1 host selected' : `${count} hosts selected`}</span>
      <button type="button" onClick={actions.openShells}>
        {one ? 'Open shell' : 'Open shells'}
      </button>
      <button type="button" onClick={actions.testConnections}>
        Test connection
      </button>
      {one && (
        <>
          <button type="button" onClick={actions.duplicate}>
            Duplicate
          </button>
          <button type="button" onClick={actions.rename}>
            Rename
          </button>
        </>
      )}
      <button type="button" onClick={actions.move}>
        Move to…
      </button>
      <button type="button" onClick={actions.setCredential}>
        Set credential…
      </button>
      <button type="button" onClick={actions.setProxyProfile}>
        Set proxy profile…
      </button>
      <button type="button" className="danger" onClick={actions.remove}>
        Delete
      </button>
      <button type="button" onClick={actions.clear}>
        Clear selection
      </button>
    </div>
  );
}
