import type { CredentialKind } from '../../shared/domain/credential.ts';
import type { HostDefaults } from '../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../shared/domain/profile-document.ts';
import { DeskError } from '../../shared/errors.ts';
import { withoutKey, type Edit } from './folder-edits.ts';

/**
 * Who links a credential. Hosts, folders and the defaults sign in to hosts with it (a host-kind
 * link); proxy profiles answer a proxy with it (a proxy-kind link).
 */
export interface CredentialUsage {
  readonly hosts: number;
  readonly folders: number;
  readonly defaults: boolean;
  readonly proxyProfiles: number;
}

export function credentialUsage(doc: ProfileDocument, id: string): CredentialUsage {
  return {
    hosts: doc.hosts.filter((h) => h.credentialId === id).length,
    folders: doc.folders.filter((f) => f.defaults.credentialId === id).length,
    defaults: doc.settings.defaults.credentialId === id,
    proxyProfiles: doc.proxyProfiles.filter((p) => p.credentialId === id).length,
  };
}

export function linksOfKind(usage: CredentialUsage, kind: CredentialKind): number {
  return kind === 'proxy' ? usage.proxyProfiles : usage.hosts + usage.folders + (usage.defaults ? 1 : 0);
}

export function describeUsage(usage: CredentialUsage): string {
  const parts = [
    usage.hosts && `${usage.hosts} host${usage.hosts === 1 ? '' : 's'}`,
    usage.folders && `${usage.folders} folder${usage.folders === 1 ? '' : 's'}`,
    usage.defaults && 'the app defaults',
    usage.proxyProfiles && `${usage.proxyProfiles} proxy profile${usage.proxyProfiles === 1 ? '' : 's'}`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'nothing');
}

/**
 * Points every link to `from` at `to`, or clears it (null: hosts and folders then inherit again).
 * A proxy profile whose scheme cannot work without a credential (Basic, Digest) is not left without one.
 */
export function relinkCredential(doc: ProfileDocument, from: string, to: string | null): Edit<number> {
  let count = 0;
  const relink = <T extends HostDefaults>(d: T): T => {
    if (d.credentialId !== from) return d;
    count++;
    return to === null ? withoutKey(d, 'credentialId') : { ...d, credentialId: to };
  };
  const proxyProfiles = doc.proxyProfiles.map((p) => {
    if (p.credentialId !== from) return p;
    count++;
    if (to !== null) return { ...p, credentialId: to };
    if (p.auth === 'basic' || p.auth === 'digest') {
      throw new DeskError('CONFLICT', `The proxy profile "${p.name}" signs in with ${p.auth === 'basic' ? 'Basic' : 'Digest'} authentication, which needs a credential: choose another proxy credential to take this one's place.`);
    }
    return withoutKey(p, 'credentialId');
  });
  const next: ProfileDocument = {
    ...doc,
    settings: { ...doc.settings, defaults: relink(doc.settings.defaults) },
    folders: doc.folders.map((f) => ({ ...f, defaults: relink(f.defaults) })),
    hosts: doc.hosts.map(relink),
    proxyProfiles,
  };
  return { doc: next, result: count };
}
