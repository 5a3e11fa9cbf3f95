import type { CredentialSummary, NewCredential } from '../../shared/domain/credential.ts';
import type { CredentialChanges, CredentialIdentity } from './vault-file.ts';

export type { CredentialIdentity } from './vault-file.ts';

/**
 * The credential vault as the rest of main and the CLI see it, whichever backend protects it: the OS
 * key store through Electron's safeStorage (os-keystore-vault.ts) or a master password
 * (master-password-vault.ts). Secrets go in as arguments and come out only inside `withSecret`, for
 * the moment a connection needs them; nothing here returns one.
 */
export interface CredentialVault {
  readonly backend: 'master-password' | 'os-keystore';
  list(): CredentialSummary[];
  /** The credential's public part, including its domain; NOT_FOUND when there is none. */
  identity(idOrLabel: string): CredentialIdentity;
  /** Stores a credential; `secret` null for a user name without a password (ticket-cache Kerberos). */
  add(credential: NewCredential, secret: string | null): Promise<CredentialSummary>;
  /** Label, user name, domain or kind; a saved secret is re-sealed to the new public part (unlocked vault). */
  update(idOrLabel: string, changes: CredentialChanges): Promise<CredentialSummary>;
  /** Write-only: the new secret goes in, the summary comes back. */
  replaceSecret(idOrLabel: string, secret: string): Promise<CredentialSummary>;
  remove(idOrLabel: string): CredentialSummary;
  /**
   * Decrypts the secret, hands it to `use`, and drops the decrypted bytes when `use` settles.
   * VAULT_LOCKED when locked. (A JavaScript string cannot be wiped; keep `use` short and do not store it.)
   */
  withSecret<T>(idOrLabel: string, use: (secret: string, identity: CredentialIdentity) => Promise<T> | T): Promise<T>;
  isLocked(): boolean;
  lock(): void;
}
