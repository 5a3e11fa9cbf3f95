import type { HandlersOf } from '../../../shared/ipc/channel.ts';
import type { DeskContract } from '../../../shared/ipc/contract.ts';
import { DeskError } from '../../../shared/errors.ts';
import { proxyFromWinhttpText } from '../../proxy/winhttp-paste.ts';
import { refuseBadCredentialLink } from '../../store/credential-admin.ts';
import { saved, type Services } from '../services.ts';

type Handlers = HandlersOf<DeskContract>;

/** profiles, folders, settings and proxy profiles: every write re-reads the file and moves the revision. */
export function profileHandlers(services: Services): Pick<Handlers, 'profiles' | 'folders' | 'settings' | 'proxyProfiles'> {
  const { store, vault } = services;
  return {
    profiles: {
      snapshot: () => {
        services.refresh();
        return { revision: services.revision.value, document: store.document() };
      },
      changes: async ({ since }) => ({ revision: await services.revision.next(since) }),
      restore: ({ undo }) => ({ restored: saved(services, store.restore(undo)) }),
    },
    folders: {
      create: ({ name, parentId }) => saved(services, store.createFolder(name, parentId)),
      update: ({ id, base, folder }) => {
        refuseBadCredentialLink(vault, folder.defaults.credentialId, 'host');
        return saved(services, store.updateFolder(id, base, folder));
      },
      remove: ({ id, contents }) => ({ undo: saved(services, store.removeFolder(id, contents)) }),
    },
    settings: {
      update: ({ base, settings }) => {
        refuseBadCredentialLink(vault, settings.defaults.credentialId, 'host');
        return saved(services, store.updateSettings(base, settings));
      },
    },
    proxyProfiles: {
      add: (profile) => {
        refuseBadCredentialLink(vault, profile.credentialId, 'proxy');
        return saved(services, store.addProxyProfile(profile));
      },
      update: ({ id, base, profile }) => {
        refuseBadCredentialLink(vault, profile.credentialId, 'proxy');
        return saved(services, store.updateProxyProfile(id, base, profile));
      },
      remove: ({ id }) => {
        // By id only: the store also finds profiles by name, and an id from the page must never match one.
        if (!store.document().proxyProfiles.some((p) => p.id === id)) throw new DeskError('NOT_FOUND', 'That proxy profile no longer exists; reload the list.');
        store.removeProxyProfile(id);
        return saved(services, { removed: true as const });
      },
      parseWinhttp: ({ text }) => proxyFromWinhttpText(text),
    },
  };
}
