import { keysForText, type EditorCommand, type EditorKey } from './line-editor.ts';

/**
 * What xterm sends for a key (its `onData` text: a character, a C0 control, or an escape sequence in
 * normal or application cursor mode) as line editor keys. Sequences the editor has no use for —
 * function keys, focus reports, the terminal's answers to queries in remote output — are dropped, so
 * they never land in the line as text.
 */

const CONTROL_KEYS: Readonly<Record<string, EditorCommand>> = {
  '\x01': 'home', // Ctrl-A
  '\x02': 'left', // Ctrl-B
  '\x03': 'interrupt', // Ctrl-C
  '\x05': 'end', // Ctrl-E
  '\x06': 'right', // Ctrl-F
  '\x08': 'delete-word', // Ctrl+Backspace (xterm sends BS for it; Backspace alone is DEL)
  '\x0b': 'kill-end', // Ctrl-K
  '\x0e': 'history-next', // Ctrl-N
  '\x10': 'history-previous', // Ctrl-P
  '\x15': 'kill-start', // Ctrl-U
  '\x17': 'delete-word', // Ctrl-W
  '\x7f': 'backspace',
  '\x1b': 'clear-line', // Escape, as in the Windows console
};

/** Final byte (and parameters) of CSI/SS3 sequences, with or without xterm's modifier parameter. */
function sequenceKey(params: string, final: string): EditorCommand | null {
  const [first = '', modifier = ''] = params.split(';');
  const ctrl = modifier === '5';
  switch (final) {
    case 'A':
      return 'history-previous';
    case 'B':
      return 'history-next';
    case 'C':
      return ctrl ? 'word-right' : 'right';
    case 'D':
      return ctrl ? 'word-left' : 'left';
    case 'H':
      return 'home';
    case 'F':
      return 'end';
    case '~':
      if (first === '1' || first === '7') return 'home';
      if (first === '4' || first === '8') return 'end';
      if (first === '3') return ctrl ? null : 'delete';
      return null;
    default:
      return null;
  }
}

// CSI: ESC [ params intermediates final · SS3: ESC O final · OSC/DCS/APC/PM/SOS: ESC ]/P/_/^/X … BEL or ST.
// Escape sequences are made of control characters, so these patterns are too.
/* eslint-disable no-control-regex */
const CSI = /\x1b\[([0-?]*)[ -/]*([@-~])/y;
const SS3 = /\x1bO([@-~])/y;
const STRING = /\x1b[\]P_^X][\s\S]*?(?:\x07|\x1b\\)/y;
/* eslint-enable no-control-regex */

function matchAt(pattern: RegExp, data: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(data);
}

/** An escape sequence at `index`: the command it means (if any) and how many UTF-16 units it takes. */
function escapeAt(data: string, index: number): { command: EditorCommand | null; length: number } {
  const csi = matchAt(CSI, data, index);
  if (csi) return { command: sequenceKey(csi[1] ?? '', csi[2] ?? ''), length: csi[0].length };
  const ss3 = matchAt(SS3, data, index);
  if (ss3) return { command: sequenceKey('', ss3[1] ?? ''), length: ss3[0].length };
  const string = matchAt(STRING, data, index);
  if (string) return { command: null, length: string[0].length };
  // Alt+key: ESC then the key. Alt+Backspace deletes a word; other Alt chords are ignored.
  const chord = String.fromCodePoint(data.codePointAt(index + 1) ?? 0);
  return { command: chord === '\x7f' ? 'delete-word' : null, length: 1 + chord.length };
}

export function decodeTerminalInput(data: string): EditorKey[] {
  const keys: EditorKey[] = [];
  let textStart = 0;
  let index = 0;
  const flush = (end: number) => {
    if (end > textStart) keys.push(...keysForText(data.slice(textStart, end)));
  };
  while (index < data.length) {
    const char = data[index] ?? '';
    if (char === '\x1b' && index + 1 < data.length) {
      flush(index);
      const { command, length } = escapeAt(data, index);
      if (command) keys.push({ type: command });
      index += length;
      textStart = index;
      continue;
    }
    const command = CONTROL_KEYS[char];
    if (command || (char < ' ' && char !== '\r' && char !== '\n' && char !== '\t')) {
      flush(index);
      if (command) keys.push({ type: command });
      textStart = index + 1;
    }
    index += 1;
  }
  flush(data.length);
  return keys;
}
