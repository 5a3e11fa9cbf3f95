import { ROUTE_LABEL, type Route } from '../clients.ts';
import { cellOf, MB, type BenchContext, type HeadToHead } from '../context.ts';
import { medianOf, type Cell, type Row, type Target } from '../table.ts';
import { COMMANDS } from './commands.ts';
import { OUTPUT_20 } from './output.ts';

/** Our proxied median against our direct one, as "×" of direct (>1 is slower). */
function vsDirect(proxied: Cell, direct: Cell, better: 'lower' | 'higher'): Target {
  const [p, d] = [medianOf(proxied), medianOf(direct)];
  if (p === null || d === null) return { text: '≤1.3× direct', met: null };
  const times = better === 'lower' ? p / d : d / p;
  return { text: `≤1.3× direct (${times.toFixed(2)}×)`, met: times <= 1.3 };
}

function rows(label: string, measured: HeadToHead, direct: HeadToHead | null, kind: 'commands' | 'output'): Row[] {
  const mb = OUTPUT_20.bytes / MB;
  const pick = kind === 'commands' ? (r: { wallMs: number }) => r.wallMs / 1000 : (r: { wallMs: number }) => mb / (r.wallMs / 1000);
  const better = kind === 'commands' ? 'lower' : 'higher';
  const ours = cellOf(measured.ours, pick);
  const figure = kind === 'commands' ? `200 commands, whole process, ${label}` : `20 MB output, whole process, ${label}`;
  return [
    {
      case: '6',
      figure,
      unit: kind === 'commands' ? 's' : 'MB/s',
      better,
      ours,
      pywinrm: cellOf(measured.pywinrm, pick),
      ...(direct ? { target: vsDirect(ours, cellOf(direct.ours, pick), better) } : {}),
    },
  ];
}

/**
 * Case 6: cases 1 and 2 (20 MB) through Squid: forwarding plain HTTP (NTLM sealed, the connection
 * pinned by Squid) against direct HTTP, and a CONNECT tunnel (HTTPS) against direct HTTPS.
 */
export async function proxiesCase(ctx: BenchContext): Promise<Row[]> {
  const out: Row[] = [];
  const pairs: ReadonlyArray<[Route, Route | null]> = [
    ['squid-forward', 'http'],
    ['https', null],
    ['squid-tunnel', 'https'],
  ];
  for (const [workload, kind] of [[COMMANDS, 'commands'], [OUTPUT_20, 'output']] as const) {
    for (const [route, directRoute] of pairs) {
      const { proxy, proxyPywinrm } = ctx.counts;
      const direct = directRoute ? await (directRoute === 'http' ? ctx.headToHead(workload, 'http', ctx.counts.runs) : ctx.headToHead(workload, directRoute, proxy, proxyPywinrm)) : null;
      const measured = await ctx.headToHead(workload, route, proxy, proxyPywinrm);
      out.push(...rows(ROUTE_LABEL[route], measured, direct, kind));
    }
  }
  return out;
}
