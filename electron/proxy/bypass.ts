import { BlockList, isIP } from 'node:net';

/**
 * A bypass list: hosts reached directly although a proxy is configured. Entries as WinHTTP, IE and
 * NO_PROXY write them: exact names, wildcards (`*.corp.example`, `10.*`), `.suffix`, `<local>` (names
 * without a dot), CIDR ranges (`10.0.0.0/8`, `fd00::/8`), `*` (everything), each optionally `:port`.
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

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function ruleFor(raw: string, style: 'winhttp' | 'no_proxy'): Rule | null {
  const entry = raw.trim().toLowerCase();
  if (entry === '') return null;
  if (entry === '*') return { test: () => true };
  if (entry === '<local>') return { test: (host) => !host.includes('.') && !host.includes(':') };
  const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(entry);
  if (cidr && isIP(cidr[1]!)) {
    const family = isIP(cidr[1]!) === 4 ? 'ipv4' : 'ipv6';
    const blocks = new BlockList();
    blocks.addSubnet(cidr[1]!, Number(cidr[2]), family);
    return { test: (host) => isIP(host) !== 0 && blocks.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6') };
  }
  const { pattern, port } = splitPort(entry);
  if (pattern.includes('*')) {
    const re = globToRegExp(pattern);
    return withPort((host) => re.test(host), port);
  }
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
