import type { RigInfo } from '../rig/rig-info.ts';
import { Unavailable, type Clients, type ClientRun, type Route, type ServerCounts, type Workload } from './clients.ts';
import { interleave, type Series } from './measure.ts';
import { values, type Cell } from './table.ts';

// What every case gets: the rig, the two clients, the run counts, and the head-to-head workloads
// measured once per bench run (case 6 reuses cases 1 and 2's direct figures instead of measuring
// them again).

export interface RunCounts {
  /** BENCH_RUNS (default 5): most cases. */
  readonly runs: number;
  /** BENCH_RUNS_LARGE (default 3): the 100 MB output, Kerberos, Basic/HTTPS, the terminal. */
  readonly large: number;
  /** BENCH_RUNS_PROXY (default 3): case 6's routes through Squid and direct HTTPS, ours. */
  readonly proxy: number;
  /** BENCH_RUNS_PROXY_PYWINRM (default 1): pywinrm on those routes (through Squid it takes ~50 ms per request). */
  readonly proxyPywinrm: number;
  /** BENCH_RUNS_FANOUT (default 3): case 5. */
  readonly fanout: number;
}

export interface HeadToHead {
  readonly ours: Series<ClientRun>;
  readonly pywinrm: Series<ClientRun>;
}

export class BenchContext {
  readonly rig: RigInfo;
  readonly clients: Clients;
  readonly counts: RunCounts;
  readonly log: (line: string) => void;
  readonly #measured = new Map<string, Promise<HeadToHead>>();

  constructor(rig: RigInfo, clients: Clients, counts: RunCounts, log: (line: string) => void) {
    this.rig = rig;
    this.clients = clients;
    this.counts = counts;
    this.log = log;
  }

  /** Ours and pywinrm on one workload and route, interleaved, measured once per bench run (the first caller's run counts hold). */
  headToHead(workload: Workload, route: Route, runs: number, pywinrmRuns = runs): Promise<HeadToHead> {
    const key = `${JSON.stringify(workload)} ${route}`;
    let measured = this.#measured.get(key);
    if (!measured) {
      const { clients } = this;
      measured = interleave(runs, {
        ours: () => clients.ours(workload, clients.oursRoute(route)),
        pywinrm: () => clients.pywinrm(workload, clients.pywinrmRoute(route)),
      }, (error) => error instanceof Unavailable, { pywinrm: Math.min(runs, pywinrmRuns) });
      this.#measured.set(key, measured);
    }
    return measured;
  }
}

/** A series as a table cell: `pick` of each run, with the server's counts of each run. */
export function cellOf<T>(series: Series<T>, pick: (run: T) => number): Cell {
  if (series.failure) return { kind: series.failure.kind, reason: series.failure.reason };
  const counted = series.runs as ReadonlyArray<T & Partial<ServerCounts>>;
  const counts = counted.length > 0 && counted.every((r) => typeof r.requests === 'number' && typeof r.connections === 'number' && typeof r.serverCpuSec === 'number') ? counted.map((r) => ({ requests: r.requests!, connections: r.connections!, serverCpuSec: r.serverCpuSec! })) : undefined;
  return values(series.runs.map(pick), counts);
}

export const MB = 1024 * 1024;
