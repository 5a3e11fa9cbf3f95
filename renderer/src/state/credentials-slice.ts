import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { CredentialSummary, NewCredential } from '../../../shared/domain/credential.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { vaultStatusSchema } from '../../../shared/ipc/contract.ts';
import { deskApi } from '../api.ts';
import type { DeskState } from './store.ts';

export type VaultStatus = z.output<typeof vaultStatusSchema>;

/** The renderer knows credentials by id and label only; a secret passes through once, on its way to main. */
export interface CredentialsSlice {
  vault: VaultStatus | null;
  credentials: CredentialSummary[];
  credentialsError: ErrorInfo | null;
  loadCredentials(): Promise<void>;
  initVault(masterPassword: string): Promise<boolean>;
  unlockVault(masterPassword: string): Promise<boolean>;
  lockVault(): Promise<void>;
  addCredential(credential: NewCredential, secret: string | null): Promise<boolean>;
  removeCredential(id: string): Promise<void>;
}

export const createCredentialsSlice: StateCreator<DeskState, [], [], CredentialsSlice> = (set, get) => {
  async function vaultCall(call: Promise<{ ok: true; value: VaultStatus } | { ok: false; error: ErrorInfo }>): Promise<boolean> {
    const result = await call;
    if (!result.ok) {
      set({ credentialsError: result.error });
      return false;
    }
    set({ vault: result.value, credentialsError: null });
    await get().loadCredentials();
    return true;
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
    async removeCredential(id) {
      const result = await deskApi().credentials.remove({ id });
      if (!result.ok) return set({ credentialsError: result.error });
      await get().loadCredentials();
    },
  };
};
