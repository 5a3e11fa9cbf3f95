import type { PlanFix } from '../../../shared/domain/host-plan.ts';
import type { HostDefaults } from '../../../shared/domain/host-profile.ts';
import { sameValues } from './settings-fields.ts';

/**
 * An editor's draft against the entity as it was loaded (`base`, what a save sends so main can refuse
 * a stale edit). `stale`: the saved entity changed underneath a modified draft; `gone`: it was deleted.
 */
export interface DraftState<E, D> {
  readonly base: E;
  readonly draft: D;
  readonly stale: boolean;
  readonly gone: boolean;
}

export function loadDraft<E, D>(saved: E, toDraft: (entity: E) => D): DraftState<E, D> {
  return { base: saved, draft: toDraft(saved), stale: false, gone: false };
}

export function isModified<E, D>(state: DraftState<E, D>, toDraft: (entity: E) => D): boolean {
  return !sameValues(state.draft, toDraft(state.base));
}

/**
 * The saved entity moved on (this app, the CLI, an editor of the file): an untouched editor follows
 * it, a modified one keeps the draft and its old base — so a save is refused rather than overwriting
 * the newer change — and says so. A draft that came back to what is saved now is no longer stale.
 */
export function followSaved<E, D>(state: DraftState<E, D>, saved: E | undefined, toDraft: (entity: E) => D): DraftState<E, D> {
  if (saved === undefined) return state.gone ? state : { ...state, gone: true };
  if (sameValues(saved, state.base)) return state.gone || state.stale ? { ...state, gone: false, stale: false } : state;
  if (!isModified(state, toDraft) || sameValues(state.draft, toDraft(saved))) return loadDraft(saved, toDraft);
  return state.stale && !state.gone ? state : { ...state, stale: true, gone: false };
}

type HostChanges = Extract<PlanFix, { kind: 'host' }>['changes'];

/** A plan's one-click fix on the host's own settings; `port: null` drops the port so the new transport's default applies. */
export function applyHostFix<T extends HostDefaults>(draft: T, changes: HostChanges): T {
  const next: T = { ...draft };
  if (changes.transport !== undefined) next.transport = changes.transport;
  if (changes.encryption !== undefined) next.encryption = changes.encryption;
  if (changes.port === null) delete next.port;
  else if (changes.port !== undefined) next.port = changes.port;
  return next;
}
