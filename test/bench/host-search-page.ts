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
// timed in the page, from its keydown to the animation frame after the count shows its result.
const QUERY = 'web-0042';
const HOSTS = 10_000;
// Roles chosen so that every prefix of the query keeps fewer hosts than the one before: the list
// renders deferred, so a keystroke that kept the same hosts would leave nothing in the page to wait for.
const ROLES = ['web', 'webdav', 'wec', 'wsus', 'sql', 'dc', 'file', 'app'];
const WAIT_MS = 60_000;

/** The few page globals the in-page timing uses (this project's Node typecheck has no DOM library). */
interface InPage {
  readonly document: {
    querySelector(selector: string): { readonly textContent: string | null } | null;
    addEventListener(type: 'keydown', listener: () => void, options: { capture: boolean; once: boolean }): void;
  };
  requestAnimationFrame(callback: () => void): number;
  readonly MutationObserver: new (callback: () => void) => { observe(target: object, options: { subtree: boolean; childList: boolean; characterData: boolean }): void; disconnect(): void };
  hostSearchKeystroke: Promise<number>;
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

/** The count text after each prefix of the query, from the same search the screen runs. */
function expectedCounts(store: ProfileStore): string[] {
  const search = narrowingSearch(buildHostSearchIndex(store.document().hosts));
  const counts = Array.from({ length: QUERY.length }, (_, n) => search({ text: QUERY.slice(0, n + 1), tags: [] }).matches.length);
  if (counts.at(-1) !== 1 || counts.some((c, n) => c >= (counts[n - 1] ?? HOSTS))) throw new Error(`the seed does not narrow at every keystroke of "${QUERY}": ${counts.join(', ')}`);
  return counts.map(countText);
}

async function waitForCount(page: Page, text: string): Promise<void> {
  await page.waitForFunction((want) => (globalThis as unknown as InPage).document.querySelector('[data-testid="hosts-count"]')?.textContent === want, text, { timeout: WAIT_MS });
}

/** Arms the page for one keystroke: the promise it leaves settles with keydown-to-frame milliseconds. */
function armKeystroke(page: Page, expected: string): Promise<void> {
  return page.evaluate(
    ({ want, timeoutMs }) => {
      const view = globalThis as unknown as InPage;
      const count = view.document.querySelector('[data-testid="hosts-count"]')!;
      view.hostSearchKeystroke = new Promise<number>((resolve, reject) => {
        let pressed: number | undefined;
        const shown = () => {
          if (pressed === undefined || count.textContent !== want) return;
          observer.disconnect();
          clearTimeout(timer);
          const started = pressed;
          view.requestAnimationFrame(() => resolve(performance.now() - started));
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

async function typeQuery(page: Page, expected: readonly string[]): Promise<number[]> {
  const search = page.getByLabel('Search hosts');
  await search.fill('');
  await waitForCount(page, countText(HOSTS));
  await search.focus();
  const times: number[] = [];
  for (let n = 0; n < QUERY.length; n++) {
    await armKeystroke(page, expected[n]!);
    await page.keyboard.press(QUERY[n]!);
    times.push(await page.evaluate(() => (globalThis as unknown as InPage).hostSearchKeystroke));
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
    const expected = expectedCounts(store);
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
