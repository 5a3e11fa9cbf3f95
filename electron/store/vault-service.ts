import { DeskError } from '../../shared/errors.ts';
import type { CredentialSummary, NewCredential } from '../../shared/domain/credential.ts';
import type { CredentialVault } from './credential-vault.ts';
import type { CredentialChanges } from './vault-file.ts';
import { MasterPasswordVault, type MasterPasswordVaultOptions } from './master-password-vault.ts';
import { OsKeystoreVault, type OsSecretCipher } from './os-keystore-vault.ts';

export interface VaultStatus {
  readonly backend: 'master-password' | 'os-keystore';
  readonly initialized: boolean;
  readonly locked: boolean;
  readonly autoLockMinutes: number;
}

export interface VaultServiceOptions {
  /** The OS key store when it is real protection (probeSafeStorage), else null: a master password then. */
  readonly osCipher: OsSecretCipher | null;
  readonly masterPassword?: Pick<MasterPasswordVaultOptions, 'scrypt'>;
  /** settings.vaultAutoLockMinutes as saved at start; `setAutoLockMinutes` follows later changes. */
  readonly autoLockMinutes: number;
}

const MINUTE_MS = 60_000;

/**
 * The app's one credential vault in its data directory, whichever backend protects it. An existing
 * vault keeps its backend; a new one uses the OS key store when that is real protection, otherwise a
 * master password the user sets. Secrets go in through `add` and leave only through `vault().withSecret`.
 */
export class VaultService {
  readonly #dir: string;
  readonly #options: VaultServiceOptions;
  #vault: CredentialVault | null = null;
  #autoLockMinutes: number;

  constructor(dir: string, options: VaultServiceOptions) {
    this.#dir = dir;
    this.#options = options;
    this.#autoLockMinutes = options.autoLockMinutes;
    this.#vault = this.#openExisting();
  }

  status(): VaultStatus {
    const backend = this.#vault?.backend ?? (this.#options.osCipher ? 'os-keystore' : 'master-password');
    return { backend, initialized: this.#vault !== null || backend === 'os-keystore', locked: this.#vault?.isLocked() ?? backend === 'master-password', autoLockMinutes: this.#autoLockMinutes };
  }

  /** A master-password vault locks itself after this many idle minutes; the OS key store has no lock. */
  setAutoLockMinutes(minutes: number): void {
    if (minutes === this.#autoLockMinutes) return;
    this.#autoLockMinutes = minutes;
    if (this.#vault instanceof MasterPasswordVault) this.#vault.setAutoLock(minutes * MINUTE_MS);
  }

  async init(masterPassword: string): Promise<VaultStatus> {
    if (this.#vault || this.#options.osCipher) throw new DeskError('CONFLICT', 'The vault already exists; unlock it instead.');
    this.#vault = await MasterPasswordVault.create(this.#dir, masterPassword, this.#masterOptions());
    return this.status();
  }

  /** Every secret is re-encrypted under the new password; a wrong current one changes nothing. */
  async changeMasterPassword(current: string, next: string): Promise<VaultStatus> {
    const vault = this.#vault;
    if (!(vault instanceof MasterPasswordVault)) throw new DeskError('NOT_SUPPORTED', 'This vault is protected by the OS key store and has no master password.');
    await vault.changePassword(current, next);
    return this.status();
  }

  async unlock(masterPassword: string): Promise<VaultStatus> {
    const vault = this.#vault;
    if (!(vault instanceof MasterPasswordVault)) throw new DeskError('NOT_FOUND', 'There is no master-password vault to unlock; create one first.');
    await vault.unlock(masterPassword);
    return this.status();
  }

  lock(): VaultStatus {
    this.#vault?.lock();
    return this.status();
  }

  list(): CredentialSummary[] {
    return this.#vault?.list() ?? [];
  }

  add(credential: NewCredential, secret: string | null): Promise<CredentialSummary> {
    return this.vault().add(credential, secret);
  }

  update(id: string, changes: CredentialChanges): Promise<CredentialSummary> {
    return this.vault().update(id, changes);
  }

  replaceSecret(id: string, secret: string): Promise<CredentialSummary> {
    return this.vault().replaceSecret(id, secret);
  }

  remove(id: string): void {
    this.vault().remove(id);
  }

  /** The vault for connections; VAULT_LOCKED/NOT_FOUND errors tell the user what to do. */
  vault(): CredentialVault {
    if (this.#vault) return this.#vault;
    if (this.#options.osCipher) {
      this.#vault = OsKeystoreVault.open(this.#dir, this.#options.osCipher).vault;
      return this.#vault;
    }
    throw new DeskError('VAULT_LOCKED', 'No credential vault exists yet: create one with a master password.');
  }

  #openExisting(): CredentialVault | null {
    if (!MasterPasswordVault.exists(this.#dir)) return null;
    if (this.#options.osCipher) {
      try {
        return OsKeystoreVault.open(this.#dir, this.#options.osCipher).vault;
      } catch (error) {
        // A vault created under a master password keeps it, even where the OS key store works now.
        if (!(error instanceof DeskError && error.code === 'NOT_SUPPORTED')) throw error;
      }
    }
    return MasterPasswordVault.open(this.#dir, this.#masterOptions()).vault;
  }

  #masterOptions(): MasterPasswordVaultOptions {
    return { ...this.#options.masterPassword, autoLockMs: this.#autoLockMinutes * MINUTE_MS };
  }
}
