import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** This process's TCP sockets whose remote end is one of `ports`, by remote port. */
export interface SocketCount {
  readonly total: number;
  readonly byPort: Readonly<Record<number, number>>;
}

/**
 * Counts this process's open TCP sockets to the given remote ports, from the kernel's own tables:
 * the socket inodes among /proc/self/fd, matched against /proc/self/net/tcp{,6}. Those tables list
 * every socket of the network namespace (other processes' too, and TIME_WAIT entries with inode 0),
 * so only inodes this process holds are counted: a socket we forgot to close stays here, one the
 * kernel still lingers over after our close does not.
 */
export function tcpSocketsTo(ports: readonly number[]): SocketCount {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed between readdir and readlink (or the directory's own fd)
    }
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  const wanted = new Set(ports);
  const byPort: Record<number, number> = Object.fromEntries(ports.map((port) => [port, 0]));
  let total = 0;
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || !inodes.has(fields[9]!)) continue;
      const remotePort = parseInt(fields[2]!.split(':')[1]!, 16);
      if (!wanted.has(remotePort)) continue;
      byPort[remotePort]! += 1;
      total += 1;
    }
  }
  return { total, byPort };
}
