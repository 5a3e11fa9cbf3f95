import { folderPath } from '../../../shared/domain/folder-paths.ts';
import { resolveHostSettings, type FolderIndex } from '../../../shared/domain/host-inheritance.ts';
import type { HostDefaults, HostProfile } from '../../../shared/domain/host-profile.ts';

/** A value shown in the list, and whether the host inherits it (shown muted) or sets it itself. */
export interface RowValue {
  readonly text: string;
  readonly inherited: boolean;
}

export interface HostRowView {
  readonly endpoint: RowValue;
  readonly folder: string;
  readonly credential: RowValue;
  readonly proxy: RowValue;
}

export interface RowContext {
  readonly folders: FolderIndex;
  readonly defaults: HostDefaults;
  readonly credentialLabels: ReadonlyMap<string, string>;
  readonly proxyNames: ReadonlyMap<string, string>;
}

/** What a host's row shows once inheritance is applied; computed for the rows in view only. */
export function describeHostRow(host: HostProfile, context: RowContext): HostRowView {
  const { settings, sources } = resolveHostSettings(host, context.folders, context.defaults);
  const own = (name: keyof typeof sources) => sources[name].kind === 'host';
  const label = (id: string | null, names: ReadonlyMap<string, string>, none: string) => (id === null ? none : (names.get(id) ?? 'missing'));
  return {
    endpoint: { text: `${settings.transport}://${host.address}:${settings.port}/wsman`, inherited: !own('transport') && !own('port') },
    folder: folderPath(host.folderId, context.folders),
    credential: { text: label(settings.credentialId, context.credentialLabels, 'none'), inherited: !own('credentialId') },
    proxy: { text: label(settings.proxyProfileId, context.proxyNames, 'direct'), inherited: !own('proxyProfileId') },
  };
}
