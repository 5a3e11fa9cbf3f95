import path from 'node:path';
import { cellOf, MB, type BenchContext } from '../context.ts';
import { interleave, runTimed, type Series } from '../measure.ts';
import { medianOf, oursTarget, type Row, type Target } from '../table.ts';

const DRIVER = path.join(import.meta.dirname, '../engine/fanout.ts');
const SESSIONS = 100;

interface Phases {
  readonly openMs: number;
  readonly runMs: number;
  readonly closeMs: number;
  readonly cpuSec: number;
  readonly requests: number;
  readonly connections: number;
  readonly serverCpuSec: number;
  readonly resumed: number;
}

interface FanoutRun {
  readonly single: Phases;
  readonly fanout: Phases;
  readonly baselineRss: number;
  readonly idleRss: number;
  readonly busyRss: number;
  readonly baselineHeap: number;
  readonly idleHeap: number;
}

const wall = (p: Phases) => (p.openMs + p.runMs + p.closeMs) / 1000;

function driverRun(ctx: BenchContext, extra: Record<string, unknown> = {}): () => Promise<FanoutRun> {
  return async () => {
    const run = await runTimed([process.execPath, '--expose-gc', DRIVER], { env: ctx.clients.env(), stdin: JSON.stringify({ rig: ctx.rig, sessions: SESSIONS, ...extra }) });
    if (run.code !== 0) throw new Error(`fan-out driver exited ${run.code}: ${run.stderrTail.slice(-400)}`);
    return JSON.parse(run.stdout) as FanoutRun;
  };
}

/** The runs of a series with the server's counters of the fan-out round beside each. */
function fanoutCounted(series: Series<FanoutRun>, pick: (r: FanoutRun) => Phases = (r) => r.fanout): Series<FanoutRun & { requests: number; connections: number; serverCpuSec: number }> {
  return { runs: series.runs.map((r) => ({ ...r, requests: pick(r).requests, connections: pick(r).connections, serverCpuSec: pick(r).serverCpuSec })), ...(series.failure ? { failure: series.failure } : {}) };
}

/** Case 5 (ours only): `echo hi` on 100 sessions at once in one Node process, against one session. */
export async function fanoutCase(ctx: BenchContext): Promise<Row[]> {
  const { ours } = await interleave(ctx.counts.fanout, { ours: driverRun(ctx) });
  const fan = fanoutCounted(ours);
  const one = fanoutCounted(ours, (r) => r.single);
  const fanWall = cellOf(fan, (r) => wall(r.fanout));
  const oneWall = cellOf(one, (r) => wall(r.single));
  const [f, o] = [medianOf(fanWall), medianOf(oneWall)];
  const vsOne: Target = { text: `≤3× one session${f !== null && o !== null ? ` (${(f / o).toFixed(2)}×)` : ''}`, met: f === null || o === null ? null : f <= 3 * o };
  const idle = cellOf(fan, (r) => (r.idleRss - r.baselineRss) / MB / SESSIONS);
  const fanCpu = cellOf(fan, (r) => r.fanout.cpuSec);
  const [fc, oc] = [medianOf(fanCpu), medianOf(cellOf(one, (r) => r.single.cpuSec))];
  const fanServer = medianOf(cellOf(fan, (r) => r.fanout.serverCpuSec));
  const serverShare = fanServer === null ? 'an unknown CPU time' : `${fanServer.toFixed(2)} CPU-s on the same two cores`;
  return [
    { case: '5', figure: `${SESSIONS} sessions at once: open + \`echo hi\` + close, wall`, unit: 's', better: 'lower', ours: fanWall, target: vsOne },
    { case: '5', figure: '1 session: open + `echo hi` + close, wall', unit: 's', better: 'lower', ours: oneWall },
    { case: '5', figure: `${SESSIONS} sessions at once: of which \`echo hi\` on all`, unit: 's', better: 'lower', ours: cellOf(fan, (r) => r.fanout.runMs / 1000) },
    {
      case: '5',
      figure: `${SESSIONS} sessions at once: client CPU`,
      unit: 's',
      better: 'lower',
      ours: fanCpu,
      ...(fc !== null && oc !== null ? { note: `${(fc / oc).toFixed(1)}× one session's client CPU for ${SESSIONS}× its work; the server spent ${serverShare}` } : {}),
    },
    { case: '5', figure: '1 session: client CPU', unit: 's', better: 'lower', ours: cellOf(one, (r) => r.single.cpuSec) },
    {
      case: '5',
      figure: 'RSS per idle session',
      unit: 'MiB',
      better: 'lower',
      ours: idle,
      target: oursTarget(idle, { max: 1 }, '<1 MB'),
      note: 'growth over the RSS after one session, after a full GC; ≤0 means below what RSS resolves',
    },
    { case: '5', figure: 'JS heap + external per idle session', unit: 'KiB', better: 'lower', ours: cellOf(fan, (r) => (r.idleHeap - r.baselineHeap) / 1024 / SESSIONS) },
    { case: '5', figure: 'RSS per busy session (peak while `echo hi` runs on all)', unit: 'MiB', better: 'lower', ours: cellOf(fan, (r) => (r.busyRss - r.baselineRss) / MB / SESSIONS) },
  ];
}

/**
 * Case 5t (ours only): the fan-out over HTTPS (NTLM with channel bindings), every session with a
 * full TLS handshake against every session given the process's one TLS session cache, interleaved.
 * The single session before the fan-out leaves its session in the cache, as an earlier tab would.
 */
export async function fanoutTlsCase(ctx: BenchContext): Promise<Row[]> {
  const { full, resumed } = await interleave(ctx.counts.fanout, {
    full: driverRun(ctx, { transport: 'https', resume: false }),
    resumed: driverRun(ctx, { transport: 'https', resume: true }),
  });
  const [f, r] = [fanoutCounted(full), fanoutCounted(resumed)];
  const share = (series: typeof r) => {
    const runs = series.runs;
    return runs.length === 0 ? '' : `; ${Math.min(...runs.map((x) => x.fanout.resumed))}–${Math.max(...runs.map((x) => x.fanout.resumed))} of ${SESSIONS} handshakes resumed`;
  };
  const rows = (label: string, pick: (run: FanoutRun) => number, unit: string): Row[] => {
    const [a, b] = [cellOf(f, pick), cellOf(r, pick)];
    const [ma, mb] = [medianOf(a), medianOf(b)];
    const ratio = ma !== null && mb !== null && mb > 0 ? ` (${(ma / mb).toFixed(2)}× less with resumption)` : '';
    return [
      { case: '5t', figure: `${SESSIONS} HTTPS sessions, full handshakes: ${label}`, unit, better: 'lower', ours: a },
      { case: '5t', figure: `${SESSIONS} HTTPS sessions, resumed: ${label}`, unit, better: 'lower', ours: b, note: `${ratio.trim()}${share(r)}` },
    ];
  };
  return [...rows('client CPU', (x) => x.fanout.cpuSec, 's'), ...rows('open phase, wall', (x) => x.fanout.openMs / 1000, 's')];
}
