import type { Workload } from '../clients.ts';
import { cellOf, MB, type BenchContext } from '../context.ts';
import { ratioTarget, type Row } from '../table.ts';

export const OUTPUT_20 = { kind: 'output', bytes: 20 * MB } as const;
export const OUTPUT_100 = { kind: 'output', bytes: 100 * MB } as const;

/** Case 2: one command's output (`head -c N /dev/zero`), NTLM sealed over HTTP: MB/s and the client's CPU per MB. */
export async function outputCase(ctx: BenchContext, workload: Workload & { kind: 'output' }, runs: number): Promise<Row[]> {
  const { ours, pywinrm } = await ctx.headToHead(workload, 'http', runs);
  const mb = workload.bytes / MB;
  const rate = { better: 'higher', ours: cellOf(ours, (r) => mb / (r.wallMs / 1000)), pywinrm: cellOf(pywinrm, (r) => mb / (r.wallMs / 1000)) } as const;
  const cpu = { better: 'lower', ours: cellOf(ours, (r) => r.cpuSec / mb), pywinrm: cellOf(pywinrm, (r) => r.cpuSec / mb) } as const;
  const rss = { better: 'lower', ours: cellOf(ours, (r) => r.maxRssKiB / 1024), pywinrm: cellOf(pywinrm, (r) => r.maxRssKiB / 1024) } as const;
  const label = `${mb} MB output`;
  return [
    { case: '2', figure: `${label}, whole process`, unit: 'MB/s', ...rate, target: ratioTarget(rate, 3, '≥3× pywinrm') },
    { case: '2', figure: `${label}, client CPU per MB`, unit: 's/MB', ...cpu, target: ratioTarget(cpu, 3, '≤⅓ of pywinrm') },
    { case: '2', figure: `${label}, client peak RSS`, unit: 'MiB', ...rss },
  ];
}
