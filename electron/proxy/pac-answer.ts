import { redactProxyText, type ProxyAddress } from './proxy-address.ts';

export type PacEntry = { readonly kind: 'direct' } | ({ readonly kind: 'proxy' } & ProxyAddress);

export interface PacAnswer {
  /** Entries to try in order. */
  readonly entries: readonly PacEntry[];
  /** Entries this client cannot use (SOCKS, HTTPS proxies), by their text (credentials redacted; the first few only). */
  readonly skipped: readonly string[];
}

const MAX_SKIPPED_SHOWN = 16;
const KEYWORDS = new Set(['PROXY', 'DIRECT', 'SOCKS', 'SOCKS4', 'SOCKS5', 'HTTP', 'HTTPS', 'QUIC']);

// A skipped entry as a note may show it: its keyword, then its target without credentials.
function shownEntry(item: string, keyword: string): string {
  return KEYWORDS.has(keyword) ? `${keyword} ${redactProxyText(item.slice(keyword.length).trim(), 100)}`.trimEnd() : redactProxyText(item, 120);
}

/**
 * Parses a PAC-style answer, as FindProxyForURL returns and Electron's `session.resolveProxy` reports:
 * `PROXY host:port; DIRECT`. Unknown or unusable entries are skipped, not guessed at. A host holds no
 * `@` or `/` (an entry with credentials, `PROXY user:pass@h:1`, is skipped, and shown redacted).
 */
export function parsePacAnswer(answer: string): PacAnswer {
  const entries: PacEntry[] = [];
  const skipped: string[] = [];
  for (const raw of answer.split(';')) {
    const item = raw.trim();
    if (item === '') continue;
    const [type = '', target = '', ...extra] = item.split(/\s+/);
    const kind = type.toUpperCase();
    if (kind === 'DIRECT' && target === '') {
      entries.push({ kind: 'direct' });
      continue;
    }
    const address = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]@/]+):(\d{1,5})$/.exec(target);
    if (kind === 'PROXY' && address && extra.length === 0 && Number(address[2]) > 0 && Number(address[2]) < 65536) {
      entries.push({ kind: 'proxy', host: address[1]!.replace(/^\[|\]$/g, ''), port: Number(address[2]) });
      continue;
    }
    if (skipped.length < MAX_SKIPPED_SHOWN) skipped.push(shownEntry(item, kind));
  }
  return { entries, skipped };
}
