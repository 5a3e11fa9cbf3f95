import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chooseCli } from './cli-entry.ts';
import { Clients } from './clients.ts';
import { BenchContext, type RunCounts } from './context.ts';
import { openHostSearchPage, type HostSearchPage } from './host-search-page.ts';
import { startRig } from './rig-process.ts';
import { renderTable, writeJson, type Row } from './table.ts';
import { basicHttpsCase } from './cases/basic-https.ts';
import { commandsCase } from './cases/commands.ts';
import { echoLatencyCase } from './cases/echo-latency.ts';
import { fanoutCase, fanoutTlsCase } from './cases/fanout.ts';
import { firstOutputCase } from './cases/first-output.ts';
import { hostSearchCase } from './cases/host-search.ts';
import { storeScaleCase } from './cases/store-scale.ts';
import { largeInputsCase } from './cases/large-inputs.ts';
import { kerberosOutputCase } from './cases/kerberos.ts';
import { OUTPUT_100, OUTPUT_20, outputCase } from './cases/output.ts';
import { proxiesCase } from './cases/proxies.ts';
import { startupCase } from './cases/startup.ts';
import { terminalCase } from './cases/terminal.ts';
import type { TerminalPage } from './terminal-page.ts';

// `npm run bench` (not part of `npm test`): our client and pywinrm against the same rig server in
// the same run, interleaved, several runs each; a table of medians with the ratio, the targets
// (printed, never asserted) and the server's request/connection counts, also written as JSON.
//   BENCH_RUNS (5), BENCH_RUNS_LARGE (3: 100 MB, Kerberos, Basic/HTTPS, terminal, CLI peak RSS), BENCH_RUNS_PROXY (3: case 6, ours),
//   BENCH_RUNS_PROXY_PYWINRM (1: case 6, pywinrm), BENCH_RUNS_FANOUT (3)
//   BENCH_ONLY=<case ids or parts of case names, comma-separated>   BENCH_CLI=sources|bundled
//   BENCH_JSON=<file> (default test-results/bench.json)
const env = process.env;
const number = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}="${env[name]}": expected a whole number ≥ 1`);
  return value;
};
const counts: RunCounts = {
  runs: number('BENCH_RUNS', 5),
  large: number('BENCH_RUNS_LARGE', 3),
  proxy: number('BENCH_RUNS_PROXY', 3),
  proxyPywinrm: number('BENCH_RUNS_PROXY_PYWINRM', 1),
  fanout: number('BENCH_RUNS_FANOUT', 3),
};
const only = (env['BENCH_ONLY'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const jsonFile = path.resolve(env['BENCH_JSON'] ?? 'test-results/bench.json');
const cli = chooseCli(env['BENCH_CLI']);

interface Case {
  readonly id: string;
  readonly name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

// Opened by their cases' first run, so a bench without them never starts Chromium.
let searchPage: Promise<HostSearchPage> | undefined;
let terminalPage: Promise<TerminalPage> | undefined;
const cases: Case[] = [
  { id: '1', name: '200 commands in one shell', run: commandsCase },
  { id: '2', name: '20 MB output', run: (ctx) => outputCase(ctx, OUTPUT_20, ctx.counts.runs) },
  { id: '2', name: '100 MB output', run: (ctx) => outputCase(ctx, OUTPUT_100, ctx.counts.large) },
  { id: '2k', name: '20 MB output, Kerberos', run: kerberosOutputCase },
  { id: '3', name: 'first output of a new shell', run: firstOutputCase },
  { id: '4', name: 'interactive echo latency', run: echoLatencyCase },
  { id: '5', name: 'fan-out to 100 sessions', run: fanoutCase },
  { id: '5t', name: 'fan-out over HTTPS, TLS sessions resumed or not', run: fanoutTlsCase },
  { id: '6', name: 'through Squid', run: proxiesCase },
  { id: '7', name: 'CLI start-up', run: startupCase },
  { id: 'B', name: 'Basic/HTTPS', run: basicHttpsCase },
  { id: 'S', name: 'store scale', run: (ctx) => storeScaleCase(ctx) },
  { id: 'L', name: 'large hostile inputs in linear time', run: largeInputsCase },
  { id: '8a', name: 'host search', run: (ctx) => hostSearchCase(ctx, () => (searchPage ??= openHostSearchPage())) },
  { id: '8b', name: 'terminal throughput in Chromium', run: (ctx) => terminalCase(ctx, () => (terminalPage ??= import('./terminal-page.ts').then((m) => m.openTerminalPage(ctx.rig)))) },
];
// A filter names a case by its id ("2k") or by part of its name ("Squid").
const selected = cases.filter((c) => only.length === 0 || only.some((o) => c.id === o || (o.length > 2 && c.name.toLowerCase().includes(o.toLowerCase()))));
if (selected.length === 0) throw new Error(`BENCH_ONLY="${env['BENCH_ONLY']}" matches no case: ${cases.map((c) => `${c.id} ${c.name}`).join('; ')}`);

function loadText(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

function pywinrmVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'python3-winrm'], { encoding: 'utf8' });
  } catch {
    return '(version unknown)';
  }
}

const began = performance.now();
const log = (line: string) => process.stderr.write(`bench [${((performance.now() - began) / 1000).toFixed(0)} s] ${line}\n`);
const { rig, stop } = await startRig();
const rows: Row[] = [];
try {
  const ctx = new BenchContext(rig, new Clients(rig, cli), counts, log);
  const header = `bench: Node ${process.versions.node}, ${os.cpus().length} CPUs, load ${loadText()}; our CLI: ${cli.kind} (${cli.why}); pywinrm ${pywinrmVersion()} (Debian, ${rig.python}); runs ${counts.runs} (100 MB, Kerberos, Basic, terminal, CLI RSS ${counts.large}; case 6 ours ${counts.proxy}, pywinrm ${counts.proxyPywinrm}; fan-out ${counts.fanout})`;
  console.log(header);
  for (const c of selected) {
    log(`case ${c.id}: ${c.name}`);
    try {
      rows.push(...(await c.run(ctx)));
    } catch (error) {
      rows.push({ case: c.id, figure: c.name, unit: '', better: 'lower', ours: { kind: 'failed', reason: error instanceof Error ? error.message : String(error) } });
    }
  }
  const failed = rows.filter((r) => r.ours.kind === 'failed' || r.pywinrm?.kind === 'failed').length;
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  console.log('ratio: how many times better we are than pywinrm (pywinrm ÷ ours for times and costs, ours ÷ pywinrm for rates); >1 means we are faster.');
  console.log('req/conn/srv s: the server\'s HTTP requests (authentication legs included), TCP connections and CPU seconds (its commands included) per run, median. MB = 2^20 bytes.');
  // Other work on the machine slows both clients alike (they are interleaved) but widens the spread.
  console.log(`load average at the end: ${loadText()}`);
  writeJson(jsonFile, { header, loadAtEnd: os.loadavg(), startedAt: new Date(Date.now() - (performance.now() - began)).toISOString(), node: process.versions.node, cpus: os.cpus().length, cli, counts, seconds: (performance.now() - began) / 1000 }, rows);
  console.log(`JSON: ${path.relative(process.cwd(), jsonFile)}; ${((performance.now() - began) / 1000).toFixed(0)} s in all`);
  // Targets are printed, not asserted: only a case that could not run fails the bench.
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  try {
    // A page that failed to open has cleaned up after itself.
    for (const page of [searchPage, terminalPage]) await page?.then((p) => p.close(), () => undefined);
  } finally {
    await stop();
  }
}
