import type { HandlersOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';
import { DeskError } from '../../shared/errors.ts';
import type { TabOwner } from '../sessions/tab-port.ts';
import { hostHandlers } from './handlers/host-handlers.ts';
import { profileHandlers } from './handlers/profile-handlers.ts';
import { vaultHandlers } from './handlers/vault-handlers.ts';
import type { Services } from './services.ts';

export type { Services } from './services.ts';

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
    ...profileHandlers(services),
    hosts: hostHandlers(services),
    ...vaultHandlers(services),
    connectionTests: {
      start: ({ hostIds }) => services.connectionTests.start(hostIds),
      watch: ({ testId, seen }) => services.connectionTests.watch(testId, seen),
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
