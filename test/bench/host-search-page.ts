import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ProfileStore } from '../../electron/store/profile-store.ts';
import { formatCsv } from '../../shared/domain/csv.ts';
import { CSV_COLUMNS } from '../../shared/domain/host-export.ts';
import { buildHostSearchIndex, narrowingSearch } from '../../renderer/src/hosts/host-search.ts';
import { buildHarnessAssets } from '../harness/build.ts';
import { launchChromium, startHarnessProcess } from '../e2e/harness-process.ts';

// What the admin feels when typing into the Hosts screen's search over 10 000 hosts: the real
// renderer bundle in Chromium, served by the harness on a seeded data directory. Each keystroke is
// timed in the page, from its keydown until the frame that shows its result has been rendered: the
// count shows it, then the next animation frame, then a task posted from that frame (it runs once
// the frame's style, layout and paint are done; ending at the animation frame itself left them out).
// At that moment the rows in view must be the first of the hosts the search kept, or the run fails.
const QUERY = 'web-0042';
const HOSTS = 10_000;
// Roles chosen so that every prefix of the query keeps fewer hosts than the one before: the list
// renders deferred, so a keystroke that kept the same hosts would leave nothing in the page to wait for.
const ROLES = ['web', 'webdav', 'wec', 'wsus', 'sql', 'dc', 'file', 'app'];
const WAIT_MS = 60_000;

/** The few page globals the in-page timing uses (this project's Node typecheck has no DOM library). */
interface InPageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}
interface InPage {
  readonly document: {
    querySelector(selector: string): InPageElement | null;
    querySelectorAll(selector: string): Iterable<InPageElement>;
    addEventListener(type: 'keydown', listener: () => void, options: { capture: boolean; once: boolean }): void;
  };
  requestAnimationFrame(callback: () => void): number;
  readonly MutationObserver: new (callback: () => void) => { observe(target: object, options: { subtree: boolean; childList: boolean; characterData: boolean }): void; disconnect(): void };
  readonly MessageChannel: new () => { readonly port1: { onmessage: (() => void) | null; close(): void }; readonly port2: { postMessage(message: unknown): void } };
  hostSearchKeystroke: Promise<Keystroke>;
}

/** One keystroke as the page saw it when its frame was done. */
interface Keystroke {
  readonly ms: number;
  /** The grid's aria-rowcount (the header row included). */
  readonly rowCount: string | null;
  /** The names of the host rows rendered, in order. */
  readonly rows: string[];
}

/** What the screen must show after a prefix of the query. */
interface Expected {
  readonly count: string;
  readonly matches: number;
  /** The names of the hosts kept, in the order shown. */
  readonly names: readonly string[];
}

export interface HostSearchPage {
  /** Median milliseconds per keystroke over one typing of the query into the emptied search box. */
  keystrokeMs(): Promise<number>;
  close(): Promise<void>;
}

function seedCsv(): string {
  const rows = Array.from({ length: HOSTS }, (_, i) => {
    const role = ROLES[i % ROLES.length]!;
    const name = `${role}-${String(Math.floor(i / ROLES.length)).padStart(4, '0')}`;
    return [name, `${name}.corp.example`, '', 'https', '', `Site ${i % 10}`, role, ''];
  });
  return formatCsv([[...CSV_COLUMNS], ...rows]);
}

const countText = (shown: number) => (shown === HOSTS ? `${HOSTS} hosts` : `${shown} of ${HOSTS} hosts`);

/** The count and the hosts after each prefix of the query, from the same search the screen runs. */
function expectedResults(store: ProfileStore): Expected[] {
  const hosts = store.document().hosts;
  const search = narrowingSearch(buildHostSearchIndex(hosts));
  const results = Array.from({ length: QUERY.length }, (_, n) => search({ text: QUERY.slice(0, n + 1), tags: [] }).matches);
  const counts = results.map((matches) => matches.length);
  if (counts.at(-1) !== 1 || counts.some((c, n) => c >= (counts[n - 1] ?? HOSTS))) throw new Error(`the seed does not narrow at every keystroke of "${QUERY}": ${counts.join(', ')}`);
  return results.map((matches) => ({ count: countText(matches.length), matches: matches.length, names: matches.map((at) => hosts[at]!.name) }));
}

// A window of rows is in view, at least this many of them when the search kept as many.
const MIN_ROWS_IN_VIEW = 10;

/** Throws unless the page showed the rows the search kept: the first ones, as many as fit, and the full row count. */
function checkRows(key: string, seen: Keystroke, want: Expected): void {
  const first = want.names.slice(0, seen.rows.length);
  const enough = seen.rows.length >= Math.min(want.matches, MIN_ROWS_IN_VIEW);
  if (!enough || seen.rows.some((name, i) => name !== first[i]) || seen.rowCount !== String(want.matches + 1)) {
    throw new Error(`after "${key}" the list showed ${seen.rows.length} rows (${seen.rows.slice(0, 3).join(', ')}…) of aria-rowcount ${seen.rowCount}, expected ${want.matches} hosts from ${want.names.slice(0, 3).join(', ')}`);
  }
}

async function waitForCount(page: Page, text: string): Promise<void> {
  await page.waitForFunction((want) => (globalThis as unknown as InPage).document.querySelector('[data-testid="hosts-count"]')?.textContent === want, text, { timeout: WAIT_MS });
}

/** Arms the page for one keystroke: the promise it leaves settles once the frame showing its result is done. */
function armKeystroke(page: Page, expected: string): Promise<void> {
  return page.evaluate(
    ({ want, timeoutMs }) => {
      const view = globalThis as unknown as InPage;
      const count = view.document.querySelector('[data-testid="hosts-count"]')!;
      view.hostSearchKeystroke = new Promise<Keystroke>((resolve, reject) => {
        let pressed: number | undefined;
        const framed = (started: number) => {
          const ms = performance.now() - started;
          const grid = view.document.querySelector('[role="grid"][aria-label="Hosts"]');
          const rows = [...view.document.querySelectorAll('[role="grid"][aria-label="Hosts"] [role="row"][data-host-id]')].map((row) => row.getAttribute('aria-label') ?? '');
          resolve({ ms, rowCount: grid?.getAttribute('aria-rowcount') ?? null, rows });
        };
        const shown = () => {
          if (pressed === undefined || count.textContent !== want) return;
          observer.disconnect();
          clearTimeout(timer);
          const started = pressed;
          view.requestAnimationFrame(() => {
            const channel = new view.MessageChannel();
            channel.port1.onmessage = () => {
              channel.port1.close();
              framed(started);
            };
            channel.port2.postMessage(null);
          });
        };
        const observer = new view.MutationObserver(shown);
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`the count stayed "${count.textContent}", expected "${want}"`));
        }, timeoutMs);
        view.document.addEventListener('keydown', () => (pressed = performance.now()), { capture: true, once: true });
        observer.observe(count, { subtree: true, childList: true, characterData: true });
      });
    },
    { want: expected, timeoutMs: WAIT_MS },
  );
}

async function typeQuery(page: Page, expected: readonly Expected[]): Promise<number[]> {
  const search = page.getByLabel('Search hosts');
  await search.fill('');
  await waitForCount(page, countText(HOSTS));
  await search.focus();
  const times: number[] = [];
  for (let n = 0; n < QUERY.length; n++) {
    await armKeystroke(page, expected[n]!.count);
    await page.keyboard.press(QUERY[n]!);
    const seen = await page.evaluate(() => (globalThis as unknown as InPage).hostSearchKeystroke);
    checkRows(QUERY.slice(0, n + 1), seen, expected[n]!);
    times.push(seen.ms);
  }
  await page.getByRole('grid', { name: 'Hosts' }).getByRole('row', { name: QUERY, exact: true }).waitFor({ timeout: WAIT_MS });
  return times;
}

/** Builds the renderer, seeds the hosts, starts the harness and Chromium; whatever started is undone if a later step fails. */
export async function openHostSearchPage(): Promise<HostSearchPage> {
  const undo: (() => Promise<unknown>)[] = [];
  const close = async () => {
    const problems: unknown[] = [];
    for (const step of undo.reverse().splice(0)) await step().catch((error: unknown) => problems.push(error));
    if (problems.length > 0) throw new AggregateError(problems, 'host search page bench did not clean up');
  };
  const temp = async (prefix: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    undo.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  try {
    const assetsDir = await temp('winrm-desk-bench-assets-');
    await buildHarnessAssets(assetsDir);
    const dataDir = await temp('winrm-desk-bench-hosts-');
    const { store } = ProfileStore.open(dataDir);
    const imported = store.importHosts(seedCsv());
    if (imported.added.length !== HOSTS) throw new Error(`seeded ${imported.added.length} hosts, expected ${HOSTS}`);
    const expected = expectedResults(store);
    const harness = await startHarnessProcess(assetsDir, dataDir);
    undo.push(() => rm(path.dirname(harness.transcript), { recursive: true, force: true }));
    undo.push(() => harness.stop());
    const browser: Browser = await launchChromium();
    undo.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(harness.url);
    await waitForCount(page, countText(HOSTS));
    return {
      async keystrokeMs() {
        const times = await typeQuery(page, expected);
        if (pageErrors.length > 0) throw new Error(`the page failed: ${pageErrors.join('; ')}`);
        return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
      },
      close,
    };
  } catch (error) {
    await close().catch((cleanup: unknown) => {
      throw new AggregateError([error, cleanup], 'host search page bench failed and did not clean up');
    });
    throw error;
  }
}
