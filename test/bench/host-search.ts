import { performance } from 'node:perf_hooks';
import type { HostProfile } from '../../shared/domain/host-profile.ts';
import { buildHostSearchIndex, narrowingSearch } from '../../renderer/src/hosts/host-search.ts';

// The host list's search as the user types "web-0042" into 10 000 hosts, one keystroke at a time:
// the time of each keystroke's search (the index is built once per document, outside the timing).
const ROLES = ['web', 'sql', 'dc', 'file', 'app'];
const QUERY = 'web-0042';

function hosts(count: number): HostProfile[] {
  return Array.from({ length: count }, (_, i) => {
    const role = ROLES[i % ROLES.length]!;
    const name = `${role}-${String(Math.floor(i / ROLES.length)).padStart(4, '0')}`;
    return { id: `h_bench${i}`, name, address: `${name}.site${i % 17}.corp.example`, tags: [role, i % 2 ? 'prod' : 'lab'], notes: '' };
  });
}

/** Median milliseconds per keystroke over one typing of the query. */
export function hostSearchKeystrokeMs(count = 10_000): number {
  const index = buildHostSearchIndex(hosts(count));
  const search = narrowingSearch(index);
  const times: number[] = [];
  for (let n = 1; n <= QUERY.length; n++) {
    const started = performance.now();
    const result = search({ text: QUERY.slice(0, n), tags: [] });
    times.push(performance.now() - started);
    if (n === QUERY.length && result.matches.length !== 1) throw new Error(`"${QUERY}" matched ${result.matches.length} hosts, expected 1`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}
