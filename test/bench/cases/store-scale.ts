import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProfileStore } from '../../../electron/store/profile-store.ts';
import type { BenchContext } from '../context.ts';
import { oursTarget, values, type Row } from '../table.ts';

const ROWS = 20_000;

function timed(action: () => unknown): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

/**
 * Store scale: 20 000 hosts, each in its own folder (folder lookup was once quadratic). The unit test
 * (test/reliability/store-scale.test.ts) checks what each operation does; its time is judged here.
 */
export async function storeScaleCase(ctx: BenchContext): Promise<Row[]> {
  const figures = { import: [] as number[], list: [] as number[], export: [] as number[], reopen: [] as number[], removeFolder: [] as number[] };
  const csv = ['name,address,folder', ...Array.from({ length: ROWS }, (_, i) => `host${i},10.1.${i >> 8}.${i & 255},Sites/Site${i}`)].join('\r\n');
  for (let run = 0; run < ctx.counts.runs; run++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-bench-store-'));
    try {
      const { store } = ProfileStore.open(dir);
      figures.import.push(timed(() => store.importHosts(csv)));
      figures.list.push(timed(() => store.document().hosts.map((host) => store.resolve(host).settings.port)));
      figures.export.push(timed(() => store.exportHosts('csv')));
      figures.reopen.push(timed(() => ProfileStore.open(dir)));
      const sites = store.document().folders.find((f) => f.name === 'Sites')!;
      figures.removeFolder.push(timed(() => store.restore(store.removeFolder(sites.id, 'move-up'))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const row = (figure: string, runs: number[]): Row => {
    const cell = values(runs);
    return { case: 'S', figure: `store of ${ROWS} hosts each in its own folder: ${figure}`, unit: 'ms', better: 'lower', ours: cell, target: oursTarget(cell, { max: 3000 }, '≤3000 ms (linear)') };
  };
  return [
    row('CSV import', figures.import),
    row('list with inheritance', figures.list),
    row('CSV export', figures.export),
    row('open again', figures.reopen),
    row('delete the parent folder (move-up) and undo', figures.removeFolder),
  ];
}
