import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { CredentialKind, CredentialSummary, NewCredential } from '../../../shared/domain/credential.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { vaultStatusSchema } from '../../../shared/ipc/contract.ts';
import type { IpcResult } from '../../../shared/ipc/result.ts';
import { deskApi } from '../api.ts';
import type { DeskState } from './store.ts';

export type VaultStatus = z.output<typeof vaultStatusSchema>;

export interface CredentialChanges {
  label?: string;
  userName?: string;
  /** An empty domain removes it. */
  domain?: string;
  kind?: CredentialKind;
}

/**
 * The renderer knows credentials by id and label only; a secret passes through once, on its way to
 * main. Calls a form makes hand their outcome back to that form, so the error shows beside it; the
 * vault's own state (locked, unlocked) is kept here for every screen.
 */
export interface CredentialsSlice {
  vault: VaultStatus | null;
  credentials: CredentialSummary[];
  credentialsError: ErrorInfo | null;
  loadCredentials(): Promise<void>;
  initVault(masterPassword: string): Promise<boolean>;
  unlockVault(masterPassword: string): Promise<boolean>;
  lockVault(): Promise<void>;
  changeMasterPassword(current: string, next: string): Promise<IpcResult<VaultStatus>>;
  /** Saves the auto-lock against the settings as loaded (CONFLICT when they changed meanwhile). */
  setVaultAutoLock(minutes: number): Promise<IpcResult<unknown>>;
  addCredential(credential: NewCredential, secret: string | null): Promise<boolean>;
  updateCredential(id: string, changes: CredentialChanges): Promise<IpcResult<CredentialSummary>>;
  replaceCredentialSecret(id: string, secret: string): Promise<IpcResult<CredentialSummary>>;
  /** `reassignTo` (same kind) takes its place wherever it is used; null clears those links. */
  removeCredential(id: string, reassignTo?: string | null): Promise<IpcResult<{ reassigned: number }>>;
}

export const createCredentialsSlice: StateCreator<DeskState, [], [], CredentialsSlice> = (set, get) => {
  async function vaultCall(call: Promise<IpcResult<VaultStatus>>): Promise<boolean> {
    const result = await call;
    if (!result.ok) {
      set({ credentialsError: result.error });
      return false;
    }
    set({ vault: result.value, credentialsError: null });
    await get().loadCredentials();
    return true;
  }
  // After a change the list (and, for links, the profiles) are read again: main is the one truth.
  async function thenReload<T>(result: IpcResult<T>, profilesToo = false): Promise<IpcResult<T>> {
    if (result.ok) await Promise.all([get().loadCredentials(), profilesToo ? get().loadProfiles() : null]);
    return result;
  }
  return {
    vault: null,
    credentials: [],
    credentialsError: null,
    async loadCredentials() {
      const [status, list] = await Promise.all([deskApi().vault.status(), deskApi().credentials.list()]);
      if (!status.ok) return set({ credentialsError: status.error });
      if (!list.ok) return set({ vault: status.value, credentialsError: list.error });
      set({ vault: status.value, credentials: list.value });
    },
    initVault: (masterPassword) => vaultCall(deskApi().vault.init({ masterPassword })),
    unlockVault: (masterPassword) => vaultCall(deskApi().vault.unlock({ masterPassword })),
    async lockVault() {
      await vaultCall(deskApi().vault.lock());
    },
    async changeMasterPassword(current, next) {
      const result = await deskApi().vault.changeMasterPassword({ current, next });
      if (result.ok) set({ vault: result.value });
      return result;
    },
    async setVaultAutoLock(minutes) {
      const base = get().profiles?.settings;
      if (!base) return { ok: false, error: { code: 'NOT_FOUND', message: 'The settings are still loading; try again in a moment.' } };
      return thenReload(await deskApi().settings.update({ base, settings: { ...base, vaultAutoLockMinutes: minutes } }), true);
    },
    async addCredential(credential, secret) {
      const result = await deskApi().credentials.add({ ...credential, secret });
      if (!result.ok) {
        set({ credentialsError: result.error });
        return false;
      }
      set({ credentialsError: null });
      await get().loadCredentials();
      return true;
    },
    updateCredential: async (id, changes) => thenReload(await deskApi().credentials.update({ id, ...changes })),
    replaceCredentialSecret: async (id, secret) => thenReload(await deskApi().credentials.replaceSecret({ id, secret })),
    removeCredential: async (id, reassignTo) => thenReload(await deskApi().credentials.remove(reassignTo === undefined ? { id } : { id, reassignTo }), true),
  };
};
