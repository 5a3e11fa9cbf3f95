import { cellOf, type BenchContext } from '../context.ts';
import { ratioTarget, type Row } from '../table.ts';

export const COMMANDS = { kind: 'commands', count: 200 } as const;

/** Case 1: 200 commands in one shell, NTLM sealed over HTTP: the whole process and the client's own account. */
export async function commandsCase(ctx: BenchContext): Promise<Row[]> {
  const { ours, pywinrm } = await ctx.headToHead(COMMANDS, 'http', ctx.counts.runs);
  const whole = { better: 'lower', ours: cellOf(ours, (r) => r.wallMs / 1000), pywinrm: cellOf(pywinrm, (r) => r.wallMs / 1000) } as const;
  const inner = { better: 'lower', ours: cellOf(ours, (r) => r.innerMs / 1000), pywinrm: cellOf(pywinrm, (r) => r.innerMs / 1000) } as const;
  const cpu = { better: 'lower', ours: cellOf(ours, (r) => r.cpuSec), pywinrm: cellOf(pywinrm, (r) => r.cpuSec) } as const;
  return [
    { case: '1', figure: '200 commands in one shell, whole process', unit: 's', ...whole, target: ratioTarget(whole, 2, '≥2× pywinrm') },
    { case: '1', figure: '200 commands in one shell, inside the process', unit: 's', ...inner, target: ratioTarget(inner, 3, '≥3× pywinrm') },
    { case: '1', figure: '200 commands in one shell, client CPU', unit: 's', ...cpu },
  ];
}
