import type { HandlersOf } from '../../../shared/ipc/channel.ts';
import type { DeskContract } from '../../../shared/ipc/contract.ts';
import { DeskError } from '../../../shared/errors.ts';
import { refuseBadCredentialLink } from '../../store/credential-admin.ts';
import { saved, type Services } from '../services.ts';

type HostHandlers = HandlersOf<DeskContract>['hosts'];

const NO_DIALOG = 'This window has no file dialog; choose the file on the page instead.';

export function hostHandlers(services: Services): HostHandlers {
  const { store, vault } = services;
  const importText = (text: string) => {
    const { added, ...report } = store.importHosts(text);
    return saved(services, { ...report, added: added.length, problems: [...report.problems], warnings: [...report.warnings] });
  };
  const exportText = (format: 'csv' | 'json') => {
    services.refresh();
    return store.exportHosts(format);
  };
  return {
    add: (host) => {
      refuseBadCredentialLink(vault, host.credentialId, 'host');
      return saved(services, store.addHost(host));
    },
    update: ({ id, base, host }) => {
      refuseBadCredentialLink(vault, host.credentialId, 'host');
      return saved(services, store.updateHost(id, base, host));
    },
    updateMany: ({ ids, changes }) => {
      refuseBadCredentialLink(vault, changes.credentialId, 'host');
      return saved(services, store.updateHosts(ids, changes));
    },
    remove: ({ ids }) => saved(services, store.removeHosts(ids)),
    duplicate: ({ id }) => saved(services, store.duplicateHost(id)),
    plan: ({ host }) => {
      services.refresh();
      return services.planHost(host);
    },
    importText: ({ text }) => importText(text),
    importFile: async () => {
      if (!services.dialogs) throw new DeskError('NOT_SUPPORTED', NO_DIALOG);
      const text = await services.dialogs.openText();
      return text === null ? { cancelled: true as const } : importText(text);
    },
    exportText: ({ format }) => ({ text: exportText(format) }),
    exportFile: async ({ format }) => {
      if (!services.dialogs) throw new DeskError('NOT_SUPPORTED', NO_DIALOG);
      const text = exportText(format);
      const path = await services.dialogs.saveText(`hosts.${format}`, text);
      return path === null ? { cancelled: true as const } : { path, hosts: store.document().hosts.length };
    },
  };
}
