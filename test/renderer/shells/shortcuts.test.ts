import { describe, expect, it } from 'vitest';
import { adjacentIndex, shellShortcut, type KeyChord } from '../../../renderer/src/shells/shortcuts.ts';

const chord = (key: string, mods: Partial<KeyChord> = {}): KeyChord => ({ key, ctrlKey: true, shiftKey: false, altKey: false, metaKey: false, ...mods });

describe('shellShortcut', () => {
  it.each([
    { keys: 'Ctrl+Shift+T', chord: chord('T', { shiftKey: true }), shortcut: 'new-tab' },
    { keys: 'Ctrl+W', chord: chord('w'), shortcut: 'close-tab' },
    { keys: 'Ctrl+Tab', chord: chord('Tab'), shortcut: 'next-tab' },
    { keys: 'Ctrl+Shift+Tab', chord: chord('Tab', { shiftKey: true }), shortcut: 'previous-tab' },
    { keys: 'Ctrl+PageDown', chord: chord('PageDown'), shortcut: 'next-tab' },
    { keys: 'Ctrl+PageUp', chord: chord('PageUp'), shortcut: 'previous-tab' },
    { keys: 'Ctrl+Shift+F', chord: chord('F', { shiftKey: true }), shortcut: 'find' },
    { keys: 'Ctrl+Shift+C', chord: chord('C', { shiftKey: true }), shortcut: 'copy' },
    { keys: 'Ctrl+Shift+V', chord: chord('V', { shiftKey: true }), shortcut: 'paste' },
    { keys: 'Ctrl+C (the line editor’s)', chord: chord('c'), shortcut: null },
    { keys: 'Ctrl+A (the line editor’s)', chord: chord('a'), shortcut: null },
    { keys: 'Ctrl+Alt+W', chord: chord('w', { altKey: true }), shortcut: null },
    { keys: 'plain T', chord: chord('t', { ctrlKey: false }), shortcut: null },
  ])('$keys → $shortcut', ({ chord: c, shortcut }) => {
    expect(shellShortcut(c)).toBe(shortcut);
  });
});

describe('adjacentIndex', () => {
  it.each([
    { current: 0, offset: 1, count: 3, index: 1 },
    { current: 2, offset: 1, count: 3, index: 0 },
    { current: 0, offset: -1, count: 3, index: 2 },
    { current: 0, offset: 1, count: 1, index: 0 },
    { current: 0, offset: 1, count: 0, index: -1 },
  ])('$current $offset in $count → $index', ({ current, offset, count, index }) => {
    expect(adjacentIndex(current, offset, count)).toBe(index);
  });
});
