import type { StateCreator } from 'zustand';
import type { ProfileDocument } from '../../../shared/domain/profile-document.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { deskApi } from '../api.ts';
import type { DeskState } from './store.ts';

/**
 * The saved profiles as main last reported them, and their revision. Every area reads hosts, folders,
 * proxy profiles and settings from here; after any change (by this page, the CLI or an editor) main
 * moves the revision and the watch loop fetches the new document, so no screen keeps a stale copy.
 */
export interface ProfilesSlice {
  profiles: ProfileDocument | null;
  profilesRevision: number;
  profilesError: ErrorInfo | null;
  /** Fetches the document now (after this page changed something, or when the watch loop saw a change). */
  loadProfiles(): Promise<void>;
  /** Follows main's revision until the page goes away; call once. */
  watchProfiles(): void;
}

const RETRY_MS = 2_000;

export const createProfilesSlice: StateCreator<DeskState, [], [], ProfilesSlice> = (set, get) => {
  let watching = false;
  // Loads may overlap (a change by the page and one seen by the watch loop): the newest revision wins.
  async function load(): Promise<void> {
    const result = await deskApi().profiles.snapshot();
    if (!result.ok) return set({ profilesError: result.error });
    if (get().profiles !== null && result.value.revision < get().profilesRevision) return;
    set({ profiles: result.value.document, profilesRevision: result.value.revision, profilesError: null });
  }
  return {
    profiles: null,
    profilesRevision: 0,
    profilesError: null,
    loadProfiles: load,
    watchProfiles() {
      if (watching) return;
      watching = true;
      void (async () => {
        for (;;) {
          const result = await deskApi().profiles.changes({ since: get().profilesRevision });
          if (!result.ok) {
            set({ profilesError: result.error });
            await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
            continue;
          }
          if (result.value.revision !== get().profilesRevision || get().profiles === null) {
            await load();
            // Credentials live in the vault file, watched with the profiles: refresh them too.
            await get().loadCredentials();
          }
        }
      })();
    },
  };
};
