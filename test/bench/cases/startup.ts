import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { bundleExists, bundleStaleness, bundledCli, sourceCli, type CliEntry } from '../cli-entry.ts';
import { oursJson, pywinrmJson } from '../clients.ts';
import { cellOf, type BenchContext } from '../context.ts';
import { interleave, runMeasured, type Series } from '../measure.ts';
import { oursTarget, type Cell, type Row } from '../table.ts';

const WAIT_MS = 30_000;

/**
 * Spawn to the first bytes of the client's first HTTP request, caught by a loopback listener of ours
 * (the rig's server would answer; this one only notes the time and hangs up, so the client ends on a
 * connection error, which is expected here).
 */
async function toFirstRequest(argv: (url: string) => readonly string[], env: Record<string, string>, stdin: (url: string) => string): Promise<{ ms: number }> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wsman`;
  const [program, ...args] = argv(url);
  let started = 0;
  const first = new Promise<number>((resolve) => {
    server.once('connection', (socket) => {
      socket.once('data', () => {
        resolve(performance.now() - started);
        socket.destroy();
      });
    });
  });
  started = performance.now();
  const child = spawn(program!, args, { env, stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(stdin(url));
  const exited = once(child, 'exit');
  let timer: NodeJS.Timeout | undefined;
  try {
    const ms = await Promise.race([first, exited.then(() => Promise.reject(new Error('the client exited before sending a request'))), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no request within 30 s')), WAIT_MS)))]);
    return { ms };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      // It gives up on the dropped connection by itself; this is only in case it does not.
      const late = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 5000);
      await exited.catch(() => undefined);
      clearTimeout(late);
    }
    server.close();
  }
}

function oursStartup(ctx: BenchContext, cli: CliEntry) {
  const flags = (url: string) => ['--url', url, '--auth', 'ntlm', '--user', 'TEST\\ntlmuser', '--password-env', 'NTLM_PASSWORD', '--encryption', 'always'];
  return () => toFirstRequest((url) => [...cli.argv, 'exec', ...flags(url), '--', 'echo hi'], ctx.clients.env(), () => '');
}

function oursRss(ctx: BenchContext, cli: CliEntry) {
  return async () => {
    const run = await runMeasured([...cli.argv, 'exec', ...ctx.clients.oursRoute('http'), '--json', '--', 'echo hi'], { env: ctx.clients.env() });
    oursJson(run);
    return { kib: run.maxRssKiB };
  };
}

const noBundle: Cell = { kind: 'unavailable', reason: 'no out/main/cli.js: run `npm run build` first' };

/** Case 7: CLI start-up to its first request, and peak RSS of a short run (`exec echo hi`), bundled and from sources; pywinrm beside. */
export async function startupCase(ctx: BenchContext): Promise<Row[]> {
  const { clients } = ctx;
  const bundled = bundleExists();
  const stale = bundleStaleness();
  const pySpec = (url: string) => JSON.stringify({ ...clients.pywinrmRoute('http'), endpoint: url, commands: ['echo hi'] });
  const startVariants: Record<string, () => Promise<{ ms: number }>> = {
    ...(bundled ? { bundled: oursStartup(ctx, bundledCli()) } : {}),
    sources: oursStartup(ctx, sourceCli()),
    pywinrm: () => toFirstRequest(() => clients.pywinrmArgv(), clients.pywinrmEnv(), pySpec),
  };
  const rssVariants: Record<string, () => Promise<{ kib: number }>> = {
    ...(bundled ? { bundled: oursRss(ctx, bundledCli()) } : {}),
    sources: oursRss(ctx, sourceCli()),
    pywinrm: async () => {
      const run = await clients.runPywinrm({ ...clients.pywinrmRoute('http'), commands: ['echo hi'] });
      pywinrmJson(run);
      return { kib: run.maxRssKiB };
    },
  };
  const start = await interleave(ctx.counts.runs, startVariants);
  // Peak RSS varies little between runs: fewer of them keep the bench in its time.
  const rss = await interleave(ctx.counts.large, rssVariants);
  const seconds = (series: Series<{ ms: number }> | undefined): Cell => (series ? cellOf(series, (r) => r.ms / 1000) : noBundle);
  const mib = (series: Series<{ kib: number }> | undefined): Cell => (series ? cellOf(series, (r) => r.kib / 1024) : noBundle);
  const startBundled = seconds(start['bundled']);
  const rssBundled = mib(rss['bundled']);
  const startPy = seconds(start['pywinrm']);
  const rssPy = mib(rss['pywinrm']);
  return [
    { case: '7', figure: 'CLI start-up to first request, bundled', unit: 's', better: 'lower', ours: startBundled, pywinrm: startPy, target: oursTarget(startBundled, { max: 0.15 }, '≤0.15 s'), ...(stale ? { note: stale } : {}) },
    { case: '7', figure: 'CLI start-up to first request, from sources', unit: 's', better: 'lower', ours: seconds(start['sources']), pywinrm: startPy },
    { case: '7', figure: 'CLI peak RSS, `exec echo hi`, bundled', unit: 'MiB', better: 'lower', ours: rssBundled, pywinrm: rssPy, target: oursTarget(rssBundled, { max: 100 }, '≤100 MB') },
    { case: '7', figure: 'CLI peak RSS, `exec echo hi`, from sources', unit: 'MiB', better: 'lower', ours: mib(rss['sources']), pywinrm: rssPy },
  ];
}
