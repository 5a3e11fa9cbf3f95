import { cellOf, MB, type BenchContext } from '../context.ts';
import { interleave } from '../measure.ts';
import { oursTarget, type Row } from '../table.ts';
import { COMMANDS } from './commands.ts';
import { OUTPUT_20 } from './output.ts';

/** Ours alone over Basic/HTTPS, with the absolute targets the bench had before the head-to-head cases. */
export async function basicHttpsCase(ctx: BenchContext): Promise<Row[]> {
  const { clients, rig } = ctx;
  const flags = ['--url', clients.url('https'), '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];
  const { output, commands } = await interleave(ctx.counts.large, {
    output: () => clients.ours(OUTPUT_20, flags),
    commands: () => clients.ours(COMMANDS, flags),
  });
  const rate = cellOf(output, (r) => OUTPUT_20.bytes / MB / (r.innerMs / 1000));
  const rss = cellOf(output, (r) => r.maxRssKiB / 1024);
  const perCommand = cellOf(commands, (r) => r.innerMs / COMMANDS.count);
  return [
    { case: 'B', figure: 'Basic/HTTPS: 20 MB output, inside the process', unit: 'MB/s', better: 'higher', ours: rate, target: oursTarget(rate, { min: 10 }, '≥10 MB/s') },
    { case: 'B', figure: 'Basic/HTTPS: 20 MB output, CLI peak RSS', unit: 'MiB', better: 'lower', ours: rss, target: oursTarget(rss, { max: 200 }, '≤200 MiB') },
    { case: 'B', figure: 'Basic/HTTPS: 200 commands in one shell, per command, inside the process', unit: 'ms', better: 'lower', ours: perCommand, target: oursTarget(perCommand, { max: 25 }, '≤25 ms') },
  ];
}
