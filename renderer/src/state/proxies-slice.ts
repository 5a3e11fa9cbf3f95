import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { ProxyProfile } from '../../../shared/domain/proxy-profile.ts';
import type { contract } from '../../../shared/ipc/contract.ts';
import type { IpcResult } from '../../../shared/ipc/result.ts';
import { deskApi } from '../api.ts';
import type { WinhttpImport } from '../proxies/proxy-draft.ts';
import type { DeskState } from './store.ts';

export type ProxyProfileInput = z.input<typeof contract.proxyProfiles.add.request>;

/**
 * Proxy profiles are read from the profiles slice (main's document); this slice holds which one the
 * editor shows and the calls that change them. Each call hands its outcome back to the form that made
 * it, so an error appears beside the control that caused it.
 */
export interface ProxiesSlice {
  /** The profile in the editor, null for none. */
  proxyEditing: string | null;
  editProxyProfile(id: string | null): void;
  /** Adds a profile (no id) or replaces one against `base`, the profile as the editor loaded it. */
  saveProxyProfile(id: string | null, base: ProxyProfile | null, profile: ProxyProfileInput): Promise<IpcResult<ProxyProfile>>;
  removeProxyProfile(id: string): Promise<IpcResult<unknown>>;
  parseWinhttpText(text: string): Promise<IpcResult<WinhttpImport>>;
}

export const createProxiesSlice: StateCreator<DeskState, [], [], ProxiesSlice> = (set, get) => ({
  proxyEditing: null,
  editProxyProfile: (id) => set({ proxyEditing: id }),
  async saveProxyProfile(id, base, profile) {
    const result = id === null || base === null ? await deskApi().proxyProfiles.add(profile) : await deskApi().proxyProfiles.update({ id, base, profile });
    if (result.ok) {
      await get().loadProfiles();
      set({ proxyEditing: result.value.id });
    }
    return result;
  },
  async removeProxyProfile(id) {
    const result = await deskApi().proxyProfiles.remove({ id });
    if (result.ok) {
      await get().loadProfiles();
      if (get().proxyEditing === id) set({ proxyEditing: null });
    }
    return result;
  },
  parseWinhttpText: (text) => deskApi().proxyProfiles.parseWinhttp({ text }),
});
