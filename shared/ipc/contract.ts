import { z } from 'zod';
import { channel } from './channel.ts';
import { ERROR_CODES } from '../errors.ts';
import { hostIdSchema, hostSummarySchema, newHostSchema } from '../domain/host.ts';
import { credentialSummarySchema, newCredentialSchema } from '../domain/credential.ts';
import { credentialIdSchema } from '../domain/host-profile.ts';
import { connectionFactsSchema } from '../domain/connection-facts.ts';
import { TAB_STATUSES, tabIdSchema } from './session-frames.ts';

const noRequest = z.undefined();

// Secrets travel renderer → main only: in these request fields, never in any response schema.
const secretSchema = z.string().min(1, 'The password is empty').max(1024, 'The password is longer than 1024 characters');

export const vaultStatusSchema = z.object({
  backend: z.enum(['master-password', 'os-keystore']),
  initialized: z.boolean(),
  locked: z.boolean(),
});

export const openedSessionSchema = z.object({
  tabId: tabIdSchema,
  hostId: hostIdSchema,
  hostName: z.string(),
  facts: connectionFactsSchema,
});

export const sessionSummarySchema = openedSessionSchema.extend({ status: z.enum(TAB_STATUSES) });

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
  sessions: {
    /**
     * Opens a session and a shell for a saved host, through its proxy. Resolves once the shell exists;
     * the tab's port (output, input, status) is posted to the page before this resolves.
     */
    open: channel(z.strictObject({ hostId: hostIdSchema }), openedSessionSchema),
    /** A new session and shell for a tab whose session was lost; the old shell's state is gone. */
    reconnect: channel(z.strictObject({ tabId: tabIdSchema }), openedSessionSchema),
    /** Deletes the remote shell and forgets the tab. */
    close: channel(z.strictObject({ tabId: tabIdSchema }), z.object({ closed: z.literal(true), shellDeleted: z.boolean() })),
    signal: channel(z.strictObject({ tabId: tabIdSchema, signal: z.enum(['ctrl_c', 'terminate']) }), z.object({ sent: z.literal(true) })),
    /** WinRS has no terminal size; kept so later shell kinds can use it. */
    resize: channel(
      z.strictObject({ tabId: tabIdSchema, columns: z.number().int().min(1).max(10_000), rows: z.number().int().min(1).max(10_000) }),
      z.object({ applied: z.boolean() }),
    ),
    list: channel(noRequest, z.array(sessionSummarySchema)),
  },
  shellHistory: {
    /** The lines typed on this host, oldest first (kept across restarts). */
    list: channel(z.strictObject({ hostId: hostIdSchema }), z.array(z.string())),
    add: channel(z.strictObject({ hostId: hostIdSchema, line: z.string().min(1).max(8192) }), z.object({ saved: z.literal(true) })),
  },
};

export type DeskContract = typeof contract;
