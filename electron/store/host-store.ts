import type { HostSummary, NewHost } from '../../shared/domain/host.ts';

/** What the hosts IPC channels need from the profile store (profile-host-store.ts implements it). */
export interface HostStore {
  list(): HostSummary[];
  add(host: NewHost): HostSummary;
  remove(id: string): void;
}
