import { Unavailable, oursJson, pywinrmJson } from '../clients.ts';
import { cellOf, type BenchContext } from '../context.ts';
import { interleave, runTimed, type ProcessRun } from '../measure.ts';
import { oursTarget, ratioTarget, type Row } from '../table.ts';

// NTLM over HTTP with sealing: two authentication legs (negotiate → challenge, authenticate), then
// one exchange per operation a one-command run cannot do without: Create, Command, Receive, Delete.
const NTLM_LEGS = 2;
const OPERATIONS = ['Create', 'Command', 'Receive', 'Delete'];
export const ECHO_FLOOR = NTLM_LEGS + OPERATIONS.length;

interface FirstOutput {
  readonly firstOutputMs: number;
  readonly wallMs: number;
  readonly requests: number;
  readonly connections: number;
}

function firstOutput(run: ProcessRun): number {
  // Both clients put the remote output, and only it, on stderr here: its first byte is the "hi".
  if (run.stderrTail !== 'hi\n' || run.firstStderrMs === null) throw new Error(`expected "hi" alone on stderr, got ${JSON.stringify(run.stderrTail.slice(0, 200))}`);
  return run.firstStderrMs;
}

/** Case 3: a new process, a new shell, `echo hi`: spawn to the first output byte, and the HTTP exchanges it took. */
export async function firstOutputCase(ctx: BenchContext): Promise<Row[]> {
  const { clients } = ctx;
  const { ours, pywinrm } = await interleave(ctx.counts.runs, {
    ours: () =>
      clients.counted(async (): Promise<Omit<FirstOutput, 'requests' | 'connections'>> => {
        const run = await runTimed([...clients.cli.argv, 'exec', ...clients.oursRoute('http'), '--json', '--', 'echo hi'], { env: clients.env() });
        oursJson(run);
        return { firstOutputMs: firstOutput(run), wallMs: run.wallMs };
      }),
    pywinrm: () =>
      clients.counted(async () => {
        const run = await runTimed(clients.pywinrmArgv(), { env: clients.pywinrmEnv(), stdin: JSON.stringify({ ...clients.pywinrmRoute('http'), commands: ['echo hi'] }) });
        pywinrmJson(run);
        return { firstOutputMs: firstOutput(run), wallMs: run.wallMs };
      }),
  }, (error) => error instanceof Unavailable);
  const first = { better: 'lower', ours: cellOf(ours, (r) => r.firstOutputMs / 1000), pywinrm: cellOf(pywinrm, (r) => r.firstOutputMs / 1000) } as const;
  const whole = { better: 'lower', ours: cellOf(ours, (r) => r.wallMs / 1000), pywinrm: cellOf(pywinrm, (r) => r.wallMs / 1000) } as const;
  const exchanges = { better: 'lower', ours: cellOf(ours, (r) => r.requests), pywinrm: cellOf(pywinrm, (r) => r.requests) } as const;
  return [
    { case: '3', figure: 'new shell, `echo hi`: spawn to first output', unit: 's', ...first, target: ratioTarget(first, 1 / 1.5, 'within 1.5× pywinrm') },
    { case: '3', figure: 'new shell, `echo hi`: whole process', unit: 's', ...whole },
    {
      case: '3',
      figure: 'new shell, `echo hi`: HTTP exchanges',
      unit: 'requests',
      ...exchanges,
      target: oursTarget(exchanges.ours, { max: ECHO_FLOOR }, `≤${ECHO_FLOOR} (floor)`),
      note: `floor ${ECHO_FLOOR} = ${NTLM_LEGS} NTLM legs + ${OPERATIONS.join(', ')}`,
    },
  ];
}
