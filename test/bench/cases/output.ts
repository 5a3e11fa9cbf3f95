import type { Workload } from '../clients.ts';
import { cellOf, MB, type BenchContext } from '../context.ts';
import { medianOf, ratioTarget, values, type Cell, type Row } from '../table.ts';

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
  const rows: Row[] = [
    { case: '2', figure: `${label}, whole process`, unit: 'MB/s', ...rate, target: ratioTarget(rate, 3, '≥3× pywinrm') },
    { case: '2', figure: `${label}, client CPU per MB`, unit: 's/MB', ...cpu, target: ratioTarget(cpu, 3, '≤⅓ of pywinrm') },
    { case: '2', figure: `${label}, client peak RSS`, unit: 'MiB', ...rss },
  ];
  if (workload.bytes > OUTPUT_20.bytes) rows.push(await marginalCpu(ctx, workload, runs));
  return rows;
}

/**
 * CPU per MB without the process's start-up: the extra CPU of this output over the 20 MB one's
 * (medians; the 20 MB figures are those case 2 measured in this run), per extra MB.
 */
async function marginalCpu(ctx: BenchContext, workload: Workload & { kind: 'output' }, runs: number): Promise<Row> {
  const large = await ctx.headToHead(workload, 'http', runs);
  const small = await ctx.headToHead(OUTPUT_20, 'http', ctx.counts.runs);
  const extraMb = (workload.bytes - OUTPUT_20.bytes) / MB;
  const marginal = (big: Cell, little: Cell): Cell => {
    const [b, l] = [medianOf(big), medianOf(little)];
    if (b === null || l === null) return big.kind !== 'values' ? big : little;
    return values([(b - l) / extraMb]);
  };
  const cpu = (series: typeof large.ours) => cellOf(series, (r) => r.cpuSec);
  return {
    case: '2',
    figure: `client CPU per MB beyond the first 20 (${workload.bytes / MB} MB − 20 MB, medians)`,
    unit: 's/MB',
    better: 'lower',
    ours: marginal(cpu(large.ours), cpu(small.ours)),
    pywinrm: marginal(cpu(large.pywinrm), cpu(small.pywinrm)),
    note: 'start-up and sign-in cancel out: what streaming one more MB costs each client',
  };
}
