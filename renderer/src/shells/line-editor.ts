import { cursorPosition, displayWidth, ERASE_BELOW, FORCE_WRAP, layoutLine, moveCursor, type LineView } from './line-layout.ts';

/**
 * The shell tab's line editor. WinRS gives no remote terminal, so, as winrs.exe does, the tab edits a
 * line locally, echoes it, and sends it whole on Enter. Pure: (state, key) → new state, the VT text
 * to echo, and the line submitted, if any. The cursor counts code points, never UTF-16 units.
 */

export interface LineEditorState {
  readonly buffer: string;
  /** Code point index into `buffer`. */
  readonly cursor: number;
  /** Lines submitted on this host, oldest first. */
  readonly history: readonly string[];
  /** The history entry the buffer shows while browsing with Up/Down; null while editing a new line. */
  readonly historyIndex: number | null;
  /** The new line being typed, kept while browsing history and restored by Down past the newest. */
  readonly draft: string;
  /** Terminal column the line starts at (after the remote prompt); rows are counted from there. */
  readonly origin: number;
}

export type EditorCommand =
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'word-left'
  | 'word-right'
  | 'home'
  | 'end'
  | 'kill-start'
  | 'kill-end'
  | 'delete-word'
  | 'clear-line'
  | 'history-previous'
  | 'history-next'
  | 'submit'
  | 'interrupt';

export type EditorKey = { readonly type: 'text'; readonly text: string } | { readonly type: EditorCommand };

export interface SubmittedLine {
  readonly line: string;
  /** False for a line that starts with a space, an empty line, and a repeat of the previous line. */
  readonly record: boolean;
}

export interface EditResult {
  readonly state: LineEditorState;
  readonly echo: string;
  readonly submitted: SubmittedLine | null;
  /** Ctrl-C: the line was dropped; the caller signals the remote program. */
  readonly interrupted: boolean;
}

export function createLineEditor(history: readonly string[] = [], origin = 0): LineEditorState {
  return { buffer: '', cursor: 0, history, historyIndex: null, draft: '', origin };
}

const codePoints = (text: string): number[] => Array.from(text, (c) => c.codePointAt(0) ?? 0);
const fromCodePoints = (cps: readonly number[]): string => cps.map((cp) => String.fromCodePoint(cp)).join('');
const isSpace = (cp: number | undefined): boolean => cp === 0x20 || cp === 0x09;
/** What the echo writes: a tab as one space, so the layout stays a plain grid. */
const displayText = (cps: readonly number[]): string => cps.map((cp) => (cp === 0x09 ? ' ' : String.fromCodePoint(cp))).join('');

/** Control characters never enter the line, except a tab; newlines are submissions (see `keysForText`). */
function printable(text: string): number[] {
  return codePoints(text).filter((cp) => cp === 0x09 || (cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0)));
}

/** Pasted or typed text as keys: every line break (CR LF, CR or LF) submits the line before it. */
export function keysForText(text: string): EditorKey[] {
  const keys: EditorKey[] = [];
  text.split(/\r\n|\r|\n/).forEach((piece, index) => {
    if (index > 0) keys.push({ type: 'submit' });
    if (piece !== '') keys.push({ type: 'text', text: piece });
  });
  return keys;
}

function wordStartBefore(cps: readonly number[], index: number): number {
  let i = index;
  while (i > 0 && isSpace(cps[i - 1])) i -= 1;
  while (i > 0 && !isSpace(cps[i - 1])) i -= 1;
  return i;
}

function wordEndAfter(cps: readonly number[], index: number): number {
  let i = index;
  while (i < cps.length && isSpace(cps[i])) i += 1;
  while (i < cps.length && !isSpace(cps[i])) i += 1;
  return i;
}

/** The echo that turns what the terminal shows for `old` into `next` (same origin). */
function renderChange(old: LineEditorState, next: LineEditorState, view: LineView): string {
  const oldCps = codePoints(old.buffer);
  const newCps = codePoints(next.buffer);
  const oldLayout = layoutLine(oldCps, old.origin, view);
  const newLayout = layoutLine(newCps, next.origin, view);
  let d = 0;
  while (d < oldCps.length && d < newCps.length && oldCps[d] === newCps[d]) d += 1;
  if (d === oldCps.length && d === newCps.length) {
    return moveCursor(cursorPosition(oldLayout, old.cursor), cursorPosition(newLayout, next.cursor));
  }
  // A combining mark belongs to the cell before it: redraw from its base character.
  const zeroWidth = (cp: number | undefined) => cp !== undefined && displayWidth(cp, view) === 0;
  while (d > 0 && (zeroWidth(oldCps[d]) || zeroWidth(newCps[d]))) d -= 1;
  const start = oldLayout.before[d] ?? { row: 0, col: 0 };
  let out = moveCursor(cursorPosition(oldLayout, old.cursor), start);
  if (d < oldCps.length) out += ERASE_BELOW;
  let at = start;
  if (d < newCps.length) {
    out += displayText(newCps.slice(d));
    if (newLayout.endsAtMargin) out += FORCE_WRAP;
    at = newLayout.before[newCps.length] ?? at;
  }
  return out + moveCursor(at, cursorPosition(newLayout, next.cursor));
}

/** Moves to the end of the line and leaves it: what Enter and Ctrl-C write before their own text. */
function leaveLine(state: LineEditorState, view: LineView): string {
  const cps = codePoints(state.buffer);
  const layout = layoutLine(cps, state.origin, view);
  return moveCursor(cursorPosition(layout, state.cursor), layout.before[cps.length] ?? { row: 0, col: 0 });
}

function withBuffer(state: LineEditorState, cps: readonly number[], cursor: number): LineEditorState {
  return { ...state, buffer: fromCodePoints(cps), cursor: Math.max(0, Math.min(cursor, cps.length)) };
}

/** The new state for a key that changes the line or moves in it; null for submit and interrupt. */
function edit(state: LineEditorState, key: EditorKey): LineEditorState | null {
  const cps = codePoints(state.buffer);
  const at = state.cursor;
  switch (key.type) {
    case 'text': {
      const inserted = printable(key.text);
      return withBuffer(state, [...cps.slice(0, at), ...inserted, ...cps.slice(at)], at + inserted.length);
    }
    case 'backspace':
      return at === 0 ? state : withBuffer(state, [...cps.slice(0, at - 1), ...cps.slice(at)], at - 1);
    case 'delete':
      return withBuffer(state, [...cps.slice(0, at), ...cps.slice(at + 1)], at);
    case 'left':
      return withBuffer(state, cps, at - 1);
    case 'right':
      return withBuffer(state, cps, at + 1);
    case 'word-left':
      return withBuffer(state, cps, wordStartBefore(cps, at));
    case 'word-right':
      return withBuffer(state, cps, wordEndAfter(cps, at));
    case 'home':
      return withBuffer(state, cps, 0);
    case 'end':
      return withBuffer(state, cps, cps.length);
    case 'kill-start':
      return withBuffer(state, cps.slice(at), 0);
    case 'kill-end':
      return withBuffer(state, cps.slice(0, at), at);
    case 'delete-word': {
      const from = wordStartBefore(cps, at);
      return withBuffer(state, [...cps.slice(0, from), ...cps.slice(at)], from);
    }
    case 'clear-line':
      return withBuffer(state, [], 0);
    case 'history-previous': {
      if (state.history.length === 0 || state.historyIndex === 0) return state;
      const index = state.historyIndex === null ? state.history.length - 1 : state.historyIndex - 1;
      const line = codePoints(state.history[index] ?? '');
      const draft = state.historyIndex === null ? state.buffer : state.draft;
      return { ...withBuffer(state, line, line.length), historyIndex: index, draft };
    }
    case 'history-next': {
      if (state.historyIndex === null) return state;
      const index = state.historyIndex + 1;
      if (index >= state.history.length) {
        const draft = codePoints(state.draft);
        return { ...withBuffer(state, draft, draft.length), historyIndex: null, draft: '' };
      }
      const line = codePoints(state.history[index] ?? '');
      return { ...withBuffer(state, line, line.length), historyIndex: index };
    }
    case 'submit':
    case 'interrupt':
      return null;
  }
}

export function editLine(state: LineEditorState, key: EditorKey, view: LineView): EditResult {
  const next = edit(state, key);
  if (next) return { state: next, echo: renderChange(state, next, view), submitted: null, interrupted: false };
  const fresh: LineEditorState = { ...state, buffer: '', cursor: 0, historyIndex: null, draft: '', origin: 0 };
  if (key.type === 'interrupt') {
    return { state: fresh, echo: `${leaveLine(state, view)}^C\r\n`, submitted: null, interrupted: true };
  }
  const line = state.buffer;
  const record = line.trim() !== '' && !line.startsWith(' ') && line !== state.history[state.history.length - 1];
  return {
    state: record ? { ...fresh, history: [...state.history, line] } : fresh,
    echo: `${leaveLine(state, view)}\r\n`,
    submitted: { line, record },
    interrupted: false,
  };
}

/** Draws the whole line from its origin (where the terminal's cursor is) and places the cursor. */
export function drawLine(state: LineEditorState, view: LineView): string {
  return renderChange({ ...state, buffer: '', cursor: 0 }, state, view);
}

/** Takes the line off the screen, leaving the cursor at its origin (before remote output is written). */
export function eraseLine(state: LineEditorState, view: LineView): string {
  if (state.buffer === '') return '';
  const layout = layoutLine(codePoints(state.buffer), state.origin, view);
  return moveCursor(cursorPosition(layout, state.cursor), layout.before[0] ?? { row: 0, col: 0 }) + ERASE_BELOW;
}
