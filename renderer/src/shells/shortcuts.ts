/**
 * The Shells area's keyboard shortcuts. The terminal lets these chords through (they are not
 * line-editor keys), and one handler on the window acts on them, wherever the focus is in the area.
 */
export type ShellShortcut = 'new-tab' | 'close-tab' | 'next-tab' | 'previous-tab' | 'find' | 'copy' | 'paste';

/** The fields of a KeyboardEvent a chord depends on. */
export interface KeyChord {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

export function shellShortcut(chord: KeyChord): ShellShortcut | null {
  if (!chord.ctrlKey || chord.altKey || chord.metaKey) return null;
  const key = chord.key.length === 1 ? chord.key.toLowerCase() : chord.key;
  if (chord.shiftKey) {
    switch (key) {
      case 't':
        return 'new-tab';
      case 'f':
        return 'find';
      case 'c':
        return 'copy';
      case 'v':
        return 'paste';
      case 'Tab':
        return 'previous-tab';
      default:
        return null;
    }
  }
  switch (key) {
    case 'w':
      return 'close-tab';
    case 'Tab':
    case 'PageDown':
      return 'next-tab';
    case 'PageUp':
      return 'previous-tab';
    default:
      return null;
  }
}

/** Tab switching wraps around: the tab `offset` places from `current` in a strip of `count`. */
export function adjacentIndex(current: number, offset: number, count: number): number {
  return count === 0 ? -1 : (((current + offset) % count) + count) % count;
}
