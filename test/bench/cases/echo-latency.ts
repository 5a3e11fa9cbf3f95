import path from 'node:path';
import { cellOf, type BenchContext } from '../context.ts';
import { interleave, percentile, runTimed } from '../measure.ts';
import { medianOf, type Row, type Target } from '../table.ts';

const DRIVER = path.join(import.meta.dirname, '../engine/echo-latency.ts');
const LINES = 500;
const WARMUP = 20;

interface EchoRun {
  readonly p50: number;
  readonly p99: number;
  readonly rttP50: number;
  readonly requests: number;
  readonly connections: number;
}

/**
 * Case 4 (ours only: pywinrm cannot send while a Receive is outstanding): interactive echo latency
 * of `cat` with a Receive outstanding, p50/p99 over 500 lines, beside the round trip of one
 * authenticated sealed request measured in the same run. The rig's server has no output batching to
 * turn off: a Receive returns as soon as any output is buffered (winrm_server/output.py).
 */
export async function echoLatencyCase(ctx: BenchContext): Promise<Row[]> {
  const { clients } = ctx;
  const { ours } = await interleave(ctx.counts.runs, {
    ours: () =>
      clients.counted(async () => {
        const run = await runTimed([process.execPath, DRIVER], { env: clients.env(), stdin: JSON.stringify({ rig: ctx.rig, lines: LINES, warmup: WARMUP }) });
        if (run.code !== 0) throw new Error(`echo driver exited ${run.code}: ${run.stderrTail.slice(-400)}`);
        const result = JSON.parse(run.stdout) as { rttMs: number[]; echoMs: number[]; exitCode: number };
        if (result.echoMs.length !== LINES || result.exitCode !== 0) throw new Error(`echo driver: ${result.echoMs.length} lines, cat exited ${result.exitCode}`);
        return { p50: percentile(result.echoMs, 50), p99: percentile(result.echoMs, 99), rttP50: percentile(result.rttMs, 50) };
      }),
  });
  const p50 = cellOf(ours, (r: EchoRun) => r.p50);
  const rtt = cellOf(ours, (r: EchoRun) => r.rttP50);
  const echo = medianOf(p50);
  const round = medianOf(rtt);
  const target: Target = { text: `≤2× sealed round trip${echo !== null && round !== null ? ` (${(echo / round).toFixed(2)}×)` : ''}`, met: echo === null || round === null ? null : echo <= 2 * round };
  return [
    { case: '4', figure: `echo latency with a Receive outstanding, p50 over ${LINES} lines`, unit: 'ms', better: 'lower', ours: p50, target },
    { case: '4', figure: `echo latency with a Receive outstanding, p99 over ${LINES} lines`, unit: 'ms', better: 'lower', ours: cellOf(ours, (r: EchoRun) => r.p99) },
    { case: '4', figure: 'one authenticated sealed request (empty Send), round trip p50', unit: 'ms', better: 'lower', ours: rtt },
  ];
}
