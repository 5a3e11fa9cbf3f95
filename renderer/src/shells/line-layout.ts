/**
 * Where each character of the edited line sits on the terminal grid, and the VT sequences that move
 * between those places. Pure: the caller supplies the terminal's width and a cell-width function
 * (the tab uses xterm's own Unicode 11 table, so the echo and xterm agree about wide characters).
 */

export interface LineView {
  /** Terminal columns. */
  readonly columns: number;
  /** Cells a code point takes: 0 (combining), 1, or 2 (wide, e.g. CJK and most emoji). */
  readonly width: (codePoint: number) => number;
}

/** A grid position relative to the row the line starts on. */
export interface GridPosition {
  readonly row: number;
  readonly col: number;
}

export interface LineLayout {
  /**
   * `before[i]`: where the cursor is after the first `i` code points are written (so `before[n]` is
   * the end of the line). A position at the right margin is given as column 0 of the next row: the
   * line editor never leaves the terminal in its "wrap pending" state (see `endsAtMargin`).
   */
  readonly before: readonly GridPosition[];
  /** `cell[i]`: where code point `i` is drawn; differs from `before[i]` when a wide character wraps early. */
  readonly cell: readonly GridPosition[];
  /** Writing the whole line leaves the terminal's cursor at the right margin, with the wrap still pending. */
  readonly endsAtMargin: boolean;
}

/** How the line editor shows a code point: a tab as one space (the line still sends the tab). */
export function displayWidth(codePoint: number, view: LineView): number {
  return codePoint === 0x09 ? 1 : view.width(codePoint);
}

export function layoutLine(codePoints: readonly number[], origin: number, view: LineView): LineLayout {
  const columns = Math.max(1, view.columns);
  const before: GridPosition[] = [];
  const cell: GridPosition[] = [];
  let row = 0;
  let col = Math.min(origin, columns);
  let atMargin = false;
  const normalized = (): GridPosition => (col >= columns ? { row: row + 1, col: 0 } : { row, col });
  for (const codePoint of codePoints) {
    before.push(normalized());
    const width = displayWidth(codePoint, view);
    // xterm wraps before a character that does not fit, leaving the last cell empty for a wide one.
    if (width > 0 && col + width > columns) {
      row += 1;
      col = 0;
    }
    cell.push({ row, col });
    col += width;
    atMargin = col >= columns;
  }
  before.push(normalized());
  return { before, cell, endsAtMargin: codePoints.length > 0 && atMargin };
}

/** The cursor's place for a code point index: on the character it precedes, or at the end of the line. */
export function cursorPosition(layout: LineLayout, index: number): GridPosition {
  return layout.cell[index] ?? layout.before[layout.before.length - 1] ?? { row: 0, col: 0 };
}

const CSI = '\x1b[';

/** Relative moves (CUU/CUD, then CUF/CUB), so they hold whatever row the line started on. */
export function moveCursor(from: GridPosition, to: GridPosition): string {
  let out = '';
  if (to.row < from.row) out += `${CSI}${from.row - to.row}A`;
  if (to.row > from.row) out += `${CSI}${to.row - from.row}B`;
  if (to.col > from.col) out += `${CSI}${to.col - from.col}C`;
  if (to.col < from.col) out += `${CSI}${from.col - to.col}D`;
  return out;
}

/** Erase from the cursor to the end of the screen: the old tail of the line, however many rows it took. */
export const ERASE_BELOW = `${CSI}J`;

/**
 * After text that ends exactly at the right margin, a space and a backspace make the terminal wrap
 * now (scrolling if needed), so the next row exists and every later move lands where the layout says.
 */
export const FORCE_WRAP = ' \b';
