import type { HostProfile } from '../../../shared/domain/host-profile.ts';

/**
 * What the host list searches: each host's name, address and tags, lower-cased once per document, in
 * name order. A keystroke then costs one substring test per candidate, and typing on (a query that
 * extends the last one) only looks again at the hosts the last query kept.
 */
export interface HostSearchIndex {
  /** Positions in the document's host list, in name order. */
  readonly order: readonly number[];
  /** Per document position: "name\naddress\ntag\ntag…", lower-cased. */
  readonly text: readonly string[];
  /** Per document position: the lower-cased tags. */
  readonly tags: readonly (readonly string[])[];
  /** Every tag with how many hosts carry it, most used first. */
  readonly tagCounts: readonly { readonly tag: string; readonly count: number }[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function buildHostSearchIndex(hosts: readonly HostProfile[]): HostSearchIndex {
  const text = hosts.map((h) => [h.name, h.address, ...h.tags].join('\n').toLowerCase());
  const tags = hosts.map((h) => h.tags.map((t) => t.toLowerCase()));
  const order = hosts.map((_, i) => i).sort((a, b) => collator.compare(hosts[a]!.name, hosts[b]!.name));
  const counts = new Map<string, { tag: string; count: number }>();
  for (const host of hosts) {
    for (const tag of host.tags) {
      const key = tag.toLowerCase();
      const entry = counts.get(key) ?? { tag, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  const tagCounts = [...counts.values()].sort((a, b) => b.count - a.count || collator.compare(a.tag, b.tag));
  return { order, text, tags, tagCounts };
}

export interface HostQuery {
  /** Words, each of which must appear in the name, the address or a tag. */
  readonly text: string;
  /** Tags every host shown must carry (any case). */
  readonly tags: readonly string[];
}

export interface HostSearchResult {
  readonly query: HostQuery;
  /** Document positions, in name order. */
  readonly matches: readonly number[];
}

const words = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);

/** True when every host `wider` would drop, `narrower` drops too, so narrower can search wider's matches only. */
function refines(narrower: HostQuery, wider: HostQuery): boolean {
  const tags = new Set(narrower.tags.map((t) => t.toLowerCase()));
  if (!wider.tags.every((t) => tags.has(t.toLowerCase()))) return false;
  const next = words(narrower.text);
  return words(wider.text).every((w) => next.some((n) => n.includes(w)));
}

/** The hosts matching `query`; pass the previous result of the same index to search only what it kept. */
export function searchHosts(index: HostSearchIndex, query: HostQuery, previous: HostSearchResult | null = null): HostSearchResult {
  const needles = words(query.text);
  const tags = query.tags.map((t) => t.toLowerCase());
  if (needles.length === 0 && tags.length === 0) return { query, matches: index.order };
  const candidates = previous && refines(query, previous.query) ? previous.matches : index.order;
  const matches: number[] = [];
  for (const at of candidates) {
    const text = index.text[at]!;
    if (!needles.every((n) => text.includes(n))) continue;
    const own = index.tags[at]!;
    if (tags.every((t) => own.includes(t))) matches.push(at);
  }
  return { query, matches };
}

/** A search over one index that remembers its last result, so each keystroke narrows from it. */
export function narrowingSearch(index: HostSearchIndex): (query: HostQuery) => HostSearchResult {
  let previous: HostSearchResult | null = null;
  return (query) => (previous = searchHosts(index, query, previous));
}
