import { describe, expect, it } from 'vitest';
import { clickRow, EMPTY_SELECTION, keepShown, selectAll, selectedInOrder, toggleRow } from '../../../renderer/src/hosts/selection.ts';

const order = ['a', 'b', 'c', 'd', 'e'];
const none = { ctrl: false, shift: false };
const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('host selection', () => {
  it('a plain click selects one row and anchors there', () => {
    const s = clickRow(clickRow(EMPTY_SELECTION, order, 'b', none), order, 'd', none);
    expect(ids(s)).toEqual(['d']);
    expect(s.anchor).toBe('d');
  });

  it('Ctrl toggles a row and moves the anchor', () => {
    let s = clickRow(EMPTY_SELECTION, order, 'b', none);
    s = clickRow(s, order, 'd', { ctrl: true, shift: false });
    expect(ids(s)).toEqual(['b', 'd']);
    s = clickRow(s, order, 'b', { ctrl: true, shift: false });
    expect(ids(s)).toEqual(['d']);
    expect(s.anchor).toBe('b');
  });

  it('Shift selects the range from the anchor, either direction; Ctrl+Shift adds it', () => {
    let s = clickRow(EMPTY_SELECTION, order, 'b', none);
    expect(ids(clickRow(s, order, 'd', { ctrl: false, shift: true }))).toEqual(['b', 'c', 'd']);
    s = clickRow(s, order, 'd', { ctrl: false, shift: true });
    expect(ids(clickRow(s, order, 'a', { ctrl: false, shift: true }))).toEqual(['a', 'b']);
    expect(ids(clickRow(toggleRow(s, 'a'), order, 'c', { ctrl: true, shift: true }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('Shift with no anchor selects the one row', () => {
    expect(ids(clickRow(EMPTY_SELECTION, order, 'c', { ctrl: false, shift: true }))).toEqual(['c']);
  });

  it('the checkbox toggles one row', () => {
    expect(ids(toggleRow(toggleRow(EMPTY_SELECTION, 'a'), 'c'))).toEqual(['a', 'c']);
    expect(ids(toggleRow(selectAll(order), 'c'))).toEqual(['a', 'b', 'd', 'e']);
  });

  it('keeps only rows still shown, returning the same object when nothing went', () => {
    const s = selectAll(order);
    expect(keepShown(s, order)).toBe(s);
    const kept = keepShown(s, ['c', 'b']);
    expect(ids(kept)).toEqual(['b', 'c']);
    expect(kept.anchor).toBeNull();
    expect(keepShown(toggleRow(s, 'c'), ['c', 'b']).anchor).toBe('c');
  });

  it('an empty selection stays the same object whatever is shown', () => {
    expect(keepShown(EMPTY_SELECTION, [])).toBe(EMPTY_SELECTION);
    const anchored = toggleRow(toggleRow(EMPTY_SELECTION, 'b'), 'b');
    expect(keepShown(anchored, ['a'])).toBe(anchored);
    expect(selectedInOrder(anchored, order)).toEqual([]);
  });

  it('lists the selection in the order shown', () => {
    expect(selectedInOrder(toggleRow(toggleRow(EMPTY_SELECTION, 'e'), 'a'), order)).toEqual(['a', 'e']);
  });
});
