import type { CredentialKind, CredentialSummary } from '../../shared/domain/credential.ts';
import type { HostDefaults } from '../../shared/domain/host-profile.ts';
import { DeskError } from '../../shared/errors.ts';
import { describeUsage, linksOfKind } from './credential-links.ts';
import type { ProfileStore } from './profile-store.ts';
import type { CredentialChanges } from './vault-file.ts';
import type { VaultService } from './vault-service.ts';

/**
 * What spans the two files: the profiles link credentials by id, the vault holds them. A link must
 * name a credential of the right kind (a host credential signs in to hosts, a proxy credential
 * answers proxies), and a credential in use is never removed or turned into the other kind silently.
 */
export function refuseBadCredentialLink(vault: VaultService, credentialId: string | null | undefined, kind: CredentialKind): void {
  if (!credentialId) return;
  const credential = vault.list().find((c) => c.id === credentialId);
  if (!credential) throw new DeskError('NOT_FOUND', 'The chosen credential is no longer in the vault; reload the list.');
  if (credential.kind !== kind) {
    throw new DeskError('INVALID_ARGUMENT', kind === 'host' ? `"${credential.label}" is a proxy credential; a host needs a host credential.` : `"${credential.label}" is a host credential; a proxy profile needs a proxy credential.`);
  }
}

export function refuseBadDefaultsLinks(vault: VaultService, defaults: Pick<HostDefaults, 'credentialId'>): void {
  refuseBadCredentialLink(vault, defaults.credentialId, 'host');
}

function summaryOf(vault: VaultService, id: string): CredentialSummary {
  const credential = vault.list().find((c) => c.id === id);
  if (!credential) throw new DeskError('NOT_FOUND', 'That credential is no longer in the vault; reload the list.');
  return credential;
}

export async function updateCredential(store: ProfileStore, vault: VaultService, id: string, changes: CredentialChanges): Promise<CredentialSummary> {
  const current = summaryOf(vault, id);
  if (changes.kind !== undefined && changes.kind !== current.kind) {
    const usage = store.credentialUsage(id);
    if (linksOfKind(usage, current.kind) > 0) {
      throw new DeskError('CONFLICT', `"${current.label}" is used as a ${current.kind} credential by ${describeUsage(usage)}; it stays a ${current.kind} credential while they use it.`);
    }
  }
  return vault.update(id, changes);
}

/** Links move to `reassignTo` (same kind) or are cleared (null); without it, a credential in use stays. */
export function removeCredential(store: ProfileStore, vault: VaultService, id: string, reassignTo: string | null | undefined): number {
  const current = summaryOf(vault, id);
  if (reassignTo === id) throw new DeskError('INVALID_ARGUMENT', 'A credential cannot take its own place; choose another one, or none.');
  if (reassignTo) {
    const replacement = summaryOf(vault, reassignTo);
    if (replacement.kind !== current.kind) throw new DeskError('INVALID_ARGUMENT', `"${replacement.label}" is a ${replacement.kind} credential and cannot take the place of the ${current.kind} credential "${current.label}".`);
  }
  const reassigned = store.unlinkCredential(id, current.label, reassignTo);
  vault.remove(id);
  return reassigned;
}
