import { ErrorBanner } from '../../ErrorBanner.tsx';
import type { DraftEditor } from './use-draft.ts';

/** Save and Revert, and what stands in their way: a newer saved version, a deletion, field problems. */
export function SaveBar<E, D>({ editor, what }: { editor: DraftEditor<E, D>; what: string }) {
  const { state, modified, issues, conflict, saving } = editor;
  if (state === null) return null;
  return (
    <div className="editor-savebar">
      {state.gone && (
        <p className="editor-banner error" role="alert">
          This {what} was deleted elsewhere. Saving is not possible; copy what you need from the fields.
        </p>
      )}
      {(conflict || (state.stale && !state.gone)) && (
        <div className="editor-banner warning" role="alert">
          <p>
            {conflict
              ? `This ${what} was changed elsewhere since you opened it; your changes were not saved. Reload to see the saved version (your changes are dropped).`
              : `This ${what} was changed elsewhere while you were editing. Saving will be refused; Reload to take the saved version.`}
          </p>
          <button type="button" onClick={editor.reload}>
            Reload
          </button>
        </div>
      )}
      <ErrorBanner error={editor.error} />
      {modified && issues.size > 0 && <p className="editor-issues">Correct the fields marked in red to save.</p>}
      <div className="editor-buttons">
        <button type="button" className="primary" disabled={!modified || issues.size > 0 || saving || state.gone} onClick={() => void editor.save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" disabled={!modified || saving} onClick={editor.reload}>
          Revert
        </button>
        {modified && <span className="editor-modified">Unsaved changes</span>}
      </div>
    </div>
  );
}
