import type { ProfileDocument } from '../../../../shared/domain/profile-document.ts';
import type { FolderTree } from '../../hosts/folder-tree.ts';
import { useDesk } from '../../state/store.ts';
import { NameDialog } from './Dialog.tsx';
import { LinkDialog } from './LinkDialog.tsx';
import { MoveDialog } from './MoveDialog.tsx';

export type HostDialog = { kind: 'rename'; id: string } | { kind: 'move' | 'credential' | 'proxy'; ids: readonly string[] } | null;

const hostsWord = (n: number) => (n === 1 ? '1 host' : `${n} hosts`);

/** The dialogs the host list's actions open: rename, move to a folder, set a credential or a proxy profile. */
export function HostDialogs({ dialog, setDialog, tree, document }: { dialog: HostDialog; setDialog: (d: HostDialog) => void; tree: FolderTree; document: ProfileDocument }) {
  const credentials = useDesk((s) => s.credentials);
  const renameHost = useDesk((s) => s.renameHost);
  const moveHosts = useDesk((s) => s.moveHosts);
  const setCredential = useDesk((s) => s.setHostsCredential);
  const setProxy = useDesk((s) => s.setHostsProxyProfile);
  const close = () => setDialog(null);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'rename': {
      const host = document.hosts.find((h) => h.id === dialog.id);
      if (!host) return null;
      return <NameDialog title={`Rename host ${host.name}`} label="New name" initial={host.name} action="Rename" onSubmit={(name) => renameHost(host.id, name)} onClose={close} />;
    }
    case 'move':
      return <MoveDialog title={`Move ${hostsWord(dialog.ids.length)} to…`} tree={tree} current={null} allowed={() => true} onMove={(folderId) => void moveHosts(dialog.ids, folderId)} onClose={close} />;
    case 'credential':
      return (
        <LinkDialog
          title={`Set the credential of ${hostsWord(dialog.ids.length)}`}
          label="Credential"
          noneLabel="No credential (sign in as the current user)"
          choices={credentials.filter((c) => c.kind === 'host').map((c) => ({ id: c.id, name: `${c.label} (${c.userName})` }))}
          onApply={(link) => void setCredential(dialog.ids, link)}
          onClose={close}
        />
      );
    case 'proxy':
      return (
        <LinkDialog
          title={`Set the proxy profile of ${hostsWord(dialog.ids.length)}`}
          label="Proxy profile"
          noneLabel="No proxy (connect directly)"
          choices={document.proxyProfiles.map((p) => ({ id: p.id, name: p.name }))}
          onApply={(link) => void setProxy(dialog.ids, link)}
          onClose={close}
        />
      );
  }
}
