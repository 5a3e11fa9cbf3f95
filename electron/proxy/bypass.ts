import net, { isIP } from 'node:net';
import { DeskError } from '../../shared/errors.ts';
import { compileWildcard } from './wildcard-pattern.ts';

/**
 * A bypass list: hosts reached directly although a proxy is configured. Entries as WinHTTP, IE and
 * NO_PROXY write them: exact names, wildcards (`*.corp.example`, `10.*`), `.suffix`, `<local>` (names
 * without a dot), CIDR ranges (`10.0.0.0/8`, `fd00::/8`), `*` (everything), each optionally `:port`.
 * Matching is linear in the host and the entries (see wildcard-pattern.ts); an entry that cannot mean
 * anything, such as a CIDR block with a prefix longer than its address, is INVALID_ARGUMENT.
 */
export interface BypassList {
  readonly entries: readonly string[];
  matches(host: string, port: number): boolean;
}

interface Rule {
  test(host: string, port: number): boolean;
}

function withPort(rule: (host: string) => boolean, port: number | null): Rule {
  return { test: (host, p) => (port === null || port === p) && rule(host) };
}

function splitPort(entry: string): { pattern: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { pattern: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : null };
  const m = /^([^:]+):(\d+)$/.exec(entry);
  return m ? { pattern: m[1]!, port: Number(m[2]) } : { pattern: entry, port: null };
}

function cidrRule(raw: string, address: string, prefix: number): Rule {
  const version = isIP(address) === 4 ? 4 : 6;
  const longest = version === 4 ? 32 : 128;
  if (prefix > longest) {
    // BlockList would throw a RangeError, reported as INTERNAL.
    throw new DeskError('INVALID_ARGUMENT', `The bypass entry "${raw.slice(0, 80)}" is not a CIDR block: an IPv${version} prefix length is 0–${longest}.`);
  }
  // net.BlockList is read here, not imported by name: Node loads it on first use, and only a CIDR
  // entry needs it (the bundle reads named imports of built-ins as the process starts).
  const blocks = new net.BlockList();
  blocks.addSubnet(address, prefix, version === 4 ? 'ipv4' : 'ipv6');
  return { test: (host) => isIP(host) !== 0 && blocks.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6') };
}

function ruleFor(raw: string, style: 'winhttp' | 'no_proxy'): Rule | null {
  const entry = raw.trim().toLowerCase();
  if (entry === '') return null;
  if (entry === '*') return { test: () => true };
  if (entry === '<local>') return { test: (host) => !host.includes('.') && !host.includes(':') };
  const cidr = /^([0-9a-f:.]+)\/(\d+)$/.exec(entry);
  if (cidr && isIP(cidr[1]!)) return cidrRule(raw.trim(), cidr[1]!, Number(cidr[2]));
  const { pattern: written, port } = splitPort(entry);
  // A fully qualified name's trailing dot, dropped as it is from the host matched (`dc01.corp.`).
  const pattern = written.length > 1 ? written.replace(/\.$/, '') : written;
  if (pattern.includes('*')) return withPort(compileWildcard(pattern), port);
  if (pattern.startsWith('.')) return withPort((host) => host.endsWith(pattern), port);
  // NO_PROXY (curl, Go, Python) treats a name as covering its subdomains too; WinHTTP matches exactly.
  if (style === 'no_proxy') return withPort((host) => host === pattern || host.endsWith(`.${pattern}`), port);
  return withPort((host) => host === pattern, port);
}

export function parseBypassList(text: string, style: 'winhttp' | 'no_proxy'): BypassList {
  const entries = text
    .split(/[;,\s]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const rules = entries.map((e) => ruleFor(e, style)).filter((r): r is Rule => r !== null);
  return {
    entries,
    matches: (host, port) => {
      const name = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
      return rules.some((rule) => rule.test(name, port));
    },
  };
}
