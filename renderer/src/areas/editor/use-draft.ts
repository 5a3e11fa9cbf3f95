import { useCallback, useState } from 'react';
import type { z } from 'zod';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { followSaved, isModified, loadDraft, type DraftState } from '../../editor/draft-sync.ts';
import { useDesk } from '../../state/store.ts';

type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface DraftEditor<E, D> {
  readonly state: DraftState<E, D> | null;
  readonly modified: boolean;
  /** Field problems by path ("port", "shell.codepage", "tls.sha256"); a save waits until there are none. */
  readonly issues: ReadonlyMap<string, string>;
  /** main refused the save: someone else changed the entity since it was loaded. */
  readonly conflict: boolean;
  readonly error: ErrorInfo | null;
  readonly saving: boolean;
  change(update: (draft: D) => D): void;
  save(): Promise<void>;
  /** Drops the draft and takes what is saved now (after a conflict: their version). */
  reload(): void;
}

function issuesOf(schema: z.ZodType, draft: unknown): Map<string, string> {
  const parsed = schema.safeParse(draft);
  const issues = new Map<string, string>();
  if (!parsed.success) for (const issue of parsed.error.issues) if (!issues.has(issue.path.join('.'))) issues.set(issue.path.join('.'), issue.message);
  return issues;
}

/**
 * One entity's editor: its draft, checked against the shared schema as typed, saved with the entity
 * as loaded so main refuses (CONFLICT) a save over a newer change instead of overwriting it.
 */
export function useDraft<E, D>(saved: E | undefined, toDraft: (entity: E) => D, schema: z.ZodType, send: (base: E, draft: D) => Promise<Result<E>>): DraftEditor<E, D> {
  const loadProfiles = useDesk((s) => s.loadProfiles);
  const [state, setState] = useState<DraftState<E, D> | null>(() => (saved === undefined ? null : loadDraft(saved, toDraft)));
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saving, setSaving] = useState(false);

  // A new saved version is taken in while rendering (React's way to adjust state to a prop), not in an effect.
  const [seen, setSeen] = useState(saved);
  if (seen !== saved) {
    setSeen(saved);
    setState(state === null ? (saved === undefined ? null : loadDraft(saved, toDraft)) : followSaved(state, saved, toDraft));
  }

  const change = useCallback((update: (draft: D) => D) => setState((current) => (current === null ? null : { ...current, draft: update(current.draft) })), []);

  const reload = useCallback(() => {
    if (saved !== undefined) setState(loadDraft(saved, toDraft));
    setConflict(false);
    setError(null);
  }, [saved, toDraft]);

  async function save(): Promise<void> {
    if (state === null) return;
    setSaving(true);
    const result = await send(state.base, state.draft);
    setSaving(false);
    if (!result.ok) {
      if (result.error.code === 'CONFLICT') setConflict(true);
      else setError(result.error);
      return;
    }
    setConflict(false);
    setError(null);
    setState(loadDraft(result.value, toDraft));
    await loadProfiles();
  }

  return {
    state,
    modified: state !== null && isModified(state, toDraft),
    issues: state === null ? new Map() : issuesOf(schema, state.draft),
    conflict,
    error,
    saving,
    change,
    save,
    reload,
  };
}
