import type { ProxyAddress } from './proxy-address.ts';

export type PacEntry = { readonly kind: 'direct' } | ({ readonly kind: 'proxy' } & ProxyAddress);

export interface PacAnswer {
  /** Entries to try in order. */
  readonly entries: readonly PacEntry[];
  /** Entries this client cannot use (SOCKS, HTTPS proxies), by their text. */
  readonly skipped: readonly string[];
}

/**
 * Parses a PAC-style answer, as FindProxyForURL returns and Electron's `session.resolveProxy` reports:
 * `PROXY host:port; DIRECT`. Unknown or unusable entries are skipped, not guessed at.
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
    const address = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(target);
    if (kind === 'PROXY' && address && extra.length === 0 && Number(address[2]) > 0 && Number(address[2]) < 65536) {
      entries.push({ kind: 'proxy', host: address[1]!.replace(/^\[|\]$/g, ''), port: Number(address[2]) });
      continue;
    }
    skipped.push(item.slice(0, 120));
  }
  return { entries, skipped };
}
