import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerCounts } from './clients.ts';
import { median } from './measure.ts';

// The bench's result: one row per figure, ours beside pywinrm's with the ratio, the target (printed,
// never asserted) and the server's request/connection counts of the runs behind each figure.

/** What one client gave for a figure: its runs' values, or why there are none. */
export type Cell =
  | { readonly kind: 'values'; readonly values: readonly number[]; readonly counts?: readonly ServerCounts[] }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export interface Target {
  readonly text: string;
  /** null: cannot be judged (a side missing). */
  readonly met: boolean | null;
}

export interface Row {
  readonly case: string;
  readonly figure: string;
  readonly unit: string;
  /** Which way is better; the ratio is always "how many times better we are": >1 means we are faster. */
  readonly better: 'lower' | 'higher';
  readonly ours: Cell;
  readonly pywinrm?: Cell;
  readonly target?: Target;
  readonly note?: string;
}

export const values = (list: readonly number[], counts?: readonly ServerCounts[]): Cell => ({ kind: 'values', values: list, ...(counts ? { counts } : {}) });

export function medianOf(cell: Cell | undefined): number | null {
  return cell?.kind === 'values' && cell.values.length > 0 ? median(cell.values) : null;
}

/** pywinrm ÷ ours for times and costs, ours ÷ pywinrm for rates: >1 means we are better. */
export function ratio(row: Pick<Row, 'better' | 'ours' | 'pywinrm'>): number | null {
  const ours = medianOf(row.ours);
  const theirs = medianOf(row.pywinrm);
  if (ours === null || theirs === null || ours === 0 || theirs === 0) return null;
  return row.better === 'lower' ? theirs / ours : ours / theirs;
}

/** A target on the ratio: "≥3× pywinrm". */
export function ratioTarget(row: Pick<Row, 'better' | 'ours' | 'pywinrm'>, min: number, text: string): Target {
  const r = ratio(row);
  return { text, met: r === null ? null : r >= min };
}

/** A target on our median alone. */
export function oursTarget(cell: Cell, bound: { max?: number; min?: number }, text: string): Target {
  const m = medianOf(cell);
  if (m === null) return { text, met: null };
  return { text, met: (bound.max === undefined || m <= bound.max) && (bound.min === undefined || m >= bound.min) };
}

export function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 10) return value.toFixed(2);
  if (abs >= 1) return value.toFixed(3);
  if (abs === 0) return '0';
  return value.toPrecision(3);
}

function cellText(cell: Cell | undefined): string {
  if (!cell) return '—';
  if (cell.kind === 'unavailable') return 'unavailable';
  if (cell.kind === 'failed') return 'FAILED';
  return format(median(cell.values));
}

function countsText(cell: Cell | undefined): string {
  if (cell?.kind !== 'values' || !cell.counts || cell.counts.length === 0) return '';
  const whole = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${whole(median(cell.counts.map((c) => c.requests)))}/${whole(median(cell.counts.map((c) => c.connections)))}/${median(cell.counts.map((c) => c.serverCpuSec)).toFixed(2)}`;
}

function reasons(row: Row): string[] {
  const out: string[] = [];
  for (const [who, cell] of [['ours', row.ours], ['pywinrm', row.pywinrm]] as const) {
    if (cell && cell.kind !== 'values') out.push(`${who} ${cell.kind}: ${cell.reason}`);
  }
  return out;
}

const HEADER = ['case', 'figure', 'ours', 'pywinrm', 'ratio', 'target', 'met', 'ours req/conn/srv s', 'pywinrm req/conn/srv s'];

/** The printed table: medians, the ratio, the target and the server counts (median per run). */
export function renderTable(rows: readonly Row[]): string {
  const lines = rows.map((row) => {
    const r = ratio(row);
    const met = row.target?.met;
    return [
      row.case,
      `${row.figure} (${row.unit})`,
      cellText(row.ours),
      cellText(row.pywinrm),
      r === null ? '' : `${r.toFixed(2)}×`,
      row.target?.text ?? '',
      met === undefined || met === null ? '' : met ? 'yes' : 'MISS',
      countsText(row.ours),
      countsText(row.pywinrm),
    ];
  });
  const widths = HEADER.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: readonly string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [render(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  // A reason shared by a case's rows (one failed series behind several figures) is said once.
  let said = new Set<string>();
  rows.forEach((row, i) => {
    if (row.case !== rows[i - 1]?.case) said = new Set();
    out.push(render(lines[i]!));
    for (const text of [...reasons(row), ...(row.note ? [row.note] : [])]) {
      if (said.has(text)) continue;
      said.add(text);
      out.push(`${' '.repeat(widths[0]!)}  ↳ ${text}`);
    }
  });
  return out.join('\n');
}

export function writeJson(file: string, meta: Record<string, unknown>, rows: readonly Row[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const json = {
    ...meta,
    rows: rows.map((row) => ({
      ...row,
      oursMedian: medianOf(row.ours),
      pywinrmMedian: medianOf(row.pywinrm),
      ratio: ratio(row),
    })),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}
