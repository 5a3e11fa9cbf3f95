import type { StateCreator } from 'zustand';
import type { HostSummary, NewHost } from '../../../shared/domain/host.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { deskApi } from '../api.ts';
import type { DeskState } from './store.ts';

export interface HostsSlice {
  hosts: HostSummary[];
  hostsError: ErrorInfo | null;
  loadHosts(): Promise<void>;
  /** Resolves true when main accepted the host; the form keeps its input otherwise. */
  addHost(host: NewHost): Promise<boolean>;
  removeHost(id: string): Promise<void>;
}

export const createHostsSlice: StateCreator<DeskState, [], [], HostsSlice> = (set, get) => ({
  hosts: [],
  hostsError: null,
  async loadHosts() {
    const result = await deskApi().hosts.list();
    set(result.ok ? { hosts: result.value, hostsError: null } : { hostsError: result.error });
  },
  async addHost(host) {
    const result = await deskApi().hosts.add(host);
    if (!result.ok) {
      set({ hostsError: result.error });
      return false;
    }
    set({ hostsError: null });
    await get().loadHosts();
    return true;
  },
  async removeHost(id) {
    const result = await deskApi().hosts.remove({ id });
    if (!result.ok) {
      set({ hostsError: result.error });
      return;
    }
    await get().loadHosts();
  },
});
