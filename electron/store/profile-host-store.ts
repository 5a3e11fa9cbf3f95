import { DeskError } from '../../shared/errors.ts';
import type { HostStore } from './host-store.ts';
import type { ProfileStore } from './profile-store.ts';

/**
 * The IPC-facing HostStore (hosts:list/add/remove) over the persisted profiles, so main.ts swaps
 * `createMemoryHostStore()` for this without the contract or the UI changing. Summaries show the
 * transport and port a host effectively uses, inheritance applied.
 */
export function createProfileHostStore(store: ProfileStore): HostStore {
  return {
    list: () =>
      store
        .document()
        .hosts.map((host) => {
          const { settings } = store.resolve(host);
          return { id: host.id, name: host.name, address: host.address, transport: settings.transport, port: settings.port };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    add(host) {
      const saved = store.addHost({ name: host.name, address: host.address, transport: host.transport, ...(host.port === undefined ? {} : { port: host.port }) });
      const { settings } = store.resolve(saved);
      return { id: saved.id, name: saved.name, address: saved.address, transport: settings.transport, port: settings.port };
    },
    remove(id) {
      // By id only: removeHost also accepts a name, and an IPC id must never match a host's name.
      if (!store.document().hosts.some((h) => h.id === id)) throw new DeskError('NOT_FOUND', 'No host with that id.');
      store.removeHost(id);
    },
  };
}
