import type { StateCreator } from 'zustand';
import type { ConnectionTest } from '../../../shared/domain/connection-test.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { deskApi } from '../api.ts';
import type { DeskState } from './store.ts';

/**
 * Connection tests as main reports them: one ladder per host, newest run first. Each test is followed
 * by its own watch loop (long poll with the number of steps already seen) until main says it is done.
 */
export interface ConnectionTestsSlice {
  connectionTests: ConnectionTest[];
  connectionTestsError: ErrorInfo | null;
  /** Starts one test per host and follows each to its end; resolves once they are started. */
  startConnectionTests(hostIds: string[]): Promise<void>;
  dismissConnectionTests(): void;
}

const RETRY_MS = 1_000;

export const createConnectionTestsSlice: StateCreator<DeskState, [], [], ConnectionTestsSlice> = (set, get) => {
  function put(test: ConnectionTest): void {
    set({ connectionTests: get().connectionTests.map((t) => (t.testId === test.testId ? test : t)) });
  }
  async function follow(testId: string): Promise<void> {
    let seen = 0;
    for (;;) {
      // A dismissed test is no longer shown: stop asking about it.
      if (!get().connectionTests.some((t) => t.testId === testId)) return;
      const result = await deskApi().connectionTests.watch({ testId, seen });
      if (!result.ok) {
        set({ connectionTestsError: result.error });
        if (result.error.code === 'NOT_FOUND') return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        continue;
      }
      put(result.value);
      if (result.value.done) return;
      // Steps change status in place (running → ok) without the count moving: count decided ones too.
      seen = result.value.steps.length;
    }
  }
  return {
    connectionTests: [],
    connectionTestsError: null,
    async startConnectionTests(hostIds) {
      const result = await deskApi().connectionTests.start({ hostIds });
      if (!result.ok) return set({ connectionTestsError: result.error });
      const hosts = new Map((get().profiles?.hosts ?? []).map((h) => [h.id, h]));
      const started: ConnectionTest[] = result.value.testIds.map((testId, i) => ({
        testId,
        hostId: hostIds[i] ?? '',
        hostName: hosts.get(hostIds[i] ?? '')?.name ?? '',
        auth: null,
        route: '',
        steps: [],
        done: false,
        ok: false,
      }));
      const others = get().connectionTests.filter((t) => !hostIds.includes(t.hostId));
      set({ connectionTests: [...started, ...others], connectionTestsError: null });
      for (const test of started) void follow(test.testId);
    },
    dismissConnectionTests() {
      set({ connectionTests: [], connectionTestsError: null });
    },
  };
};
