import { describe, expect, it } from 'vitest';
import { decodeTerminalInput } from '../../../renderer/src/shells/input-keys.ts';
import { createLineEditor, drawLine, editLine, eraseLine, type LineEditorState, type SubmittedLine } from '../../../renderer/src/shells/line-editor.ts';
import type { LineView } from '../../../renderer/src/shells/line-layout.ts';

// Keys as xterm sends them (its onData text).
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const DELETE = '\x1b[3~';
const BACKSPACE = '\x7f';
const ENTER = '\r';
const CTRL = (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64);

// The echo, spelled out.
const up = (n: number) => `\x1b[${n}A`;
const right = (n: number) => `\x1b[${n}C`;
const left = (n: number) => `\x1b[${n}D`;
const ERASE = '\x1b[J';
const WRAP = ' \b';

/** A small stand-in for xterm's Unicode 11 table: CJK and emoji wide, combining marks zero. */
function width(cp: number): number {
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if ((cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1f300 && cp <= 0x1faff)) return 2;
  return 1;
}

interface Run {
  state: LineEditorState;
  echo: string;
  submitted: SubmittedLine[];
  interrupted: boolean;
}

function type(keys: readonly string[], options: { columns?: number; origin?: number; history?: string[] } = {}): Run {
  const view: LineView = { columns: options.columns ?? 40, width };
  let state = createLineEditor(options.history ?? [], options.origin ?? 0);
  let echo = '';
  const submitted: SubmittedLine[] = [];
  let interrupted = false;
  for (const data of keys) {
    for (const key of decodeTerminalInput(data)) {
      const result = editLine(state, key, view);
      state = result.state;
      echo += result.echo;
      if (result.submitted) submitted.push(result.submitted);
      interrupted ||= result.interrupted;
    }
  }
  return { state, echo, submitted, interrupted };
}

interface Row {
  name: string;
  keys: string[];
  columns?: number;
  origin?: number;
  history?: string[];
  buffer: string;
  cursor: number;
  echo: string;
  submitted?: SubmittedLine[];
}

const editing: Row[] = [
  { name: 'typed text is echoed as typed', keys: ['d', 'i', 'r'], buffer: 'dir', cursor: 3, echo: 'dir' },
  { name: 'Left moves back one cell', keys: ['abc', LEFT], buffer: 'abc', cursor: 2, echo: `abc${left(1)}` },
  { name: 'Left at the start does nothing', keys: ['a', LEFT, LEFT], buffer: 'a', cursor: 0, echo: `a${left(1)}` },
  { name: 'Right at the end does nothing', keys: ['a', RIGHT], buffer: 'a', cursor: 1, echo: 'a' },
  { name: 'inserting mid-line redraws the tail and comes back', keys: ['abc', LEFT, LEFT, 'X'], buffer: 'aXbc', cursor: 2, echo: `abc${left(1)}${left(1)}${ERASE}Xbc${left(2)}` },
  { name: 'Backspace at the end', keys: ['abc', BACKSPACE], buffer: 'ab', cursor: 2, echo: `abc${left(1)}${ERASE}` },
  { name: 'Backspace mid-line', keys: ['abc', LEFT, BACKSPACE], buffer: 'ac', cursor: 1, echo: `abc${left(1)}${left(1)}${ERASE}c${left(1)}` },
  { name: 'Backspace at the start does nothing', keys: ['ab', HOME, BACKSPACE], buffer: 'ab', cursor: 0, echo: `ab${left(2)}` },
  { name: 'Delete removes the character under the cursor', keys: ['abc', HOME, DELETE], buffer: 'bc', cursor: 0, echo: `abc${left(3)}${ERASE}bc${left(2)}` },
  { name: 'Delete at the end does nothing', keys: ['ab', DELETE], buffer: 'ab', cursor: 2, echo: 'ab' },
  { name: 'Home and End', keys: ['abc', HOME, END], buffer: 'abc', cursor: 3, echo: `abc${left(3)}${right(3)}` },
  { name: 'Home and End in application cursor mode', keys: ['abc', '\x1bOH', '\x1bOF'], buffer: 'abc', cursor: 3, echo: `abc${left(3)}${right(3)}` },
  { name: 'Ctrl-A and Ctrl-E', keys: ['abc', CTRL('a'), RIGHT, CTRL('e')], buffer: 'abc', cursor: 3, echo: `abc${left(3)}${right(1)}${right(2)}` },
  { name: 'Ctrl-U kills to the start', keys: ['abcd', LEFT, LEFT, CTRL('u')], buffer: 'cd', cursor: 0, echo: `abcd${left(1)}${left(1)}${left(2)}${ERASE}cd${left(2)}` },
  { name: 'Ctrl-K kills to the end', keys: ['abcd', LEFT, LEFT, CTRL('k')], buffer: 'ab', cursor: 2, echo: `abcd${left(1)}${left(1)}${ERASE}` },
  { name: 'Ctrl-W deletes the word before the cursor and the spaces after it', keys: ['git commit  ', CTRL('w')], buffer: 'git ', cursor: 4, echo: `git commit  ${left(8)}${ERASE}` },
  { name: 'Ctrl-W mid-word keeps the rest of the word', keys: ['echo hello', LEFT, LEFT, CTRL('w')], buffer: 'echo lo', cursor: 5, echo: `echo hello${left(1)}${left(1)}${left(3)}${ERASE}lo${left(2)}` },
  { name: 'Ctrl+Backspace deletes a word too', keys: ['echo hello', '\b'], buffer: 'echo ', cursor: 5, echo: `echo hello${left(5)}${ERASE}` },
  { name: 'Ctrl+Left and Ctrl+Right move by word', keys: ['ab cd ef', '\x1b[1;5D', '\x1b[1;5D', '\x1b[1;5C'], buffer: 'ab cd ef', cursor: 5, echo: `ab cd ef${left(2)}${left(3)}${right(2)}` },
  { name: 'Escape clears the line', keys: ['abc', LEFT, '\x1b'], buffer: '', cursor: 0, echo: `abc${left(1)}${left(2)}${ERASE}` },
  { name: 'a tab is kept in the line and shown as a space', keys: ['a\tb'], buffer: 'a\tb', cursor: 3, echo: 'a b' },
  { name: 'unknown escape sequences and controls never become text', keys: ['a', '\x1b[?1;2c', '\x1b[15~', '\x1b]10;rgb:ffff/ffff/ffff\x07', '\x1bx', '\x07', 'b'], buffer: 'ab', cursor: 2, echo: 'ab' },
];

const wideAndWrapped: Row[] = [
  { name: 'the cursor moves by code point over an astral character', keys: ['a😀b', LEFT, LEFT], buffer: 'a😀b', cursor: 1, echo: `a😀b${left(1)}${left(2)}` },
  { name: 'Backspace removes a whole astral character', keys: ['a😀', BACKSPACE], buffer: 'a', cursor: 1, echo: `a😀${left(2)}${ERASE}` },
  { name: 'wide characters take two cells', keys: ['日本語', HOME, RIGHT], buffer: '日本語', cursor: 1, echo: `日本語${left(6)}${right(2)}` },
  { name: 'a combining mark is deleted with its base redrawn', keys: ['e\u0301', BACKSPACE], buffer: 'e', cursor: 1, echo: `e\u0301${left(1)}${ERASE}e` },
  { name: 'text that fills the row forces the wrap', keys: ['abcdef'], columns: 10, origin: 4, buffer: 'abcdef', cursor: 6, echo: `abcdef${WRAP}` },
  { name: 'Home after a wrapped line goes up to the prompt', keys: ['abcdefgh', HOME], columns: 10, origin: 4, buffer: 'abcdefgh', cursor: 0, echo: `abcdefgh${up(1)}${right(2)}` },
  { name: 'Left across the row boundary', keys: ['abcdefg', LEFT, LEFT], columns: 10, origin: 4, buffer: 'abcdefg', cursor: 5, echo: `abcdefg${left(1)}${up(1)}${right(9)}` },
  { name: 'a wide character that does not fit wraps early, and Home stays on it', keys: ['日', HOME], columns: 10, origin: 9, buffer: '日', cursor: 0, echo: `日${left(2)}` },
  { name: 'Backspace over an early-wrapped wide character erases from the prompt', keys: ['日', BACKSPACE], columns: 10, origin: 9, buffer: '', cursor: 0, echo: `日${up(1)}${right(7)}${ERASE}` },
  { name: 'inserting at the start of a wrapped line redraws both rows', keys: ['abcdefg', HOME, 'X'], columns: 10, origin: 4, buffer: 'Xabcdefg', cursor: 1, echo: `abcdefg${up(1)}${right(3)}${ERASE}Xabcdefg${up(1)}${right(3)}` },
];

const history: Row[] = [
  { name: 'Up shows the newest line', keys: [UP], history: ['one', 'two'], buffer: 'two', cursor: 3, echo: 'two' },
  { name: 'Up twice shows the older line', keys: [UP, UP], history: ['one', 'two'], buffer: 'one', cursor: 3, echo: `two${left(3)}${ERASE}one` },
  { name: 'Up past the oldest stays there', keys: [UP, UP, UP], history: ['one', 'two'], buffer: 'one', cursor: 3, echo: `two${left(3)}${ERASE}one` },
  { name: 'Down past the newest restores the draft', keys: ['dr', UP, DOWN], history: ['one', 'two'], buffer: 'dr', cursor: 2, echo: `dr${left(2)}${ERASE}two${left(3)}${ERASE}dr` },
  { name: 'Down without browsing does nothing', keys: ['dr', DOWN], history: ['one'], buffer: 'dr', cursor: 2, echo: 'dr' },
  { name: 'Up with no history does nothing', keys: ['x', UP], buffer: 'x', cursor: 1, echo: 'x' },
  { name: 'a common prefix is not redrawn', keys: [UP, UP], history: ['dir /s', 'dir /b'], buffer: 'dir /s', cursor: 6, echo: `dir /b${left(1)}${ERASE}s` },
  { name: 'Ctrl-P and Ctrl-N browse too', keys: [CTRL('p'), CTRL('n')], history: ['one'], buffer: '', cursor: 0, echo: `one${left(3)}${ERASE}` },
];

const submitting: Row[] = [
  { name: 'Enter submits and records the line', keys: ['dir', ENTER], buffer: '', cursor: 0, echo: 'dir\r\n', submitted: [{ line: 'dir', record: true }] },
  { name: 'Enter mid-line moves to the end first', keys: ['dir', LEFT, LEFT, ENTER], buffer: '', cursor: 0, echo: `dir${left(1)}${left(1)}${right(2)}\r\n`, submitted: [{ line: 'dir', record: true }] },
  { name: 'a line starting with a space is sent, not recorded', keys: [' set PASSWORD=x', ENTER], buffer: '', cursor: 0, echo: ' set PASSWORD=x\r\n', submitted: [{ line: ' set PASSWORD=x', record: false }] },
  { name: 'an empty line is sent, not recorded', keys: [ENTER], buffer: '', cursor: 0, echo: '\r\n', submitted: [{ line: '', record: false }] },
  { name: 'a repeat of the previous line is recorded once', keys: ['dir', ENTER, 'dir', ENTER, 'cls', ENTER, 'dir', ENTER], buffer: '', cursor: 0, echo: 'dir\r\ndir\r\ncls\r\ndir\r\n', submitted: [{ line: 'dir', record: true }, { line: 'dir', record: false }, { line: 'cls', record: true }, { line: 'dir', record: true }] },
  { name: 'a repeat of the newest saved line is not recorded', keys: ['two', ENTER], history: ['one', 'two'], buffer: '', cursor: 0, echo: 'two\r\n', submitted: [{ line: 'two', record: false }] },
  { name: 'a pasted block submits a line per line break', keys: ['echo a\recho b\r\nech'], buffer: 'ech', cursor: 3, echo: 'echo a\r\necho b\r\nech', submitted: [{ line: 'echo a', record: true }, { line: 'echo b', record: true }] },
  { name: 'a recalled line is submitted as shown', keys: [UP, ENTER], history: ['ipconfig'], buffer: '', cursor: 0, echo: 'ipconfig\r\n', submitted: [{ line: 'ipconfig', record: false }] },
];

describe.each([
  ['editing', editing],
  ['wide characters and wrapped lines', wideAndWrapped],
  ['history', history],
  ['submitting', submitting],
])('line editor: %s', (_group, rows) => {
  it.each(rows)('$name', (row) => {
    const run = type(row.keys, { columns: row.columns, origin: row.origin, history: row.history });
    expect(run.state.buffer).toBe(row.buffer);
    expect(run.state.cursor).toBe(row.cursor);
    expect(run.echo).toBe(row.echo);
    expect(run.submitted).toEqual(row.submitted ?? []);
  });
});

describe('line editor: history state', () => {
  it('records submitted lines for Up', () => {
    const run = type(['one', ENTER, ' two', ENTER, 'three', ENTER, UP, UP]);
    expect(run.state.history).toEqual(['one', 'three']);
    expect(run.state.buffer).toBe('one');
  });

  it('starts a new line at column 0 after Enter', () => {
    const run = type(['abc', ENTER], { origin: 12 });
    expect(run.state.origin).toBe(0);
  });
});

describe('line editor: Ctrl-C', () => {
  it('drops the line, echoes ^C and reports the interrupt', () => {
    const run = type(['ping -t host', LEFT, CTRL('c')]);
    expect(run).toMatchObject({ echo: `ping -t host${left(1)}${right(1)}^C\r\n`, submitted: [], interrupted: true });
    expect(run.state).toMatchObject({ buffer: '', cursor: 0, history: [] });
  });
});

describe('line editor: redrawing around remote output', () => {
  const view: LineView = { columns: 10, width };
  const state: LineEditorState = { ...createLineEditor(), buffer: 'abcdefgh', cursor: 2, origin: 4 };

  it('erases a wrapped line back to its origin', () => {
    expect(eraseLine(state, view)).toBe(`${left(2)}${ERASE}`);
    expect(eraseLine({ ...state, cursor: 8 }, view)).toBe(`${up(1)}${right(2)}${ERASE}`);
  });

  it('erases nothing when the line is empty', () => {
    expect(eraseLine(createLineEditor(), view)).toBe('');
  });

  it('draws the line at a new origin and puts the cursor back', () => {
    expect(drawLine({ ...state, origin: 0 }, view)).toBe(`abcdefgh${left(6)}`);
    expect(drawLine(state, view)).toBe(`abcdefgh${up(1)}${right(4)}`);
  });
});
