/**
 * Multi-selection as file managers do it: a click selects one row, Ctrl toggles one, Shift selects the
 * range from the anchor (the last row clicked without Shift), Ctrl+Shift adds that range.
 */
export interface HostSelection {
  readonly ids: ReadonlySet<string>;
  readonly anchor: string | null;
}

export const EMPTY_SELECTION: HostSelection = { ids: new Set(), anchor: null };

export interface Modifiers {
  readonly ctrl: boolean;
  readonly shift: boolean;
}

function range(order: readonly string[], from: string, to: string): string[] {
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

/** `order` is the list as shown (only shown rows can be in a range). */
export function clickRow(selection: HostSelection, order: readonly string[], id: string, { ctrl, shift }: Modifiers): HostSelection {
  if (shift && selection.anchor !== null) {
    const span = range(order, selection.anchor, id);
    return { ids: new Set(ctrl ? [...selection.ids, ...span] : span), anchor: selection.anchor };
  }
  if (ctrl) {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }
  return { ids: new Set([id]), anchor: id };
}

/** A row's checkbox adds or removes that row alone, like Ctrl-click. */
export function toggleRow(selection: HostSelection, id: string): HostSelection {
  return clickRow(selection, [], id, { ctrl: true, shift: false });
}

export function selectAll(order: readonly string[]): HostSelection {
  return { ids: new Set(order), anchor: order[0] ?? null };
}

/**
 * Drops ids that are no longer shown (deleted, filtered out); the same object when nothing changed.
 * An empty selection has nothing to drop, so it costs nothing however long the list (it runs on every
 * keystroke in the search box).
 */
export function keepShown(selection: HostSelection, order: readonly string[]): HostSelection {
  if (selection.ids.size === 0) return selection;
  const shown = new Set(order);
  const ids = [...selection.ids].filter((id) => shown.has(id));
  if (ids.length === selection.ids.size) return selection;
  return { ids: new Set(ids), anchor: selection.anchor !== null && shown.has(selection.anchor) ? selection.anchor : null };
}

/** The selection in list order (bulk actions act in the order the user sees). */
export function selectedInOrder(selection: HostSelection, order: readonly string[]): string[] {
  return selection.ids.size === 0 ? [] : order.filter((id) => selection.ids.has(id));
}
