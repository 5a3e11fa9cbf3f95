import type { HandlersOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';
import type { HostStore } from '../store/host-store.ts';
import type { VaultService } from '../store/vault-service.ts';
import { DeskError, type ErrorInfo } from '../../shared/errors.ts';
import type { z } from 'zod';
import type { appInfoSchema } from '../../shared/ipc/contract.ts';
import type { TabRegistry } from '../sessions/tab-registry.ts';
import type { TabOwner } from '../sessions/tab-port.ts';
import type { ShellHistory } from '../store/shell-history.ts';

export interface Services {
  readonly appInfo: () => z.input<typeof appInfoSchema>;
  readonly hosts: HostStore;
  readonly vault: VaultService;
  readonly problems: () => ErrorInfo[];
  readonly tabs: TabRegistry;
  readonly shellHistory: ShellHistory;
}

/** Who called: the page, as the owner of the shell tabs it opens. */
export interface Caller {
  readonly owner: TabOwner;
}

function ownerOf(caller: Caller | undefined): TabOwner {
  if (!caller) throw new DeskError('INTERNAL', 'This transport cannot carry shell tabs.');
  return caller.owner;
}

/** The handlers for every channel, shared by Electron's ipcMain and the browser test harness. */
export function createHandlers(services: Services): HandlersOf<DeskContract, Caller | undefined> {
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
    sessions: {
      open: ({ hostId }, caller) => services.tabs.open(ownerOf(caller), hostId),
      reconnect: ({ tabId }, caller) => services.tabs.reconnect(ownerOf(caller), tabId),
      close: async ({ tabId }, caller) => ({ closed: true as const, ...(await services.tabs.close(ownerOf(caller), tabId)) }),
      signal: async ({ tabId, signal }, caller) => {
        await services.tabs.signal(ownerOf(caller), tabId, signal);
        return { sent: true as const };
      },
      // WinRS shells have no terminal size; the tab must exist all the same.
      resize: ({ tabId }, caller) => {
        if (!services.tabs.list(ownerOf(caller)).some((t) => t.tabId === tabId)) throw new DeskError('NOT_FOUND', 'No such shell tab.');
        return { applied: false };
      },
      list: (_request, caller) => services.tabs.list(ownerOf(caller)),
    },
    shellHistory: {
      list: ({ hostId }) => services.shellHistory.list(hostId),
      add: ({ hostId, line }) => {
        services.shellHistory.add(hostId, line);
        return { saved: true as const };
      },
    },
  };
}
