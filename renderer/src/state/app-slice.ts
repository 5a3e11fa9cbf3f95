import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { appInfoSchema } from '../../../shared/ipc/contract.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { deskApi } from '../api.ts';
import type { DeskState } from './store.ts';

export const AREAS = ['hosts', 'proxies', 'credentials', 'shells'] as const;
export type Area = (typeof AREAS)[number];

export interface AppSlice {
  area: Area;
  info: z.output<typeof appInfoSchema> | null;
  infoError: ErrorInfo | null;
  /** Problems main found at start (a damaged profile file set aside…), shown until dismissed. */
  startupProblems: ErrorInfo[];
  showArea(area: Area): void;
  loadInfo(): Promise<void>;
}

export const createAppSlice: StateCreator<DeskState, [], [], AppSlice> = (set) => ({
  area: 'hosts',
  info: null,
  infoError: null,
  startupProblems: [],
  showArea: (area) => set({ area }),
  async loadInfo() {
    const [result, problems] = await Promise.all([deskApi().app.getInfo(), deskApi().app.getProblems()]);
    set(result.ok ? { info: result.value, infoError: null } : { infoError: result.error });
    if (problems.ok) set({ startupProblems: problems.value });
  },
});
