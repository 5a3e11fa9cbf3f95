import type { StateCreator } from 'zustand';
import type { ConnectionFacts } from '../../../shared/domain/connection-facts.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { deskApi } from '../api.ts';
import { sessionPorts } from '../shells/app-session-ports.ts';
import { adjacentIndex } from '../shells/shortcuts.ts';
import type { TabControllerEvents } from '../shells/tab-controller.ts';
import { tabControllers } from '../shells/tab-registry.ts';
import type { DeskState } from './store.ts';

export type ShellTabStatus = 'connecting' | 'reconnecting' | 'connected' | 'lost' | 'ended' | 'closed' | 'failed';

/** What a tab shows; its terminal, editor and port live in its controller (tab-registry.ts). */
export interface ShellTab {
  /** The tab's own key, stable for its life; main's tab id changes when a failed open is retried. */
  readonly key: string;
  readonly hostId: string;
  readonly hostName: string;
  /** The host's name, with " (2)", " (3)"… for further tabs on the same host. */
  readonly label: string;
  readonly tabId: string | null;
  readonly status: ShellTabStatus;
  readonly facts: ConnectionFacts | null;
  /** Why the tab is not connected (failed open, lost session). */
  readonly error: ErrorInfo | null;
  readonly exitCode: number | null;
  /** A call that failed while the shell goes on (signal, history, resize). */
  readonly notice: ErrorInfo | null;
  readonly terminateOffer: boolean;
  readonly findOpen: boolean;
  readonly searchResults: { readonly index: number; readonly count: number } | null;
}

export interface ShellsSlice {
  shellTabs: ShellTab[];
  activeShellKey: string | null;
  /** A failure that outlived its tab (closing it). */
  shellsError: ErrorInfo | null;
  /** Opens a tab for the host, shows the Shells area, and connects. */
  openShell(hostId: string): Promise<void>;
  /** Reconnect (a lost, ended or closed session) or Retry (a failed open). */
  reconnectShell(key: string): Promise<void>;
  closeShell(key: string): Promise<void>;
  activateShell(key: string): void;
  activateAdjacentShell(offset: number): void;
  openShellLikeActive(): Promise<void>;
  setFindOpen(key: string, open: boolean): void;
  dismissNotice(key: string): void;
  answerTerminateOffer(key: string, terminate: boolean): void;
}

const MISSING_PORT: ErrorInfo = { code: 'INTERNAL', message: 'The shell started, but its output channel never reached this window.' };
const LOST: ErrorInfo = { code: 'CONNECTION_LOST', message: 'The connection to the host was lost.' };

let tabCounter = 0;

function labelFor(hostId: string, hostName: string, tabs: readonly ShellTab[]): string {
  const used = new Set(tabs.filter((tab) => tab.hostId === hostId).map((tab) => tab.label));
  for (let n = 1; ; n += 1) {
    const label = n === 1 ? hostName : `${hostName} (${n})`;
    if (!used.has(label)) return label;
  }
}

export const createShellsSlice: StateCreator<DeskState, [], [], ShellsSlice> = (set, get) => {
  const find = (key: string) => get().shellTabs.find((tab) => tab.key === key);
  const patch = (key: string, change: Partial<ShellTab>) =>
    set((s) => ({ shellTabs: s.shellTabs.map((tab) => (tab.key === key ? { ...tab, ...change } : tab)) }));

  const eventsFor = (key: string): TabControllerEvents => ({
    onStatus: (status, error, exitCode) =>
      patch(key, { status, error: status === 'lost' ? (error ?? LOST) : error, exitCode, terminateOffer: false }),
    onNotice: (notice) => patch(key, { notice }),
    onFacts: (facts) => patch(key, { facts }),
    onTerminateOffer: () => patch(key, { terminateOffer: true }),
    onSearchResults: ({ resultIndex, resultCount }) => patch(key, { searchResults: { index: resultIndex, count: resultCount } }),
  });

  /** A session that opened for a tab closed in the meantime: delete its shell and drop its port. */
  async function abandon(tabId: string): Promise<void> {
    (await sessionPorts.take(tabId, 1000))?.close();
    await deskApi().sessions.close({ tabId });
  }

  /** Opens a session for the tab's host, or, given the tab's previous session, reconnects it. */
  async function connect(key: string, previousTabId: string | null): Promise<void> {
    const tab = find(key);
    if (!tab) return;
    patch(key, { status: previousTabId ? 'reconnecting' : 'connecting', error: null, exitCode: null, notice: null, terminateOffer: false });
    let result = previousTabId ? await deskApi().sessions.reconnect({ tabId: previousTabId }) : await deskApi().sessions.open({ hostId: tab.hostId });
    // Main no longer knows the tab (it closed it): a new session for the same host is what Reconnect means.
    if (previousTabId && !result.ok && result.error.code === 'NOT_FOUND') result = await deskApi().sessions.open({ hostId: tab.hostId });
    if (!find(key)) {
      if (result.ok) await abandon(result.value.tabId);
      return;
    }
    if (!result.ok) return patch(key, { status: previousTabId ? 'lost' : 'failed', error: result.error });
    const opened = result.value;
    const port = await sessionPorts.take(opened.tabId);
    const history = previousTabId ? null : await deskApi().shellHistory.list({ hostId: opened.hostId });
    const controller = tabControllers.get(key);
    if (!find(key) || !controller || !port) {
      port?.close();
      await deskApi().sessions.close({ tabId: opened.tabId });
      if (find(key)) patch(key, { status: previousTabId ? 'lost' : 'failed', error: MISSING_PORT });
      return;
    }
    controller.attach({ tabId: opened.tabId, hostId: opened.hostId }, port, history?.ok ? history.value : null);
    if (previousTabId) controller.announceNewShell(opened.hostName);
    patch(key, {
      tabId: opened.tabId,
      hostName: opened.hostName,
      facts: opened.facts,
      status: 'connected',
      notice: history && !history.ok ? history.error : null,
    });
  }

  return {
    shellTabs: [],
    activeShellKey: null,
    shellsError: null,
    async openShell(hostId) {
      const hostName = get().profiles?.hosts.find((host) => host.id === hostId)?.name ?? get().shellTabs.find((tab) => tab.hostId === hostId)?.hostName ?? hostId;
      tabCounter += 1;
      const key = `shell-${tabCounter}`;
      tabControllers.create(key, eventsFor(key));
      const tab: ShellTab = {
        key,
        hostId,
        hostName,
        label: labelFor(hostId, hostName, get().shellTabs),
        tabId: null,
        status: 'connecting',
        facts: null,
        error: null,
        exitCode: null,
        notice: null,
        terminateOffer: false,
        findOpen: false,
        searchResults: null,
      };
      set((s) => ({ area: 'shells', shellTabs: [...s.shellTabs, tab], activeShellKey: key, shellsError: null }));
      await connect(key, null);
    },
    async reconnectShell(key) {
      const tab = find(key);
      if (!tab || tab.status === 'connecting' || tab.status === 'reconnecting' || tab.status === 'connected') return;
      await connect(key, tab.status === 'failed' ? null : tab.tabId);
    },
    async closeShell(key) {
      const tabs = get().shellTabs;
      const index = tabs.findIndex((tab) => tab.key === key);
      const tab = tabs[index];
      if (!tab) return;
      const rest = tabs.filter((t) => t.key !== key);
      const activeShellKey = get().activeShellKey === key ? (rest[Math.min(index, rest.length - 1)]?.key ?? null) : get().activeShellKey;
      set({ shellTabs: rest, activeShellKey });
      tabControllers.dispose(key);
      // A tab still connecting is closed by its connect() once main answers.
      if (!tab.tabId || tab.status === 'failed' || tab.status === 'connecting' || tab.status === 'reconnecting') return;
      const result = await deskApi().sessions.close({ tabId: tab.tabId });
      if (!result.ok) set({ shellsError: result.error });
    },
    activateShell: (key) => set({ activeShellKey: key }),
    activateAdjacentShell(offset) {
      const tabs = get().shellTabs;
      const current = tabs.findIndex((tab) => tab.key === get().activeShellKey);
      const next = tabs[adjacentIndex(Math.max(0, current), offset, tabs.length)];
      if (next) set({ activeShellKey: next.key });
    },
    async openShellLikeActive() {
      const active = find(get().activeShellKey ?? '');
      if (active) await get().openShell(active.hostId);
    },
    setFindOpen: (key, findOpen) => patch(key, { findOpen, ...(findOpen ? {} : { searchResults: null }) }),
    dismissNotice: (key) => patch(key, { notice: null }),
    answerTerminateOffer(key, terminate) {
      patch(key, { terminateOffer: false });
      if (terminate) tabControllers.get(key)?.terminate();
    },
  };
};
