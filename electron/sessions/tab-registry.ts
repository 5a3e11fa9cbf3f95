import { randomBytes } from 'node:crypto';
import type { ConnectionFacts } from '../../shared/domain/connection-facts.ts';
import { DeskError } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';
import type { TabStatus } from '../../shared/ipc/session-frames.ts';
import type { OpenedShell } from '../connections/open-session.ts';
import type { SignalName } from './remote-command.ts';
import { ShellTab, type TabDisposal } from './shell-tab.ts';
import type { TabOwner } from './tab-port.ts';

export interface OpenedTab {
  readonly tabId: string;
  readonly hostId: string;
  readonly hostName: string;
  readonly facts: ConnectionFacts;
}

export interface TabSummary extends OpenedTab {
  readonly status: TabStatus;
}

/** How the registry reaches a host: the saved host resolved and its shell opened (main's wiring). */
export type OpenHostShell = (hostId: string) => Promise<{ readonly opened: OpenedShell; readonly hostName: string }>;

export interface TabRegistryOptions {
  readonly openHostShell: OpenHostShell;
  /** A shell the server could not delete, for the log (never with secrets: codes and host names). */
  readonly report?: (message: string) => void;
  /** How long deleting a tab's shell may take before it is given up and reported (default: RemoteShell's). */
  readonly shellDeleteDeadlineMs?: number;
}

interface Entry {
  readonly tabId: string;
  readonly ownerId: string;
  readonly hostId: string;
  hostName: string;
  tab: ShellTab | null;
}

/**
 * Main's registry of open shell tabs: tab id → session, shell and console command, owned by the page
 * that opened it. A tab goes when it is closed, when its page goes (window closed, reloaded, crashed)
 * and when the app quits; each time its remote shell is deleted on the server, and a shell that could
 * not be deleted is reported.
 */
export class TabRegistry {
  readonly #options: TabRegistryOptions;
  readonly #tabs = new Map<string, Entry>();
  // Disposals under way, so that quitting waits for those a closed page started too.
  readonly #disposing = new Set<Promise<unknown>>();

  constructor(options: TabRegistryOptions) {
    this.#options = options;
  }

  async open(owner: TabOwner, hostId: string): Promise<OpenedTab> {
    const entry: Entry = { tabId: `t_${randomBytes(12).toString('base64url')}`, ownerId: owner.id, hostId, hostName: '', tab: null };
    this.#tabs.set(entry.tabId, entry);
    try {
      return await this.#connect(owner, entry);
    } catch (error) {
      this.#tabs.delete(entry.tabId);
      throw error;
    }
  }

  /** A new session and shell for a tab whose session was lost or ended; the old one is disposed. */
  async reconnect(owner: TabOwner, tabId: string): Promise<OpenedTab> {
    const entry = this.#entry(owner, tabId);
    const old = entry.tab;
    entry.tab = null;
    if (old) await this.#dispose(entry, old);
    return this.#connect(owner, entry);
  }

  async close(owner: TabOwner, tabId: string): Promise<{ shellDeleted: boolean }> {
    const entry = this.#entry(owner, tabId);
    this.#tabs.delete(tabId);
    return entry.tab ? this.#dispose(entry, entry.tab) : { shellDeleted: true };
  }

  async signal(owner: TabOwner, tabId: string, signal: SignalName): Promise<void> {
    const entry = this.#entry(owner, tabId);
    if (!entry.tab) throw new DeskError('SESSION_CLOSED', 'This tab has no shell yet.');
    await entry.tab.signal(signal);
  }

  list(owner: TabOwner): TabSummary[] {
    return [...this.#tabs.values()]
      .filter((e) => e.ownerId === owner.id && e.tab)
      .map((e) => ({ tabId: e.tabId, hostId: e.hostId, hostName: e.hostName, facts: e.tab!.opened.facts(), status: e.tab!.status }));
  }

  /** Every tab of a page that went away. */
  closeOwner(ownerId: string): Promise<void> {
    return this.#closeWhere((e) => e.ownerId === ownerId);
  }

  /** Every tab (the app is quitting), and every disposal already under way. */
  async closeAll(): Promise<void> {
    await this.#closeWhere(() => true);
    await Promise.all([...this.#disposing]);
  }

  get size(): number {
    return this.#tabs.size;
  }

  async #closeWhere(match: (entry: Entry) => boolean): Promise<void> {
    const entries = [...this.#tabs.values()].filter(match);
    for (const e of entries) this.#tabs.delete(e.tabId);
    await Promise.all(entries.map((e) => (e.tab ? this.#dispose(e, e.tab) : undefined)));
  }

  async #connect(owner: TabOwner, entry: Entry): Promise<OpenedTab> {
    const { opened, hostName } = await this.#options.openHostShell(entry.hostId);
    entry.hostName = hostName;
    // Closed while it was connecting: nothing may stay open on the server.
    if (!this.#tabs.has(entry.tabId)) {
      await opened.dispose(this.#options.shellDeleteDeadlineMs === undefined ? {} : { deadlineMs: this.#options.shellDeleteDeadlineMs });
      throw new DeskError('SESSION_CLOSED', 'The tab was closed while it was connecting.');
    }
    const tab = new ShellTab(opened, owner.openPort(entry.tabId));
    try {
      await tab.start();
    } catch (error) {
      await tab.dispose('closed', this.#options.shellDeleteDeadlineMs);
      throw error;
    }
    entry.tab = tab;
    return { tabId: entry.tabId, hostId: entry.hostId, hostName, facts: opened.facts() };
  }

  // Bounded in time even when the server never answers: the Delete has a deadline, and closing the
  // session cuts off whatever is still in flight.
  async #dispose(entry: Entry, tab: ShellTab): Promise<{ shellDeleted: boolean }> {
    const disposal: Promise<TabDisposal> = tab.dispose('closed', this.#options.shellDeleteDeadlineMs);
    this.#disposing.add(disposal);
    const result = await disposal.finally(() => this.#disposing.delete(disposal));
    if (!result.shellDeleted) {
      this.#options.report?.(`The remote shell of the tab on "${printableLine(entry.hostName)}" could not be deleted (${result.errorCode ?? 'INTERNAL'}); it ends when its idle timeout passes.`);
    }
    return { shellDeleted: result.shellDeleted };
  }

  #entry(owner: TabOwner, tabId: string): Entry {
    const entry = this.#tabs.get(tabId);
    // Another page's tab is as good as absent to this one.
    if (!entry || entry.ownerId !== owner.id) throw new DeskError('NOT_FOUND', 'No such shell tab.');
    return entry;
  }
}
