import { z } from 'zod';
import { channel } from './channel.ts';
import { ERROR_CODES } from '../errors.ts';
import { hostIdSchema } from '../domain/host.ts';
import { CREDENTIAL_KINDS, credentialSummarySchema, newCredentialSchema } from '../domain/credential.ts';
import { credentialIdSchema, folderIdSchema, folderNameSchema, folderSchema, hostProfileSchema, proxyProfileIdSchema, settingsSchema } from '../domain/host-profile.ts';
import { profileDocumentSchema } from '../domain/profile-document.ts';
import { proxyProfileInputSchema, proxyProfileSchema } from '../domain/proxy-profile.ts';
import { hostPlanSchema } from '../domain/host-plan.ts';
import { connectionTestSchema } from '../domain/connection-test.ts';
import { connectionFactsSchema } from '../domain/connection-facts.ts';
import { TAB_STATUSES, tabIdSchema } from './session-frames.ts';

const noRequest = z.undefined();

// Secrets travel renderer → main only: in these request fields, never in any response schema.
const secretSchema = z.string().min(1, 'The password is empty').max(1024, 'The password is longer than 1024 characters');

export const vaultStatusSchema = z.object({
  backend: z.enum(['master-password', 'os-keystore']),
  initialized: z.boolean(),
  locked: z.boolean(),
  /** A master-password vault locks itself after this many idle minutes (settings.vaultAutoLockMinutes). */
  autoLockMinutes: z.number().int(),
});

/** Bumped by main whenever the profile file changes, whoever changed it (this app, the CLI, an editor). */
export const revisionSchema = z.number().int().nonnegative();

/** A host as the editor sends it: every field the store knows, no id (the store assigns or keeps it). */
export const hostInputSchema = hostProfileSchema.omit({ id: true });
export const folderInputSchema = folderSchema.omit({ id: true });

/** What a deletion took away or a move changed, as it was before: handed back to `profiles.restore` to undo. */
export const undoRecordSchema = z.object({
  hosts: z.array(hostProfileSchema),
  folders: z.array(folderSchema),
});

const importReportSchema = z.object({
  format: z.enum(['csv', 'wac-csv', 'json']),
  added: z.number().int(),
  createdFolders: z.number().int(),
  problems: z.array(z.object({ where: z.string(), line: z.number().int().optional(), reason: z.string() })),
  warnings: z.array(z.string()),
});
export type ImportReport = z.output<typeof importReportSchema>;

const cancelled = z.object({ cancelled: z.literal(true) });

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
  profiles: {
    /** Hosts, folders, proxy profiles and settings as saved (no secrets live in this file), with its revision. */
    snapshot: channel(noRequest, z.object({ revision: revisionSchema, document: profileDocumentSchema })),
    /**
     * Resolves when the revision moves past `since` (a change by this app, the CLI or an editor,
     * seen by watching the file), or after about 25 s with the same revision; the page asks again.
     */
    changes: channel(z.strictObject({ since: revisionSchema }), z.object({ revision: revisionSchema })),
    /** Puts back what `undo` records hold (by id: re-adds deleted entries, returns moved ones). */
    restore: channel(z.strictObject({ undo: undoRecordSchema }), z.object({ restored: z.number().int() })),
  },
  hosts: {
    add: channel(hostInputSchema, hostProfileSchema),
    /**
     * Replaces the host with `host` (an absent field inherits). `base` is the host as the editor loaded
     * it: if the saved host differs from it, someone else changed it meanwhile and the edit is refused
     * with CONFLICT rather than overwriting their change.
     */
    update: channel(z.strictObject({ id: hostIdSchema, base: hostProfileSchema, host: hostInputSchema }), hostProfileSchema),
    /** Bulk actions on a selection: move to a folder (null: top level), set the credential or the proxy profile (null: none, undefined: inherit). */
    updateMany: channel(
      z.strictObject({
        ids: z.array(hostIdSchema).min(1).max(100_000),
        changes: z.strictObject({
          folderId: folderIdSchema.nullable().optional(),
          credentialId: credentialIdSchema.nullable().optional(),
          proxyProfileId: proxyProfileIdSchema.nullable().optional(),
          inherit: z.array(z.enum(['credentialId', 'proxyProfileId'])).optional(),
        }),
      }),
      z.object({ updated: z.number().int(), undo: undoRecordSchema }),
    ),
    remove: channel(z.strictObject({ ids: z.array(hostIdSchema).min(1).max(100_000) }), z.object({ removed: z.number().int(), undo: undoRecordSchema })),
    duplicate: channel(z.strictObject({ id: hostIdSchema }), hostProfileSchema),
    /** The connection plan for a host as typed in the editor, saved or not; nothing is sent anywhere. */
    plan: channel(z.strictObject({ host: hostInputSchema }), hostPlanSchema),
    /** Our CSV, Windows Admin Center's CSV or JSON, as text (the page read the file). */
    importText: channel(z.strictObject({ text: z.string().max(64 * 1024 * 1024) }), importReportSchema),
    /** The native open dialog, then the same import; NOT_SUPPORTED where there is no native dialog. */
    importFile: channel(noRequest, z.union([importReportSchema, cancelled])),
    /** Never carries a secret: credentials are named by label, never exported with their passwords. */
    exportText: channel(z.strictObject({ format: z.enum(['csv', 'json']) }), z.object({ text: z.string() })),
    exportFile: channel(z.strictObject({ format: z.enum(['csv', 'json']) }), z.union([z.object({ path: z.string(), hosts: z.number().int() }), cancelled])),
  },
  folders: {
    create: channel(z.strictObject({ name: folderNameSchema, parentId: folderIdSchema.optional() }), folderSchema),
    /** Rename, move (a new parent) or change its defaults; `base` as for hosts.update. */
    update: channel(z.strictObject({ id: folderIdSchema, base: folderSchema, folder: folderInputSchema }), folderSchema),
    /** `move-up` hands its hosts and folders to its parent; `delete` deletes them too. */
    remove: channel(z.strictObject({ id: folderIdSchema, contents: z.enum(['move-up', 'delete']) }), z.object({ undo: undoRecordSchema })),
  },
  settings: {
    /** The app-wide defaults hosts inherit last, and the vault's auto-lock; `base` as for hosts.update. */
    update: channel(z.strictObject({ base: settingsSchema, settings: settingsSchema }), settingsSchema),
  },
  proxyProfiles: {
    add: channel(proxyProfileInputSchema, proxyProfileSchema),
    update: channel(z.strictObject({ id: proxyProfileIdSchema, base: proxyProfileSchema, profile: proxyProfileInputSchema }), proxyProfileSchema),
    /** Refused (CONFLICT) while a host, a folder or the defaults use it. */
    remove: channel(z.strictObject({ id: proxyProfileIdSchema }), z.object({ removed: z.literal(true) })),
    /** What `netsh winhttp show proxy` printed, pasted: the proxy and bypass list it names. */
    parseWinhttp: channel(
      z.strictObject({ text: z.string().max(64 * 1024) }),
      z.object({ access: z.enum(['none', 'manual']), url: z.string().optional(), bypass: z.array(z.string()), perScheme: z.boolean() }),
    ),
  },
  vault: {
    status: channel(noRequest, vaultStatusSchema),
    init: channel(z.strictObject({ masterPassword: secretSchema.min(8, 'The master password needs at least 8 characters') }), vaultStatusSchema),
    unlock: channel(z.strictObject({ masterPassword: secretSchema }), vaultStatusSchema),
    lock: channel(noRequest, vaultStatusSchema),
    changeMasterPassword: channel(
      z.strictObject({ current: secretSchema, next: secretSchema.min(8, 'The master password needs at least 8 characters') }),
      vaultStatusSchema,
    ),
  },
  credentials: {
    list: channel(noRequest, z.array(credentialSummarySchema)),
    add: channel(newCredentialSchema.extend({ secret: secretSchema.nullable() }), credentialSummarySchema),
    /** Label, user name, domain or kind; the secret is replaced only through `replaceSecret`. */
    update: channel(
      z.strictObject({ id: credentialIdSchema, label: newCredentialSchema.shape.label.optional(), userName: newCredentialSchema.shape.userName.optional(), domain: z.string().trim().max(256).optional(), kind: z.enum(CREDENTIAL_KINDS).optional() }),
      credentialSummarySchema,
    ),
    /** Write-only: the new secret goes in; nothing comes back but the summary. */
    replaceSecret: channel(z.strictObject({ id: credentialIdSchema, secret: secretSchema }), credentialSummarySchema),
    /**
     * Refused with CONFLICT while hosts, folders, the defaults or proxy profiles use it, unless
     * `reassignTo` names the credential (of the same kind) that takes its place, or null for none.
     */
    remove: channel(z.strictObject({ id: credentialIdSchema, reassignTo: credentialIdSchema.nullable().optional() }), z.object({ removed: z.literal(true), reassigned: z.number().int() })),
  },
  connectionTests: {
    /** Starts one test per host (each its own session, closed at the end); the ladders fill in as they run. */
    start: channel(z.strictObject({ hostIds: z.array(hostIdSchema).min(1).max(200) }), z.object({ testIds: z.array(z.string()) })),
    /** The test as it stands; waits (up to ~25 s) until it has more steps than `seen` or is done. */
    watch: channel(z.strictObject({ testId: z.string().max(64), seen: z.number().int().min(0) }), connectionTestSchema),
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
