import type { ProfileDocument } from '../../../shared/domain/profile-document.ts';
import { isUnused, linkUsers, type LinkUsers } from '../proxies/where-used.ts';

export interface CredentialUsers extends LinkUsers {
  /** Proxy profiles that answer their proxy with it (a proxy credential's only use). */
  readonly proxyProfiles: readonly { readonly id: string; readonly name: string }[];
}

/** Everything that signs in with the credential `id`: hosts (inherited use included), folders, the defaults, proxy profiles. */
export function credentialUsers(doc: ProfileDocument, id: string): CredentialUsers {
  return {
    ...linkUsers(doc, 'credentialId', id),
    proxyProfiles: doc.proxyProfiles.filter((p) => p.credentialId === id).map((p) => ({ id: p.id, name: p.name })),
  };
}

export function credentialUnused(users: CredentialUsers): boolean {
  return isUnused(users) && users.proxyProfiles.length === 0;
}
