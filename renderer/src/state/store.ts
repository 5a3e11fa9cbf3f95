import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice.ts';
import { createConnectionTestsSlice, type ConnectionTestsSlice } from './connection-tests-slice.ts';
import { createCredentialsSlice, type CredentialsSlice } from './credentials-slice.ts';
import { createHostsSlice, type HostsSlice } from './hosts-slice.ts';
import { createProfilesSlice, type ProfilesSlice } from './profiles-slice.ts';
import { createProxiesSlice, type ProxiesSlice } from './proxies-slice.ts';
import { createShellsSlice, type ShellsSlice } from './shells-slice.ts';

export type DeskState = AppSlice & ProfilesSlice & HostsSlice & CredentialsSlice & ProxiesSlice & ShellsSlice & ConnectionTestsSlice;

/** One store made of per-area slices; components subscribe with the narrowest selector they can. */
export const useDesk = create<DeskState>()((...args) => ({
  ...createAppSlice(...args),
  ...createProfilesSlice(...args),
  ...createHostsSlice(...args),
  ...createCredentialsSlice(...args),
  ...createProxiesSlice(...args),
  ...createShellsSlice(...args),
  ...createConnectionTestsSlice(...args),
}));
