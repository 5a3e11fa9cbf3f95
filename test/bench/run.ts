import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { RigInfo } from '../rig/rig-info.ts';
import { runCliProcess } from '../support/cli-process.ts';
import { hostSearchKeystrokeMs } from './host-search.ts';
import { openHostSearchPage, type HostSearchPage } from './host-search-page.ts';

// `npm run bench`: whole-process figures for the CLI against the test rig (loopback), with targets.
// Each case runs RUNS times; the median is compared with its target, min and max are shown for noise.
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
// BENCH_ONLY=<part of a case name> runs just the matching cases.
const ONLY = process.env['BENCH_ONLY'];

interface Case {
  readonly name: string;
  readonly unit: string;
  readonly target: { readonly max?: number; readonly min?: number };
  run(): Promise<number>;
}

async function startRig(): Promise<{ rig: RigInfo; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-bench-'));
  const child = spawn('/usr/bin/python3', [path.join(import.meta.dirname, '../rig/rig.py'), 'run', '--dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve([l]));
    child.once('exit', (code) => reject(new Error(`rig exited ${code}`)));
  })) as [string];
  return {
    rig: JSON.parse(line) as RigInfo,
    stop: async () => {
      child.stdin.end();
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const { rig, stop } = await startRig();
const env = { WINRM_PASSWORD: rig.winrm.basicPassword, NTLM_PASSWORD: rig.winrm.ntlmPassword };
const ntlmHttp = ['--url', `http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`, '--auth', 'ntlm', '--user', `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`, '--password-env', 'NTLM_PASSWORD', '--json'];
const basicHttps = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath, '--json'];

async function json(args: string[], stdin?: string): Promise<{ timings: { totalMs: number }; maxRssKiB: number; stdoutBytes: number }> {
  const result = await runCliProcess(args, { env, ...(stdin ? { stdin } : {}) });
  if (result.code !== 0) throw new Error(`bench command failed (${result.code}): ${result.stderr.slice(-300)}`);
  return JSON.parse(result.stdout.toString()) as never;
}

const MB = 1024 * 1024;
// Opened by its case's first run, so a run without that case never starts Chromium.
let searchPage: Promise<HostSearchPage> | undefined;
const cases: Case[] = [
  {
    name: 'exec 20 MB over Basic/HTTPS: throughput',
    unit: 'MB/s',
    target: { min: 10 },
    run: async () => {
      const r = await json(['exec', ...basicHttps, '--', 'head -c 20971520 /dev/zero']);
      return r.stdoutBytes / MB / (r.timings.totalMs / 1000);
    },
  },
  {
    name: 'exec 20 MB over NTLM with message encryption (HTTP): throughput',
    unit: 'MB/s',
    target: { min: 8 },
    run: async () => {
      const r = await json(['exec', ...ntlmHttp, '--', 'head -c 20971520 /dev/zero']);
      return r.stdoutBytes / MB / (r.timings.totalMs / 1000);
    },
  },
  {
    name: 'exec 20 MB over Basic/HTTPS: CLI peak memory',
    unit: 'MiB',
    target: { max: 200 },
    run: async () => (await json(['exec', ...basicHttps, '--', 'head -c 20971520 /dev/zero'])).maxRssKiB / 1024,
  },
  {
    name: 'batch of 200 commands over Basic/HTTPS: per command',
    unit: 'ms',
    target: { max: 25 },
    run: async () => {
      const lines = Array.from({ length: 200 }, (_, i) => `echo ${i}`).join('\n');
      return (await json(['batch', ...basicHttps], `${lines}\n`)).timings.totalMs / 200;
    },
  },
  {
    name: 'host search over 10 000 hosts, typing "web-0042": per keystroke',
    unit: 'ms',
    target: { max: 16 },
    run: async () => hostSearchKeystrokeMs(),
  },
  {
    name: 'Hosts screen in Chromium over 10 000 hosts, typing "web-0042": keydown to the narrowed list, per keystroke',
    unit: 'ms',
    // One frame plus the deferred render of the list.
    target: { max: 50 },
    run: async () => (await (searchPage ??= openHostSearchPage())).keystrokeMs(),
  },
];
const selected = cases.filter((c) => ONLY === undefined || c.name.includes(ONLY));

let failed = 0;
try {
  if (selected.length === 0) throw new Error(`BENCH_ONLY="${ONLY}" matches no case: ${cases.map((c) => c.name).join('; ')}`);
  console.log(`bench: ${RUNS} runs each, Node ${process.versions.node}, ${os.cpus().length} CPUs`);
  for (const c of selected) {
    const values: number[] = [];
    for (let i = 0; i < RUNS; i++) values.push(await c.run());
    const m = median(values);
    const ok = (c.target.min === undefined || m >= c.target.min) && (c.target.max === undefined || m <= c.target.max);
    if (!ok) failed++;
    const target = c.target.min !== undefined ? `>= ${c.target.min}` : `<= ${c.target.max}`;
    console.log(`${ok ? 'ok  ' : 'MISS'} ${c.name}: median ${m.toFixed(1)} ${c.unit} (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}; target ${target})`);
  }
} finally {
  try {
    // A page that failed to open has cleaned up after itself, and its error has already stopped the loop.
    await searchPage?.then(
      (page) => page.close(),
      () => undefined,
    );
  } finally {
    await stop();
  }
}
process.exitCode = failed > 0 ? 1 : 0;
