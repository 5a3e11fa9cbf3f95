import { z } from 'zod';
import { channel } from './channel.ts';
import { ERROR_CODES } from '../errors.ts';
import { hostIdSchema, hostSummarySchema, newHostSchema } from '../domain/host.ts';
import { credentialSummarySchema, newCredentialSchema } from '../domain/credential.ts';
import { credentialIdSchema } from '../domain/host-profile.ts';

const noRequest = z.undefined();

// Secrets travel renderer → main only: in these request fields, never in any response schema.
const secretSchema = z.string().min(1, 'The password is empty').max(1024, 'The password is longer than 1024 characters');

export const vaultStatusSchema = z.object({
  backend: z.enum(['master-password', 'os-keystore']),
  initialized: z.boolean(),
  locked: z.boolean(),
});

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
});

/**
 * Every channel between renderer and main, declared once. Requests are strict (an unknown field is a
 * rejected payload, not an ignored one); responses are parsed on the way out, so a field the contract
 * does not name — a secret, say — cannot cross.
 */
export const contract = {
  app: {
    getInfo: channel(noRequest, appInfoSchema),
    /** Problems found at start (a damaged profile file set aside, a backup loaded), for the user to see. */
    getProblems: channel(noRequest, z.array(z.object({ code: z.enum(ERROR_CODES), message: z.string() }))),
  },
  hosts: {
    list: channel(noRequest, z.array(hostSummarySchema)),
    add: channel(newHostSchema, hostSummarySchema),
    remove: channel(z.strictObject({ id: hostIdSchema }), z.object({ removed: z.literal(true) })),
  },
  vault: {
    status: channel(noRequest, vaultStatusSchema),
    init: channel(z.strictObject({ masterPassword: secretSchema.min(8, 'The master password needs at least 8 characters') }), vaultStatusSchema),
    unlock: channel(z.strictObject({ masterPassword: secretSchema }), vaultStatusSchema),
    lock: channel(noRequest, vaultStatusSchema),
  },
  credentials: {
    list: channel(noRequest, z.array(credentialSummarySchema)),
    add: channel(newCredentialSchema.extend({ secret: secretSchema.nullable() }), credentialSummarySchema),
    remove: channel(z.strictObject({ id: credentialIdSchema }), z.object({ removed: z.literal(true) })),
  },
};

export type DeskContract = typeof contract;
