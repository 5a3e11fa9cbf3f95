import type { HandlersOf } from '../../../shared/ipc/channel.ts';
import type { DeskContract } from '../../../shared/ipc/contract.ts';
import { removeCredential, updateCredential } from '../../store/credential-admin.ts';
import { saved, type Services } from '../services.ts';

type Handlers = HandlersOf<DeskContract>;

/** The vault and its credentials; no response here has a field that could hold a secret. */
export function vaultHandlers(services: Services): Pick<Handlers, 'vault' | 'credentials'> {
  const { store, vault } = services;
  return {
    vault: {
      status: () => vault.status(),
      init: async ({ masterPassword }) => saved(services, await vault.init(masterPassword)),
      unlock: ({ masterPassword }) => vault.unlock(masterPassword),
      lock: () => vault.lock(),
      changeMasterPassword: async ({ current, next }) => saved(services, await vault.changeMasterPassword(current, next)),
    },
    credentials: {
      list: () => vault.list(),
      add: async ({ secret, ...credential }) => saved(services, await vault.add(credential, secret)),
      update: async ({ id, ...changes }) => saved(services, await updateCredential(store, vault, id, changes)),
      replaceSecret: async ({ id, secret }) => saved(services, await vault.replaceSecret(id, secret)),
      remove: ({ id, reassignTo }) => ({ removed: true as const, reassigned: saved(services, removeCredential(store, vault, id, reassignTo)) }),
    },
  };
}
