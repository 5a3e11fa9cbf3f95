import { z } from 'zod';

import { ENCRYPTION, HOST_AUTH, type HostAuth } from '../policy/connection-plan-types.ts';
import { hostAddressSchema, hostIdSchema } from './host.ts';
import { TRANSPORTS } from './transport.ts';

/**
 * The saved shape of a host, a folder and the defaults both carry. One module used by the
 * app, the CLI and the tests, so a file written by one is read the same way by the others.
 */

// One list with the connection planner's, so a saved host can name exactly the schemes a plan accepts.
export const HOST_AUTH_SCHEMES = HOST_AUTH;
export type HostAuthScheme = HostAuth;

export const folderIdSchema = z.string().regex(/^f_[A-Za-z0-9_-]{6,64}$/, 'Not a folder id');
export const proxyProfileIdSchema = z.string().regex(/^p_[A-Za-z0-9_-]{6,64}$/, 'Not a proxy profile id');
export const credentialIdSchema = z.string().regex(/^c_[A-Za-z0-9_-]{6,64}$/, 'Not a credential id');

export const portSchema = z.number().int('Port must be a whole number').min(1, 'Port must be 1–65535').max(65535, 'Port must be 1–65535');

// `|` separates tags in CSV (the Windows Admin Center convention), so a tag cannot hold one.
export const tagSchema = z
  .string()
  .trim()
  .min(1, 'A tag cannot be empty')
  .max(64, 'A tag is longer than 64 characters')
  .refine((tag) => !tag.includes('|'), { message: 'A tag cannot contain "|"' });

export const hostNameSchema = z.string().trim().min(1, 'Name is required').max(128, 'Name is longer than 128 characters');

// `/` separates folder path segments in imports and exports.
export const folderNameSchema = z
  .string()
  .trim()
  .min(1, 'Folder name is required')
  .max(128, 'Folder name is longer than 128 characters')
  .refine((name) => !name.includes('/'), { message: 'A folder name cannot contain "/"' });

/** How the server certificate is judged; mirrors electron/http/tls-policy.ts, with a file path for the CA. */
export const tlsOptionsSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('system') }),
  z.strictObject({ mode: z.literal('ca'), caFile: z.string().trim().min(1, 'The CA file path is empty') }),
  z.strictObject({ mode: z.literal('pin'), sha256: z.string().regex(/^[0-9A-F]{64}$/, 'A pin is 64 upper-case hex digits (SHA-256)') }),
  z.strictObject({ mode: z.literal('insecure') }),
]);
export type TlsOptions = z.output<typeof tlsOptionsSchema>;

// Names Windows accepts for environment variables: no `=` and no NUL; kept short so a typo is caught.
const environmentSchema = z.record(z.string().regex(/^[^=\0]{1,255}$/, 'Not an environment variable name'), z.string().max(32_767));

export const shellDefaultsSchema = z.strictObject({
  codepage: z.number().int().min(1).max(65535).optional(),
  workingDirectory: z.string().min(1).max(260).optional(),
  environment: environmentSchema.optional(),
});
export type ShellDefaults = z.output<typeof shellDefaultsSchema>;

/**
 * Every field a host may leave unset and inherit from its folders, then from the global defaults. For
 * the two links, `null` is an explicit "none" that stops inheritance (a host that must go direct while
 * its folder uses a proxy); `undefined` (absent) means "inherit".
 */
export const hostDefaultsSchema = z.strictObject({
  transport: z.enum(TRANSPORTS).optional(),
  port: portSchema.optional(),
  auth: z.enum(HOST_AUTH_SCHEMES).optional(),
  // Negotiate may fall back to NTLM where Kerberos cannot protect the messages; a deliberate choice.
  allowNtlmFallback: z.boolean().optional(),
  // Message encryption: `auto` seals on HTTP only; `never` states the server allows unencrypted traffic.
  encryption: z.enum(ENCRYPTION).optional(),
  credentialId: credentialIdSchema.nullable().optional(),
  proxyProfileId: proxyProfileIdSchema.nullable().optional(),
  tls: tlsOptionsSchema.optional(),
  shell: shellDefaultsSchema.optional(),
});
export type HostDefaults = z.output<typeof hostDefaultsSchema>;

export const hostProfileSchema = z.strictObject({
  id: hostIdSchema,
  name: hostNameSchema,
  address: hostAddressSchema,
  folderId: folderIdSchema.optional(),
  // The Kerberos service host, when the name in the SPN differs from the address connected to.
  spnHost: hostAddressSchema.optional(),
  tags: z.array(tagSchema).max(64, 'More than 64 tags').default([]),
  notes: z.string().max(4000, 'Notes are longer than 4000 characters').default(''),
  ...hostDefaultsSchema.shape,
});
export type HostProfile = z.output<typeof hostProfileSchema>;

export const folderSchema = z.strictObject({
  id: folderIdSchema,
  name: folderNameSchema,
  parentId: folderIdSchema.optional(),
  defaults: hostDefaultsSchema.default({}),
});
export type Folder = z.output<typeof folderSchema>;

export const settingsSchema = z.strictObject({
  defaults: hostDefaultsSchema.default({}),
  vaultAutoLockMinutes: z.number().int().min(1).max(24 * 60).default(15),
});
export type Settings = z.output<typeof settingsSchema>;
