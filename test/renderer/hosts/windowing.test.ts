import { describe, expect, it } from 'vitest';
import { revealRow, rowWindow } from '../../../renderer/src/hosts/windowing.ts';

describe('rowWindow', () => {
  const base = { rowHeight: 30, viewportHeight: 300, overscan: 5 };

  it('renders the rows in view plus the overscan, and pads the rest', () => {
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 10_000 })).toEqual({ start: 0, end: 16, padTop: 0, padBottom: (10_000 - 16) * 30 });
    expect(rowWindow({ ...base, scrollTop: 3000, rowCount: 10_000 })).toEqual({ start: 95, end: 116, padTop: 95 * 30, padBottom: (10_000 - 116) * 30 });
  });

  it('keeps the total height equal to every row, wherever the list is scrolled', () => {
    for (const scrollTop of [0, 17, 450, 299_000, 299_700, 1e9]) {
      const w = rowWindow({ ...base, scrollTop, rowCount: 10_000 });
      expect(w.padTop + (w.end - w.start) * 30 + w.padBottom).toBe(300_000);
      expect(w.end).toBeGreaterThan(w.start);
    }
  });

  it('clamps at the end and handles short and empty lists', () => {
    expect(rowWindow({ ...base, scrollTop: 1e9, rowCount: 10_000 }).end).toBe(10_000);
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 3 })).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(rowWindow({ ...base, scrollTop: 0, rowCount: 0 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    expect(rowWindow({ ...base, scrollTop: -50, rowCount: 100 }).start).toBe(0);
  });
});

describe('revealRow', () => {
  it('scrolls as little as possible to show a row', () => {
    expect(revealRow(5, 0, 300, 30)).toBe(0);
    expect(revealRow(10, 0, 300, 30)).toBe(30);
    expect(revealRow(2, 300, 300, 30)).toBe(60);
    expect(revealRow(12, 300, 300, 30)).toBe(300);
  });
});
