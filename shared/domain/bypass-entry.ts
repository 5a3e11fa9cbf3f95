/**
 * What one bypass-list entry may be, as WinHTTP, IE and NO_PROXY write them: `<local>` (names without
 * a dot), `*`, a host name, a wildcard (`*.corp.example`, `10.*`), a `.suffix`, an IPv4 or IPv6
 * address, a CIDR block (`10.0.0.0/8`, `fd00::/8`), each optionally with `:port` (`[v6]:port`).
 * One definition for the profile schema and the editor, which flags an entry as the user types it;
 * electron/proxy/bypass.ts gives the same entries their meaning.
 */

export const BYPASS_ENTRY_MAX_LENGTH = 255;

const LABEL = /^[A-Za-z0-9_*-]+$/;

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const all = halves.flatMap(groups);
  // An embedded IPv4 address (`::ffff:10.0.0.1`) counts as two groups and can only come last.
  const last = all.at(-1);
  const embedded = last !== undefined && last.includes('.');
  if (embedded && !isIpv4(last)) return false;
  const hex = embedded ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hex.length + (embedded ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

function portProblem(port: string, entry: string): string | null {
  const n = Number(port);
  return /^\d{1,5}$/.test(port) && n >= 1 && n <= 65535 ? null : `"${entry}": the port after ":" must be 1–65535.`;
}

function hostPatternProblem(pattern: string, entry: string): string | null {
  if (pattern.includes(':')) return isIpv6(pattern) ? null : `"${entry}" is not an IPv6 address (write [address]:port to add a port).`;
  // A leading dot is a suffix (`.corp.example`), a trailing one a fully qualified name (`dc01.corp.`).
  const body = pattern.replace(/^\./, '').replace(/\.$/, '');
  const labels = body.split('.');
  if (body === '' || labels.some((l) => l === '')) return `"${entry}" has an empty part between dots.`;
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return `"${entry}": "${bad}" is not part of a host name (letters, digits, "-", "_" and the wildcard "*").`;
  if (labels.every((l) => /^\d+$/.test(l)) && labels.length === 4 && !isIpv4(body)) return `"${entry}" is not an IPv4 address: each part is 0–255.`;
  return null;
}

/** Why `raw` is not a bypass entry, in words an admin can act on; null when it is one. */
export function bypassEntryProblem(raw: string): string | null {
  const entry = raw.trim();
  if (entry === '') return 'A bypass entry cannot be empty.';
  if (entry.length > BYPASS_ENTRY_MAX_LENGTH) return `A bypass entry is at most ${BYPASS_ENTRY_MAX_LENGTH} characters.`;
  if (entry.toLowerCase() === '<local>' || entry === '*') return null;
  if (/[\s;,]/.test(entry)) return `"${entry}" is more than one bypass entry; put each on its own line.`;
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const address = cidr[1]!;
    const longest = isIpv4(address) ? 32 : isIpv6(address) ? 128 : 0;
    if (longest === 0) return `"${entry}" is not a CIDR block: before "/" comes an IP address.`;
    return Number(cidr[2]) <= longest ? null : `"${entry}" is not a CIDR block: an IPv${longest === 32 ? 4 : 6} prefix length is 0–${longest}.`;
  }
  if (entry.includes('/')) return `"${entry}" is not a CIDR block such as 10.0.0.0/8.`;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    const port = bracketed[2];
    if (!isIpv6(bracketed[1]!)) return `"${entry}": inside [ ] comes an IPv6 address.`;
    return port === undefined ? null : portProblem(port, entry);
  }
  const hostPort = /^([^:]+):([^:]*)$/.exec(entry);
  if (hostPort) return portProblem(hostPort[2]!, entry) ?? hostPatternProblem(hostPort[1]!, entry);
  return hostPatternProblem(entry, entry);
}
