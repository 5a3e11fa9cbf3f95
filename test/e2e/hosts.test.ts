import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatCsv } from '../../shared/domain/csv.ts';
import { CSV_COLUMNS } from '../../shared/domain/host-export.ts';
import { hostsCsv } from '../fixtures/make-hosts-csv.ts';
import { runCliProcess } from '../support/cli-process.ts';
import { eventually } from './desk-app.ts';
import { launchChromium, startHarnessProcess, type RunningHarness } from './harness-process.ts';
import { screenshotBothThemes } from './screenshots.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/hosts-5000.csv');
const GOOD_ROWS = 4960;

let browser: Browser;
const harnesses: RunningHarness[] = [];
const pageProblems: string[] = [];

async function openApp(harness: RunningHarness): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  await page.goto(harness.url);
  await page.getByRole('heading', { name: 'Hosts' }).waitFor();
  return page;
}

const count = (page: Page) => page.getByTestId('hosts-count').textContent();
const folder = (page: Page, name: string) => page.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name, exact: true });
const row = (page: Page, name: string) => page.getByRole('row', { name, exact: true });

async function waitForCount(page: Page, text: string): Promise<void> {
  await expect(eventually(() => count(page), (c) => c === text)).resolves.toBe(text);
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const harness of harnesses) await harness.stop();
});

describe('the Hosts screen on an imported 5 000-row file', () => {
  let harness: RunningHarness;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarnessProcess(inject('harnessAssets'));
    harnesses.push(harness);
    page = await openApp(harness);
  });

  it('imports the file in the page and reports each bad line with its reason', async () => {
    await page.getByLabel('Import hosts').setInputFiles(FIXTURE);
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.waitFor({ timeout: 30_000 });
    await expect(report.getByTestId('import-summary').textContent()).resolves.toBe(`Imported ${GOOD_ROWS} hosts from CSV, 12 new folders. 40 rejected:`);
    const problems = await report.getByRole('list', { name: 'Rejected rows' }).getByRole('listitem').allTextContents();
    const { bad } = hostsCsv();
    expect(problems).toHaveLength(bad.length);
    for (const { line, reason } of bad) expect(problems.find((p) => p.startsWith(`line ${line}:`))).toContain(reason);
    await screenshotBothThemes(page, 'hosts-import-report');
    await report.getByRole('button', { name: 'Close' }).click();
    await waitForCount(page, `${GOOD_ROWS} hosts`);
    await expect(folder(page, 'Lab').textContent()).resolves.toBe(`Lab${GOOD_ROWS / 2}`);
    // Only the rows in view are in the page, however long the list.
    await expect(page.getByRole('grid', { name: 'Hosts' }).getByRole('row').count()).resolves.toBeLessThan(80);
    await screenshotBothThemes(page, 'hosts-list');
  });

  it('creates, renames, moves (menu and undo) and deletes (contents moved up, then undone) folders', async () => {
    await folder(page, 'All hosts').click();
    await page.getByRole('button', { name: 'New folder' }).click();
    const create = page.getByRole('dialog', { name: 'New folder at the top level' });
    await create.getByLabel('Folder name').fill('Staging');
    await create.getByRole('button', { name: 'Create' }).click();
    await folder(page, 'Staging').waitFor();

    await folder(page, 'Staging').click();
    await folder(page, 'Staging').press('F2');
    const rename = page.getByRole('dialog', { name: 'Rename folder Staging' });
    await rename.getByLabel('New name').fill('Staging area');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await folder(page, 'Staging area').waitFor();

    await folder(page, 'Lab').click();
    await page.getByRole('button', { name: 'Move folder to…' }).click();
    const move = page.getByRole('dialog', { name: 'Move folder Lab to…' });
    await move.getByLabel('Destination folder').selectOption({ label: 'Staging area' });
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(eventually(() => folder(page, 'Lab').getAttribute('aria-level'), (l) => l === '3')).resolves.toBe('3');
    await expect(folder(page, 'Staging area').textContent()).resolves.toBe(`Staging area${GOOD_ROWS / 2}`);
    await page.getByRole('status', { name: 'Last change' }).getByText('Moved folder Lab').waitFor();
    await page.getByRole('grid', { name: 'Hosts' }).getByRole('row').nth(1).click();
    await page.keyboard.press('Control+z');
    await expect(eventually(() => folder(page, 'Lab').getAttribute('aria-level'), (l) => l === '2')).resolves.toBe('2');

    await folder(page, 'Prod').click();
    await page.getByRole('button', { name: 'Delete folder' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete folder Prod' });
    await expect(remove.textContent()).resolves.toContain(`This folder holds ${GOOD_ROWS / 2} hosts and 5 folders.`);
    await screenshotBothThemes(page, 'hosts-delete-folder');
    await remove.getByLabel('Move them up to the top level').check();
    await remove.getByRole('button', { name: 'Delete folder' }).click();
    await folder(page, 'Prod').waitFor({ state: 'detached' });
    await expect(folder(page, 'Site 1').getAttribute('aria-level')).resolves.toBe('2');
    await waitForCount(page, `${GOOD_ROWS} hosts`);
    await page.getByRole('status', { name: 'Last change' }).getByRole('button', { name: 'Undo' }).click();
    await folder(page, 'Prod').waitFor();
    await expect(folder(page, 'Site 1').getAttribute('aria-level')).resolves.toBe('3');
    await expect(folder(page, 'Prod').textContent()).resolves.toBe(`Prod${GOOD_ROWS / 2}`);
  });

  it('moves a multi-selection with the bulk action, and a row by drag and drop', async () => {
    await folder(page, 'All hosts').click();
    await page.getByLabel('Search hosts').fill('srv-000');
    await waitForCount(page, `9 of ${GOOD_ROWS} hosts`);
    await row(page, 'srv-0001').click();
    await page.keyboard.press('Control+a');
    const bulk = page.getByRole('toolbar', { name: 'Selected hosts' });
    await bulk.getByText('9 hosts selected').waitFor();
    await screenshotBothThemes(page, 'hosts-selection');
    await bulk.getByRole('button', { name: 'Move to…' }).click();
    const move = page.getByRole('dialog', { name: 'Move 9 hosts to…' });
    await move.getByLabel('Destination folder').selectOption({ label: 'Staging area' });
    await move.getByRole('button', { name: 'Move' }).click();
    await expect(eventually(() => folder(page, 'Staging area').textContent(), (t) => t === 'Staging area9')).resolves.toBe('Staging area9');

    await page.getByLabel('Search hosts').fill('srv-0010');
    await row(page, 'srv-0010').dragTo(folder(page, 'Staging area'));
    await expect(eventually(() => folder(page, 'Staging area').textContent(), (t) => t === 'Staging area10')).resolves.toBe('Staging area10');
    await page.getByRole('status', { name: 'Last change' }).getByText('Moved 1 host.').waitFor();
  });

  it('deletes the selection with the Delete key and brings it back with Ctrl+Z; duplicates and renames a host', async () => {
    await page.getByLabel('Search hosts').fill('srv-002');
    await waitForCount(page, `10 of ${GOOD_ROWS} hosts`);
    await row(page, 'srv-0021').click();
    await row(page, 'srv-0023').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Delete');
    await waitForCount(page, `7 of ${GOOD_ROWS - 3} hosts`);
    // As an admin would: the list can follow main's new revision before the reply that carries the
    // undo record arrives, so Ctrl+Z is pressed once the toast offers the undo.
    await page.getByRole('status', { name: 'Last change' }).getByText('Deleted 3 hosts').waitFor();
    await page.keyboard.press('Control+z');
    await waitForCount(page, `10 of ${GOOD_ROWS} hosts`);

    await row(page, 'srv-0024').click();
    await page.getByRole('toolbar', { name: 'Selected hosts' }).getByRole('button', { name: 'Duplicate' }).click();
    await waitForCount(page, `11 of ${GOOD_ROWS + 1} hosts`);
    await row(page, 'srv-0025').click();
    await page.keyboard.press('F2');
    const rename = page.getByRole('dialog', { name: 'Rename host srv-0025' });
    await rename.getByLabel('New name').fill('srv-0025-renamed');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await row(page, 'srv-0025-renamed').waitFor();
  });

  it('shows a host the command line added while the page is open, without a reload', async () => {
    await page.getByLabel('Search hosts').fill('cli-added');
    await waitForCount(page, `0 of ${GOOD_ROWS + 1} hosts`);
    const added = await runCliProcess(['profiles', 'add', '--store', harness.dataDir, '--name', 'cli-added', '--address', 'cli-added.corp.example', '--tag', 'from-cli']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    await row(page, 'cli-added').waitFor({ timeout: 30_000 });
    await waitForCount(page, `1 of ${GOOD_ROWS + 2} hosts`);
    await expect(row(page, 'cli-added').textContent()).resolves.toContain('from-cli');
  });


  it('shows the chosen host in the editor pane', async () => {
    await row(page, 'cli-added').click();
    await expect(page.getByRole('complementary', { name: 'Editor' }).isVisible()).resolves.toBe(true);
    await screenshotBothThemes(page, 'hosts-editor');
  });
});

describe('search over 10 000 hosts', () => {
  let page: Page;
  const roles = ['web', 'sql', 'dc', 'file'];
  const seed = Array.from({ length: 10_000 }, (_, i) => {
    const name = `${roles[i % 4]}-${String(Math.floor(i / 4)).padStart(4, '0')}`;
    return { name, address: `${name}.corp.example`, tag: roles[i % 4]! };
  });

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-e2e-hosts-'));
    const rows = seed.map((h, i) => [h.name, h.address, '', 'https', '', `Site ${i % 10}`, h.tag, '']);
    const file = path.join(dataDir, 'seed.csv');
    await writeFile(file, formatCsv([[...CSV_COLUMNS], ...rows]));
    const seeded = await runCliProcess(['profiles', 'import', '--store', dataDir, file]);
    expect(seeded.stdout.toString()).toContain('imported 10000 host(s)');
    const harness = await startHarnessProcess(inject('harnessAssets'), dataDir);
    harnesses.push(harness);
    page = await openApp(harness);
    await waitForCount(page, '10000 hosts');
  });

  it('narrows the list as the user types, keystroke by keystroke', async () => {
    await page.keyboard.press('Control+f');
    await expect(page.getByLabel('Search hosts').evaluate((element) => element === element.ownerDocument.activeElement)).resolves.toBe(true);
    const query = 'web-0042';
    for (let n = 1; n <= query.length; n++) {
      await page.keyboard.type(query[n - 1]!);
      const typed = query.slice(0, n);
      const expected = seed.filter((h) => [h.name, h.address, h.tag].some((text) => text.includes(typed))).length;
      await waitForCount(page, `${expected} of 10000 hosts`);
    }
    await expect(page.getByRole('grid', { name: 'Hosts' }).getByRole('row').allTextContents()).resolves.toHaveLength(2);
    await row(page, 'web-0042').waitFor();
    await screenshotBothThemes(page, 'hosts-search-10000');
  });

  it('filters by a tag chip and scrolls through the whole list rendering only what is in view', async () => {
    await page.getByLabel('Search hosts').fill('');
    await page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: 'sql' }).click();
    await waitForCount(page, '2500 of 10000 hosts');
    const grid = page.getByRole('grid', { name: 'Hosts' });
    await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await row(page, 'sql-2499').waitFor();
    await expect(grid.getByRole('row').count()).resolves.toBeLessThan(80);
  });

  it('keeps the letters in the search box when a row had the focus before, and shows the narrowed rows', async () => {
    await page.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: 'sql' }).click();
    await waitForCount(page, '10000 hosts');
    const grid = page.getByRole('grid', { name: 'Hosts' });
    await grid.evaluate((element) => (element.scrollTop = 0));
    await row(page, 'dc-0001').click();
    await page.getByLabel('Search hosts').click();
    await page.keyboard.type('web-003');
    await waitForCount(page, '10 of 10000 hosts');
    await expect(page.getByLabel('Search hosts').inputValue()).resolves.toBe('web-003');
    await expect(page.getByLabel('Search hosts').evaluate((element) => element === element.ownerDocument.activeElement)).resolves.toBe(true);
    const names = Array.from({ length: 10 }, (_, i) => `web-003${i}`);
    await expect(grid.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.getAttribute('aria-label')))).resolves.toEqual(names);
  });

  it('ran without page errors', async () => {
    expect(pageProblems).toEqual([]);
    await expect(readFile(FIXTURE, 'utf8')).resolves.toBe(hostsCsv().text);
  });
});
