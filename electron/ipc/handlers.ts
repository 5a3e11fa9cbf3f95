import type { HandlersOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';
import type { HostStore } from '../store/host-store.ts';
import type { VaultService } from '../store/vault-service.ts';
import type { ErrorInfo } from '../../shared/errors.ts';
import type { z } from 'zod';
import type { appInfoSchema } from '../../shared/ipc/contract.ts';

export interface Services {
  readonly appInfo: () => z.input<typeof appInfoSchema>;
  readonly hosts: HostStore;
  readonly vault: VaultService;
  readonly problems: () => ErrorInfo[];
}

/** The handlers for every channel, shared by Electron's ipcMain and the browser test harness. */
export function createHandlers(services: Services): HandlersOf<DeskContract> {
  return {
    app: {
      getInfo: () => services.appInfo(),
      getProblems: () => services.problems(),
    },
    hosts: {
      list: () => services.hosts.list(),
      add: (host) => services.hosts.add(host),
      remove: ({ id }) => {
        services.hosts.remove(id);
        return { removed: true as const };
      },
    },
    vault: {
      status: () => services.vault.status(),
      init: ({ masterPassword }) => services.vault.init(masterPassword),
      unlock: ({ masterPassword }) => services.vault.unlock(masterPassword),
      lock: () => services.vault.lock(),
    },
    credentials: {
      list: () => services.vault.list(),
      add: ({ secret, ...credential }) => services.vault.add(credential, secret),
      remove: ({ id }) => {
        services.vault.remove(id);
        return { removed: true as const };
      },
    },
  };
}
