import { randomBytes } from 'node:crypto';
import type { ConnectionTest } from '../../shared/domain/connection-test.ts';
import { DeskError } from '../../shared/errors.ts';
import { failedBeforePlan, runConnectionTest, type LadderProgress } from '../connections/connection-test.ts';
import type { KerberosIdentities } from '../connections/kerberos-identities.ts';
import type { ConnectionRequest } from '../connections/request.ts';

export interface ConnectionTestsOptions {
  /** The saved host as a connection request (main's wiring); its secrets are revealed only once planned. */
  readonly requestFor: (hostId: string) => Promise<{ request: ConnectionRequest; hostName: string }>;
  readonly kerberos: () => KerberosIdentities;
  /** Codes and host names only: never a secret. */
  readonly log?: (message: string) => void;
  /** How long `watch` waits for news before answering with the test as it stands (default 25 s). */
  readonly watchTimeoutMs?: number;
  /** How long a finished test stays readable (default 10 minutes), and how many are kept at most (default 500). */
  readonly keepFinishedMs?: number;
  readonly maxFinished?: number;
  /** Tests that run at once; a selection of 200 hosts queues behind these (default 8). */
  readonly concurrency?: number;
}

interface Entry {
  test: ConnectionTest;
  waiters: Set<() => void>;
}

/**
 * Main's running and recent connection tests: each its own session, closed at the end. The page
 * polls with `watch`, which answers as soon as a step is added (long poll), so nothing is pushed to a
 * page that went away. Finished tests are forgotten after a while, and beyond a count, so memory
 * stays bounded however many tests are started.
 */
export class ConnectionTests {
  readonly #options: ConnectionTestsOptions;
  readonly #tests = new Map<string, Entry>();
  readonly #finished: string[] = [];
  readonly #queue: Array<() => Promise<void>> = [];
  readonly #running = new Set<Promise<void>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #disposed = false;

  constructor(options: ConnectionTestsOptions) {
    this.#options = options;
  }

  start(hostIds: string[]): { testIds: string[] } {
    if (this.#disposed) throw new DeskError('SESSION_CLOSED', 'The app is closing; no connection test can start.');
    const testIds = hostIds.map((hostId) => {
      const testId = `ct_${randomBytes(12).toString('base64url')}`;
      const entry: Entry = { test: { testId, hostId, hostName: hostId, auth: null, route: 'not planned', steps: [], done: false, ok: false }, waiters: new Set() };
      this.#tests.set(testId, entry);
      this.#queue.push(() => this.#run(entry));
      return testId;
    });
    this.#pump();
    return { testIds };
  }

  /** The test as it stands, once it has more than `seen` steps or is done, or after the watch timeout. */
  async watch(testId: string, seen: number): Promise<ConnectionTest> {
    const entry = this.#tests.get(testId);
    if (!entry) throw new DeskError('NOT_FOUND', 'This connection test is over and forgotten, or never existed; start it again.');
    if (entry.test.steps.length <= seen && !entry.test.done && !this.#disposed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, this.#options.watchTimeoutMs ?? 25_000);
        function wake() {
          clearTimeout(timer);
          entry!.waiters.delete(wake);
          resolve();
        }
        entry.waiters.add(wake);
      });
    }
    return entry.test;
  }

  /** Answers every watcher, lets the running tests end (each deletes its shell), and forgets them all. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#queue.length = 0;
    for (const entry of this.#tests.values()) this.#wake(entry);
    await Promise.allSettled([...this.#running]);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#tests.clear();
  }

  #pump(): void {
    while (this.#running.size < (this.#options.concurrency ?? 8) && this.#queue.length > 0) {
      const run = this.#queue.shift()!();
      this.#running.add(run);
      void run.finally(() => {
        this.#running.delete(run);
        if (!this.#disposed) this.#pump();
      });
    }
  }

  async #run(entry: Entry): Promise<void> {
    const started = performance.now();
    const update = (progress: LadderProgress) => {
      entry.test = { ...entry.test, ...progress, steps: [...progress.steps] };
      this.#wake(entry);
    };
    let ok = false;
    try {
      const { request, hostName } = await this.#options.requestFor(entry.test.hostId);
      entry.test = { ...entry.test, hostName };
      ok = (await runConnectionTest(request, { kerberos: this.#options.kerberos, onProgress: update })).ok;
    } catch (error) {
      update(failedBeforePlan(error));
    }
    entry.test = { ...entry.test, done: true, ok, durationMs: performance.now() - started };
    const failed = entry.test.steps.find((s) => s.status === 'failed');
    if (failed) this.#options.log?.(`connection test of "${entry.test.hostName}" failed at ${failed.step} (${failed.code ?? 'INTERNAL'})`);
    this.#wake(entry);
    this.#remember(entry.test.testId);
  }

  #wake(entry: Entry): void {
    for (const wake of [...entry.waiters]) wake();
  }

  #remember(testId: string): void {
    this.#finished.push(testId);
    while (this.#finished.length > (this.#options.maxFinished ?? 500)) this.#tests.delete(this.#finished.shift()!);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#tests.delete(testId);
      const at = this.#finished.indexOf(testId);
      if (at >= 0) this.#finished.splice(at, 1);
    }, this.#options.keepFinishedMs ?? 10 * 60_000);
    timer.unref();
    this.#timers.add(timer);
  }
}
