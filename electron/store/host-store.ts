import { randomBytes } from 'node:crypto';
import type { HostSummary, NewHost } from '../../shared/domain/host.ts';
import { defaultPort } from '../../shared/domain/transport.ts';
import { DeskError } from '../../shared/errors.ts';

export interface HostStore {
  list(): HostSummary[];
  add(host: NewHost): HostSummary;
  remove(id: string): void;
}

/**
 * Hosts held for the lifetime of the process. It is the seam the persisted profile store (issue 7)
 * replaces; the IPC contract and the UI do not change when it does.
 */
export function createMemoryHostStore(): HostStore {
  const hosts = new Map<string, HostSummary>();
  return {
    list: () => [...hosts.values()].sort((a, b) => a.name.localeCompare(b.name)),
    add(host) {
      const name = host.name.trim();
      const clash = [...hosts.values()].find((existing) => existing.name.toLowerCase() === name.toLowerCase());
      if (clash) throw new DeskError('CONFLICT', `A host named "${clash.name}" already exists.`);
      const summary: HostSummary = {
        id: `h_${randomBytes(9).toString('base64url')}`,
        name,
        address: host.address.trim(),
        transport: host.transport,
        port: host.port ?? defaultPort(host.transport),
      };
      hosts.set(summary.id, summary);
      return summary;
    },
    remove(id) {
      if (!hosts.delete(id)) throw new DeskError('NOT_FOUND', 'No host with that id.');
    },
  };
}
