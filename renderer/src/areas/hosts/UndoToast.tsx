import { useDesk } from '../../state/store.ts';

/** The last deletion or move, with its Undo (also Ctrl+Z), until undone or dismissed. */
export function UndoToast() {
  const last = useDesk((s) => s.hostsUndo);
  const undo = useDesk((s) => s.undoHostsChange);
  const dismiss = useDesk((s) => s.dismissHostsUndo);
  if (!last) return null;
  return (
    <div className="undo-toast" role="status" aria-label="Last change">
      <span>{last.label}.</span>
      <button type="button" onClick={() => void undo()}>
        Undo
      </button>
      <button type="button" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
