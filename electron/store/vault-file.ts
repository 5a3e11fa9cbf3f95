import { existsSync } from 'node:fs';
import { z } from 'zod';
import { CREDENTIAL_KINDS, newCredentialSchema, type CredentialSummary } from '../../shared/domain/credential.ts';
import { credentialIdSchema } from '../../shared/domain/host-profile.ts';
import { describeIssues } from '../../shared/domain/schema-issues.ts';
import { DeskError } from '../../shared/errors.ts';
import { VersionedJsonFile, type FileRead } from './versioned-file.ts';

/**
 * `vault.json`: credentials' public parts in clear (so hosts can be listed and linked while the vault
 * is locked), each secret sealed. Never holds a plaintext secret, a key or a password.
 */
export const VAULT_FILE_NAME = 'vault';
const VAULT_VERSION = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64');

export const vaultEntrySchema = z.strictObject({
  id: credentialIdSchema,
  kind: z.enum(CREDENTIAL_KINDS),
  label: z.string().min(1).max(128),
  userName: z.string().min(1).max(256),
  domain: z.string().max(256).optional(),
  // null: a credential with a user name only (Kerberos from the ticket cache, say).
  secret: z.strictObject({ nonce: base64.optional(), ciphertext: base64 }).nullable(),
});
export type VaultEntry = z.output<typeof vaultEntrySchema>;

const entries = z.array(vaultEntrySchema).superRefine((list, ctx) => {
  const ids = new Set<string>();
  const labels = new Set<string>();
  list.forEach((entry, index) => {
    if (ids.has(entry.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'The id repeats an earlier entry' });
    if (labels.has(entry.label.toLowerCase())) ctx.addIssue({ code: 'custom', path: [index, 'label'], message: 'The label repeats an earlier entry' });
    ids.add(entry.id);
    labels.add(entry.label.toLowerCase());
  });
});

export const vaultDocumentSchema = z.discriminatedUnion('backend', [
  z.strictObject({
    version: z.literal(VAULT_VERSION),
    backend: z.literal('master-password'),
    kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: base64 }),
    keyCheck: z.strictObject({ nonce: base64, ciphertext: base64 }),
    entries,
  }),
  z.strictObject({ version: z.literal(VAULT_VERSION), backend: z.literal('os-keystore'), entries }),
]);
export type VaultDocument = z.output<typeof vaultDocumentSchema>;
export type MasterPasswordVaultDocument = Extract<VaultDocument, { backend: 'master-password' }>;

function readVault(raw: unknown): FileRead<VaultDocument> {
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > VAULT_VERSION) return { ok: false, reason: `The vault was written by a newer WinRM Desk (format ${version})`, newerVersion: version };
  const parsed = vaultDocumentSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data, migratedFrom: null } : { ok: false, reason: describeIssues(parsed.error) };
}

/** The latest-copy backup: an older copy would keep removed secrets, or an old password's key check. */
export function vaultFile(dir: string): VersionedJsonFile<VaultDocument> {
  return new VersionedJsonFile({ dir, name: VAULT_FILE_NAME, read: readVault, backup: 'latest' });
}

/** True when a vault (or its backup) exists in `dir`, whichever backend wrote it. */
export function vaultExists(dir: string): boolean {
  const file = vaultFile(dir);
  return existsSync(file.path) || existsSync(file.backupPath);
}

/** What a credential is, without its secret. */
export interface CredentialIdentity {
  readonly id: string;
  readonly kind: VaultEntry['kind'];
  readonly label: string;
  readonly userName: string;
  readonly domain: string | undefined;
  readonly hasSecret: boolean;
}

export function summaryOf(entry: VaultEntry): CredentialSummary {
  return { id: entry.id, label: entry.label, userName: entry.userName, ...(entry.domain ? { domain: entry.domain } : {}), kind: entry.kind, hasSecret: entry.secret !== null };
}

export function identityOf(entry: VaultEntry): CredentialIdentity {
  return { id: entry.id, kind: entry.kind, label: entry.label, userName: entry.userName, domain: entry.domain, hasSecret: entry.secret !== null };
}

export function findEntry(doc: VaultDocument, idOrLabel: string): VaultEntry {
  const key = idOrLabel.trim().toLowerCase();
  const entry = doc.entries.find((e) => e.id === idOrLabel) ?? doc.entries.find((e) => e.label.toLowerCase() === key);
  if (!entry) throw new DeskError('NOT_FOUND', `No credential is labelled "${idOrLabel.slice(0, 128)}".`);
  return entry;
}

/** The metadata a sealed secret is bound to: change any of it in the file and the secret will not open. */
export function entryAad(entry: Pick<VaultEntry, 'id' | 'kind' | 'label' | 'userName' | 'domain'>): Buffer {
  return Buffer.from(JSON.stringify(['winrm-desk/vault/v1/entry', entry.id, entry.kind, entry.label, entry.userName, entry.domain ?? '']), 'utf8');
}

export type CredentialChanges = Partial<Pick<VaultEntry, 'label' | 'userName' | 'kind' | 'domain'>>;

/** The entry with its public part changed (an empty domain removes it), checked as a new one would be. */
export function editedEntry(doc: VaultDocument, entry: VaultEntry, changes: CredentialChanges): Omit<VaultEntry, 'secret'> {
  const { secret: _secret, ...meta } = entry;
  const merged = { ...meta, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  const { id, ...rest } = merged;
  const parsed = newCredentialSchema.safeParse(rest);
  if (!parsed.success) throw new DeskError('INVALID_ARGUMENT', describeIssues(parsed.error));
  const { domain, ...fields } = parsed.data;
  if (doc.entries.some((e) => e.id !== id && e.label.toLowerCase() === fields.label.toLowerCase())) throw new DeskError('CONFLICT', `A credential labelled "${fields.label}" already exists.`);
  return { id, ...fields, ...(domain ? { domain } : {}) };
}

export function replaceEntry<D extends VaultDocument>(doc: D, entry: VaultEntry): D {
  return { ...doc, entries: doc.entries.map((e) => (e.id === entry.id ? entry : e)) };
}
