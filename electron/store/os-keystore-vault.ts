import { credentialSummarySchema, newCredentialSchema, type CredentialSummary, type NewCredential } from '../../shared/domain/credential.ts';
import { describeIssues } from '../../shared/domain/schema-issues.ts';
import { DeskError } from '../../shared/errors.ts';
import type { CredentialVault } from './credential-vault.ts';
import { newId } from './new-id.ts';
import { editedEntry, entryAad, findEntry, identityOf, replaceEntry, summaryOf, vaultExists, vaultFile, type CredentialChanges, type CredentialIdentity, type VaultDocument, type VaultEntry } from './vault-file.ts';
import type { LoadReport, StoreProblem, VersionedJsonFile } from './versioned-file.ts';

/**
 * What the OS key store offers (DPAPI, Keychain, libsecret/kwallet through Electron's safeStorage):
 * opaque encryption under a key the OS holds for this user. electron-safe-storage.ts provides it in
 * the app; tests provide a fake.
 */
export interface OsSecretCipher {
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<string>;
}

type OsVaultDocument = Extract<VaultDocument, { backend: 'os-keystore' }>;

function osDocument(doc: VaultDocument | null): OsVaultDocument {
  if (!doc) return { version: 1, backend: 'os-keystore', entries: [] };
  if (doc.backend !== 'os-keystore') throw new DeskError('NOT_SUPPORTED', 'This vault is protected by a master password; open it as such.');
  return doc;
}

/**
 * Credentials sealed by the OS key store. safeStorage has no associated data, so the entry's metadata
 * is sealed with the secret and compared on the way out: an entry relabelled or swapped in the file
 * is refused, as in the master-password vault. The OS holds the key, so there is nothing to lock.
 */
export class OsKeystoreVault implements CredentialVault {
  readonly backend = 'os-keystore';
  readonly #file: VersionedJsonFile<VaultDocument>;
  readonly #cipher: OsSecretCipher;
  readonly #problems: StoreProblem[] = [];

  private constructor(file: VersionedJsonFile<VaultDocument>, cipher: OsSecretCipher) {
    this.#file = file;
    this.#cipher = cipher;
  }

  static open(dir: string, cipher: OsSecretCipher): { vault: OsKeystoreVault; report: LoadReport } {
    const file = vaultFile(dir);
    const { value, report } = file.load();
    osDocument(value);
    return { vault: new OsKeystoreVault(file, cipher), report };
  }

  static exists(dir: string): boolean {
    return vaultExists(dir);
  }

  isLocked(): boolean {
    return false;
  }

  lock(): void {}

  takeProblems(): StoreProblem[] {
    return this.#problems.splice(0);
  }

  list(): CredentialSummary[] {
    return this.#reload().entries.map((entry) => credentialSummarySchema.parse(summaryOf(entry)));
  }

  identity(idOrLabel: string): CredentialIdentity {
    return identityOf(findEntry(this.#reload(), idOrLabel));
  }

  async add(credential: NewCredential, secret: string | null): Promise<CredentialSummary> {
    const parsed = newCredentialSchema.safeParse(credential);
    if (!parsed.success) throw new DeskError('INVALID_ARGUMENT', describeIssues(parsed.error));
    const { domain, ...rest } = parsed.data;
    const meta = { id: newId('c'), ...rest, ...(domain ? { domain } : {}) };
    const sealed = secret === null ? null : await this.#seal(meta, secret);
    const doc = this.#reload();
    if (doc.entries.some((e) => e.label.toLowerCase() === meta.label.toLowerCase())) throw new DeskError('CONFLICT', `A credential labelled "${meta.label}" already exists.`);
    const entry: VaultEntry = { ...meta, secret: sealed };
    this.#problems.push(...this.#file.save({ ...doc, entries: [...doc.entries, entry] }));
    return summaryOf(entry);
  }

  async update(idOrLabel: string, changes: CredentialChanges): Promise<CredentialSummary> {
    const loaded = this.#reload();
    const entry = findEntry(loaded, idOrLabel);
    // The public part is sealed with the secret, so a changed label or user name means sealing again.
    const secret = entry.secret ? await this.#seal(editedEntry(loaded, entry, changes), await this.#open(entry)) : null;
    // That awaited the OS: the file is read again so that what others wrote meanwhile is kept.
    const doc = this.#reload();
    const current = findEntry(doc, entry.id);
    if (!entryAad(current).equals(entryAad(entry)) || current.secret?.ciphertext !== entry.secret?.ciphertext) {
      throw new DeskError('CONFLICT', `"${entry.label}" was changed elsewhere meanwhile; try again.`);
    }
    const updated: VaultEntry = { ...editedEntry(doc, current, changes), secret };
    this.#problems.push(...this.#file.save(replaceEntry(doc, updated)));
    return summaryOf(updated);
  }

  async replaceSecret(idOrLabel: string, secret: string): Promise<CredentialSummary> {
    const entry = findEntry(this.#reload(), idOrLabel);
    const sealed = await this.#seal(entry, secret);
    // Sealing awaited the OS: the entry may have changed meanwhile, and the seal binds its public part.
    const doc = this.#reload();
    const current = findEntry(doc, entry.id);
    if (!entryAad(current).equals(entryAad(entry))) throw new DeskError('CONFLICT', `"${entry.label}" was changed elsewhere meanwhile; try again.`);
    const updated: VaultEntry = { ...current, secret: sealed };
    this.#problems.push(...this.#file.save(replaceEntry(doc, updated)));
    return summaryOf(updated);
  }

  remove(idOrLabel: string): CredentialSummary {
    const doc = this.#reload();
    const entry = findEntry(doc, idOrLabel);
    this.#problems.push(...this.#file.save({ ...doc, entries: doc.entries.filter((e) => e.id !== entry.id) }));
    return summaryOf(entry);
  }

  async withSecret<T>(idOrLabel: string, use: (secret: string, identity: CredentialIdentity) => Promise<T> | T): Promise<T> {
    const entry = findEntry(this.#reload(), idOrLabel);
    if (!entry.secret) throw new DeskError('NOT_FOUND', `The credential "${entry.label}" has no saved secret.`);
    return use(await this.#open(entry), identityOf(entry));
  }

  async #seal(meta: Omit<VaultEntry, 'secret'>, secret: string): Promise<{ ciphertext: string }> {
    return { ciphertext: (await this.#cipher.encrypt(JSON.stringify([entryAad(meta).toString('utf8'), secret]))).toString('base64') };
  }

  async #open(entry: VaultEntry): Promise<string> {
    let opened: unknown;
    try {
      opened = JSON.parse(await this.#cipher.decrypt(Buffer.from(entry.secret?.ciphertext ?? '', 'base64')));
    } catch {
      throw new DeskError('STORE_CORRUPT', `The OS key store could not decrypt "${entry.label}" (another user or machine, or a reset key store); re-enter it.`);
    }
    if (!Array.isArray(opened) || opened[0] !== entryAad(entry).toString('utf8') || typeof opened[1] !== 'string') {
      throw new DeskError('STORE_CORRUPT', `The secret of "${entry.label}" does not match its entry (the vault file was altered); re-enter it.`);
    }
    return opened[1];
  }

  #reload(): OsVaultDocument {
    const { value, report } = this.#file.load();
    this.#problems.push(...report.problems);
    return osDocument(value);
  }
}
