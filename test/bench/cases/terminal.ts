import { cellOf, MB, type BenchContext } from '../context.ts';
import { interleave } from '../measure.ts';
import { OUTPUT_COMMAND, type TerminalPage } from '../terminal-page.ts';
import { medianOf, oursTarget, type Row } from '../table.ts';
import { OUTPUT_20 } from './output.ts';

/** Case 8b: `seq` output (~20 MB) from main into a shell tab's terminal in Chromium, beside the CLI on the same WinRM route. */
export async function terminalCase(ctx: BenchContext, page: () => Promise<TerminalPage>): Promise<Row[]> {
  const { tab } = await interleave(ctx.counts.large, {
    tab: async () => {
      const opened = await page();
      return ctx.clients.counted(() => opened.run());
    },
  });
  const rate = cellOf(tab, (r) => r.bytes / MB / (r.ms / 1000));
  // The WinRM leg alone (case 6 measured it already in a full run): if it is not much faster than
  // the tab, the figure above is the server's and the connection's, not the terminal's.
  const cli = await ctx.headToHead(OUTPUT_20, 'https', ctx.counts.proxy, ctx.counts.proxyPywinrm);
  const cliRate = cellOf(cli.ours, (r) => OUTPUT_20.bytes / MB / (r.wallMs / 1000));
  const [t, c] = [medianOf(rate), medianOf(cliRate)];
  return [
    {
      case: '8b',
      figure: `terminal throughput, \`${OUTPUT_COMMAND}\` into a shell tab (NTLM/HTTPS direct)`,
      unit: 'MB/s',
      better: 'higher',
      ours: rate,
      target: oursTarget(rate, { min: 20 }, '≥20 MB/s'),
      ...(t !== null && c !== null ? { note: `the CLI on the same route moves ${c.toFixed(1)} MB/s (whole process), so the tab reaches ${((t / c) * 100).toFixed(0)}% of it` } : {}),
    },
  ];
}
