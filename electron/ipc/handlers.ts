import type { HandlersOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';
import type { HostStore } from '../store/host-store.ts';
import type { z } from 'zod';
import type { appInfoSchema } from '../../shared/ipc/contract.ts';

export interface Services {
  readonly appInfo: () => z.input<typeof appInfoSchema>;
  readonly hosts: HostStore;
}

/** The handlers for every channel, shared by Electron's ipcMain and the browser test harness. */
export function createHandlers(services: Services): HandlersOf<DeskContract> {
  return {
    app: {
      getInfo: () => services.appInfo(),
    },
    hosts: {
      list: () => services.hosts.list(),
      add: (host) => services.hosts.add(host),
      remove: ({ id }) => {
        services.hosts.remove(id);
        return { removed: true as const };
      },
    },
  };
}
