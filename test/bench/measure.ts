import { spawn } from 'node:child_process';
import path from 'node:path';

// How a bench case runs a client process and what it keeps of it. Remote output (tens of MB) is
// counted, never held: only its tail is kept, for the error message when a run fails.

const RUSAGE = path.join(import.meta.dirname, 'rusage.py');
const PYTHON = '/usr/bin/python3';
const TAIL = 2048;
const DEFAULT_TIMEOUT_MS = 180_000;

export interface ProcessOptions {
  readonly env: Readonly<Record<string, string>>;
  readonly stdin?: string;
  readonly timeoutMs?: number;
}

export interface ProcessRun {
  readonly code: number | null;
  /** Wall time of the process itself (rusage.py: fork to reap; a direct spawn: spawn to exit). */
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderrBytes: number;
  readonly stderrTail: string;
  /** From spawn to the first byte on stderr (where both clients put the remote output in the bench). */
  readonly firstStderrMs: number | null;
}

export interface MeasuredRun extends ProcessRun {
  /** User plus system CPU seconds of the client process (wait4's rusage). */
  readonly cpuSec: number;
  readonly maxRssKiB: number;
}

interface RusageReport {
  readonly exitCode: number | null;
  readonly wallSec: number;
  readonly userSec: number;
  readonly sysSec: number;
  readonly maxRssKiB: number;
}

function run(argv: readonly string[], options: ProcessOptions, report: boolean): Promise<ProcessRun & { report: string }> {
  const [program, ...args] = report ? [PYTHON, RUSAGE, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Its own process group, so a run past its time is stopped with everything it started.
    const child = spawn(program!, args, { env: { ...options.env }, stdio: ['pipe', 'pipe', 'pipe', report ? 'pipe' : 'ignore'], detached: true });
    let stdout = '';
    let reportText = '';
    let stderrBytes = 0;
    let tail = Buffer.alloc(0);
    let firstStderrMs: number | null = null;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      firstStderrMs ??= performance.now() - started;
      stderrBytes += chunk.length;
      tail = Buffer.concat([tail, chunk.subarray(-TAIL)]).subarray(-TAIL);
    });
    if (report) (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => (reportText += chunk));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.stdin ?? '');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      reject(new Error(`${path.basename(argv[1] ?? argv[0]!)} ran longer than ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s and was stopped`));
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, wallMs: performance.now() - started, stdout, stderrBytes, stderrTail: tail.toString('utf8'), firstStderrMs, report: reportText });
    });
  });
}

/** Runs `argv` directly: wall time from spawn to exit, first stderr byte. */
export async function runTimed(argv: readonly string[], options: ProcessOptions): Promise<ProcessRun> {
  const { report: _, ...result } = await run(argv, options, false);
  return result;
}

/** Runs `argv` under rusage.py: the client's own wall time, CPU seconds and peak RSS. */
export async function runMeasured(argv: readonly string[], options: ProcessOptions): Promise<MeasuredRun> {
  const { report, ...result } = await run(argv, options, true);
  let usage: RusageReport;
  try {
    usage = JSON.parse(report) as RusageReport;
  } catch {
    throw new Error(`rusage.py reported nothing (exit ${result.code}): ${result.stderrTail.slice(-300)}`);
  }
  return { ...result, code: usage.exitCode, wallMs: usage.wallSec * 1000, cpuSec: usage.userSec + usage.sysSec, maxRssKiB: usage.maxRssKiB };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Failure {
  readonly kind: 'unavailable' | 'failed';
  readonly reason: string;
}

/** One variant's runs; after a failure it is not run again (its earlier runs are kept). */
export interface Series<T> {
  readonly runs: T[];
  failure?: Failure;
}

/**
 * Runs each variant `runs` times, interleaved (run i starts with variant i mod n), so a drift in the
 * machine's load falls on all of them alike. A variant that throws is recorded and dropped; errors
 * for which `unavailable` says yes are "unavailable", the rest "failed".
 */
export async function interleave<K extends string, T>(
  runs: number,
  variants: Readonly<Record<K, () => Promise<T>>>,
  unavailable: (error: unknown) => boolean = () => false,
  /** Fewer runs for some variants (their runs come first, still interleaved with the others). */
  fewer: Partial<Record<K, number>> = {},
): Promise<Record<K, Series<T>>> {
  const names = Object.keys(variants) as K[];
  const results = Object.fromEntries(names.map((n) => [n, { runs: [] } as Series<T>])) as Record<K, Series<T>>;
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      const series = results[name];
      if (series.failure || i >= (fewer[name] ?? runs)) continue;
      try {
        series.runs.push(await variants[name]());
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        series.failure = { kind: unavailable(error) ? 'unavailable' : 'failed', reason };
      }
    }
  }
  return results;
}
