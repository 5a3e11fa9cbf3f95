import { z } from 'zod';

import { credentialIdSchema } from './host-profile.ts';

/** A host credential signs in to WinRM; a proxy credential only ever answers a proxy's 407. */
export const CREDENTIAL_KINDS = ['host', 'proxy'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

const labelSchema = z.string().trim().min(1, 'Label is required').max(128, 'Label is longer than 128 characters');
const userNameSchema = z.string().trim().min(1, 'User name is required').max(256, 'User name is longer than 256 characters');
const domainSchema = z.string().trim().max(256, 'Domain is longer than 256 characters');

/**
 * What a credential looks like to everything outside the vault: the list, IPC and the UI. Strict and
 * closed on purpose: it has no field that could carry a secret, so parsing a vault entry through it
 * (as the IPC contract does on every response) drops nothing that should have crossed.
 */
export const credentialSummarySchema = z.strictObject({
  id: credentialIdSchema,
  label: labelSchema,
  userName: userNameSchema,
  domain: domainSchema.optional(),
  kind: z.enum(CREDENTIAL_KINDS),
  hasSecret: z.boolean(),
});
export type CredentialSummary = z.output<typeof credentialSummarySchema>;

/** A new credential's public part; the secret travels separately and only into the vault. */
export const newCredentialSchema = z.strictObject({
  label: labelSchema,
  userName: userNameSchema,
  domain: domainSchema.optional(),
  kind: z.enum(CREDENTIAL_KINDS),
});
export type NewCredential = z.output<typeof newCredentialSchema>;

/** The name Windows expects: `DOMAIN\user`, or the user name as given (UPN `user@domain`, local `user`). */
export function qualifiedUserName(userName: string, domain: string | undefined): string {
  return domain && !userName.includes('\\') && !userName.includes('@') ? `${domain}\\${userName}` : userName;
}
