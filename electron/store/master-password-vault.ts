import { randomBytes } from 'node:crypto';
import { credentialSummarySchema, newCredentialSchema, type CredentialSummary, type NewCredential } from '../../shared/domain/credential.ts';
import { describeIssues } from '../../shared/domain/schema-issues.ts';
import { DeskError } from '../../shared/errors.ts';
import type { CredentialVault } from './credential-vault.ts';
import { newId } from './new-id.ts';
import { DEFAULT_SCRYPT, SALT_BYTES, deriveKey, makeKeyCheck, open, seal, verifyKeyCheck, type ScryptParams, type Sealed } from './vault-crypto.ts';
import { editedEntry, entryAad, findEntry, identityOf, replaceEntry, summaryOf, vaultExists, vaultFile, type CredentialChanges, type CredentialIdentity, type MasterPasswordVaultDocument, type VaultDocument, type VaultEntry } from './vault-file.ts';
import type { LoadReport, StoreProblem, VersionedJsonFile } from './versioned-file.ts';

export interface MasterPasswordVaultOptions {
  /** Lock after this long without use; 0 never. The app passes settings.vaultAutoLockMinutes. */
  readonly autoLockMs?: number;
  /** For new keys (init, change-password); tests lower it. Reading uses what the file says. */
  readonly scrypt?: ScryptParams;
}

const b64 = (buffer: Buffer) => buffer.toString('base64');
const sealedOf = (s: { nonce?: string | undefined; ciphertext: string }): Sealed => ({ nonce: Buffer.from(s.nonce ?? '', 'base64'), ciphertext: Buffer.from(s.ciphertext, 'base64') });
const sealedJson = (s: Sealed) => ({ nonce: b64(s.nonce), ciphertext: b64(s.ciphertext) });

async function newKeyMaterial(password: string, params: ScryptParams): Promise<{ key: Buffer; header: Pick<MasterPasswordVaultDocument, 'kdf' | 'keyCheck'> }> {
  if (password.length === 0) throw new DeskError('INVALID_ARGUMENT', 'The master password cannot be empty.');
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, params);
  return { key, header: { kdf: { name: 'scrypt', ...params, salt: b64(salt) }, keyCheck: sealedJson(makeKeyCheck(key, salt)) } };
}

function masterDocument(doc: VaultDocument | null): MasterPasswordVaultDocument {
  if (!doc) throw new DeskError('NOT_FOUND', 'There is no credential vault here yet; create one with `winrm-desk vault init`.');
  if (doc.backend !== 'master-password') throw new DeskError('NOT_SUPPORTED', 'This vault is protected by the desktop app’s OS key store; only the app can open it.');
  return doc;
}

/**
 * Credentials sealed with a key derived from a master password (vault-crypto.ts). Usable in plain
 * Node (the CLI, tests) and in the app where the OS key store is not real protection.
 */
export class MasterPasswordVault implements CredentialVault {
  readonly backend = 'master-password';
  readonly #file: VersionedJsonFile<VaultDocument>;
  readonly #options: MasterPasswordVaultOptions;
  readonly #problems: StoreProblem[] = [];
  #key: Buffer | null = null;
  #timer: NodeJS.Timeout | null = null;
  #autoLockMs: number;

  private constructor(file: VersionedJsonFile<VaultDocument>, options: MasterPasswordVaultOptions) {
    this.#file = file;
    this.#options = options;
    this.#autoLockMs = options.autoLockMs ?? 0;
  }

  /** Creates an empty vault, unlocked. CONFLICT if one exists: it would be unreadable after. */
  static async create(dir: string, password: string, options: MasterPasswordVaultOptions = {}): Promise<MasterPasswordVault> {
    if (MasterPasswordVault.exists(dir)) throw new DeskError('CONFLICT', 'A credential vault already exists in this directory.');
    const file = vaultFile(dir);
    const { key, header } = await newKeyMaterial(password, options.scrypt ?? DEFAULT_SCRYPT);
    const doc: MasterPasswordVaultDocument = { version: 1, backend: 'master-password', ...header, entries: [] };
    file.save(doc);
    const vault = new MasterPasswordVault(file, options);
    vault.#setKey(key);
    return vault;
  }

  /** Opens the vault locked. Damage is repaired from the backup and described in the report. */
  static open(dir: string, options: MasterPasswordVaultOptions = {}): { vault: MasterPasswordVault; report: LoadReport } {
    const file = vaultFile(dir);
    const { value, report } = file.load();
    masterDocument(value);
    return { vault: new MasterPasswordVault(file, options), report };
  }

  static exists(dir: string): boolean {
    return vaultExists(dir);
  }

  isLocked(): boolean {
    return this.#key === null;
  }

  lock(): void {
    this.#key?.fill(0);
    this.#key = null;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** A new idle time (0: never); an unlocked vault counts it from now. */
  setAutoLock(ms: number): void {
    this.#autoLockMs = ms;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#touch();
  }

  /** Damage found after opening (the file was broken meanwhile); each was set aside and reported here. */
  takeProblems(): StoreProblem[] {
    return this.#problems.splice(0);
  }

  /** VAULT_WRONG_PASSWORD leaves everything as it was: unlocking never writes. */
  async unlock(password: string): Promise<void> {
    const doc = this.#reload();
    const key = await this.#keyFor(doc, password);
    this.#setKey(key);
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
    const doc = this.#reload();
    const key = this.#unlockedKey(doc);
    if (doc.entries.some((e) => e.label.toLowerCase() === parsed.data.label.toLowerCase())) throw new DeskError('CONFLICT', `A credential labelled "${parsed.data.label}" already exists.`);
    const { domain, ...rest } = parsed.data;
    const meta = { id: newId('c'), ...rest, ...(domain ? { domain } : {}) };
    let sealed: VaultEntry['secret'] = null;
    if (secret !== null) {
      const plaintext = Buffer.from(secret, 'utf8');
      sealed = sealedJson(seal(key, plaintext, entryAad(meta)));
      plaintext.fill(0);
    }
    const entry: VaultEntry = { ...meta, secret: sealed };
    this.#save({ ...doc, entries: [...doc.entries, entry] });
    return summaryOf(entry);
  }

  /** The secret is sealed to the entry's public part, so changing that part re-seals it (unlocked vault needed). */
  async update(idOrLabel: string, changes: CredentialChanges): Promise<CredentialSummary> {
    const doc = this.#reload();
    const entry = findEntry(doc, idOrLabel);
    const meta = editedEntry(doc, entry, changes);
    let secret = entry.secret;
    if (secret) {
      const key = this.#unlockedKey(doc);
      const plaintext = this.#openEntry(key, entry);
      try {
        secret = sealedJson(seal(key, plaintext, entryAad(meta)));
      } finally {
        plaintext.fill(0);
      }
    }
    const updated: VaultEntry = { ...meta, secret };
    this.#save(replaceEntry(doc, updated));
    return summaryOf(updated);
  }

  async replaceSecret(idOrLabel: string, secret: string): Promise<CredentialSummary> {
    const doc = this.#reload();
    const key = this.#unlockedKey(doc);
    const entry = findEntry(doc, idOrLabel);
    const plaintext = Buffer.from(secret, 'utf8');
    const updated: VaultEntry = { ...entry, secret: sealedJson(seal(key, plaintext, entryAad(entry))) };
    plaintext.fill(0);
    this.#save(replaceEntry(doc, updated));
    return summaryOf(updated);
  }

  remove(idOrLabel: string): CredentialSummary {
    const doc = this.#reload();
    const entry = findEntry(doc, idOrLabel);
    this.#save({ ...doc, entries: doc.entries.filter((e) => e.id !== entry.id) });
    return summaryOf(entry);
  }

  async withSecret<T>(idOrLabel: string, use: (secret: string, identity: CredentialIdentity) => Promise<T> | T): Promise<T> {
    const doc = this.#reload();
    const key = this.#unlockedKey(doc);
    const entry = findEntry(doc, idOrLabel);
    if (!entry.secret) throw new DeskError('NOT_FOUND', `The credential "${entry.label}" has no saved secret.`);
    const plaintext = this.#openEntry(key, entry);
    try {
      return await use(plaintext.toString('utf8'), identityOf(entry));
    } finally {
      plaintext.fill(0);
    }
  }

  /**
   * Re-encrypts every secret under a key from the new password (new salt, current scrypt parameters)
   * and replaces the file in one atomic rename: either every entry is under the new password or none
   * is. The old password is checked first; on VAULT_WRONG_PASSWORD nothing is written.
   */
  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    const doc = this.#reload();
    const oldKey = await this.#keyFor(doc, oldPassword);
    const opened: Buffer[] = [];
    try {
      for (const entry of doc.entries) {
        if (!entry.secret) continue;
        const plaintext = open(oldKey, sealedOf(entry.secret), entryAad(entry));
        if (!plaintext) throw new DeskError('STORE_CORRUPT', `The secret of "${entry.label}" does not match its entry; nothing was changed.`);
        opened.push(plaintext);
      }
      const { key, header } = await newKeyMaterial(newPassword, this.#options.scrypt ?? DEFAULT_SCRYPT);
      // Deriving the keys awaited scrypt: a credential another process wrote meanwhile would be lost.
      if (JSON.stringify(this.#reload()) !== JSON.stringify(doc)) {
        key.fill(0);
        throw new DeskError('CONFLICT', 'The vault was changed elsewhere while its password was being changed; nothing was changed. Try again.');
      }
      let next = 0;
      const entries = doc.entries.map((entry) => (entry.secret ? { ...entry, secret: sealedJson(seal(key, opened[next++]!, entryAad(entry))) } : entry));
      this.#save({ ...doc, ...header, entries });
      this.#setKey(key);
    } finally {
      oldKey.fill(0);
      for (const buffer of opened) buffer.fill(0);
    }
  }

  async #keyFor(doc: MasterPasswordVaultDocument, password: string): Promise<Buffer> {
    const salt = Buffer.from(doc.kdf.salt, 'base64');
    let key: Buffer;
    try {
      key = await deriveKey(password, salt, doc.kdf);
    } catch (error) {
      throw new DeskError('STORE_CORRUPT', `The vault's key parameters are not usable (${(error as Error).message}).`);
    }
    if (!verifyKeyCheck(key, salt, sealedOf(doc.keyCheck))) {
      key.fill(0);
      throw new DeskError('VAULT_WRONG_PASSWORD', 'The master password is wrong; nothing was changed.');
    }
    return key;
  }

  #openEntry(key: Buffer, entry: VaultEntry): Buffer {
    const plaintext = entry.secret ? open(key, sealedOf(entry.secret), entryAad(entry)) : null;
    if (!plaintext) throw new DeskError('STORE_CORRUPT', `The secret of "${entry.label}" does not match its entry (the vault file was altered); re-enter it.`);
    return plaintext;
  }

  #unlockedKey(doc: MasterPasswordVaultDocument): Buffer {
    if (!this.#key) throw new DeskError('VAULT_LOCKED', 'The credential vault is locked; unlock it with the master password.');
    // Another process (the CLI, the app) may have changed the master password since we unlocked:
    // sealing with the old key would leave entries no password opens.
    if (!verifyKeyCheck(this.#key, Buffer.from(doc.kdf.salt, 'base64'), sealedOf(doc.keyCheck))) {
      this.lock();
      throw new DeskError('VAULT_LOCKED', 'The master password was changed elsewhere; unlock the vault again.');
    }
    this.#touch();
    return this.#key;
  }

  #setKey(key: Buffer): void {
    this.lock();
    this.#key = key;
    this.#touch();
  }

  #touch(): void {
    const ms = this.#autoLockMs;
    if (ms <= 0 || !this.#key) return;
    if (this.#timer) clearTimeout(this.#timer);
    // unref: a pending auto-lock must not keep the CLI (or a test) alive.
    this.#timer = setTimeout(() => this.lock(), ms).unref();
  }

  // Every operation reads the file afresh: the app and the CLI may both be changing it.
  #reload(): MasterPasswordVaultDocument {
    const { value, report } = this.#file.load();
    this.#problems.push(...report.problems);
    return masterDocument(value);
  }

  #save(doc: MasterPasswordVaultDocument): void {
    this.#problems.push(...this.#file.save(doc));
  }
}
