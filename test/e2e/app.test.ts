import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { eventually } from './desk-app.ts';
import { launchChromium, startHarnessProcess, type RunningHarness } from './harness-process.ts';

let harness: RunningHarness;
let browser: Browser;
let page: Page;
const pageProblems: string[] = [];

// The add-host form's own fields: once a host is chosen, the editor beside it has a Name field too.
const addForm = () => page.getByRole('form', { name: 'Add host' });

beforeAll(async () => {
  harness = await startHarnessProcess(inject('harnessAssets'));
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  await page.goto(harness.url);
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('the renderer in Chromium against the real IPC handlers', () => {
  it('shows the app frame with its four areas', async () => {
    const nav = page.getByRole('navigation', { name: 'Areas' });
    for (const label of ['Hosts', 'Proxy profiles', 'Credentials', 'Shells']) {
      await expect(nav.getByRole('button', { name: label }).isVisible()).resolves.toBe(true);
    }
  });

  it('shows what main reported about itself (app:getInfo crossed the bridge)', async () => {
    const about = page.getByTestId('about');
    await about.getByText(/Node \d+/).waitFor();
    // The harness process runs the handlers: the Node version shown is that process's, not the page's.
    await expect(about.textContent()).resolves.toContain(`WinRM Desk 0.1.0 · ${process.platform}-${process.arch} · Node ${process.versions.node}`);
  });

  it('adds a host through hosts:add and lists it from the profiles snapshot', async () => {
    await addForm().getByLabel('Name', { exact: true }).fill('dc01');
    await addForm().getByLabel('Address', { exact: true }).fill('dc01.corp.example');
    await addForm().getByRole('button', { name: 'Add host' }).click();
    const row = page.getByRole('row', { name: 'dc01', exact: true });
    await row.waitFor();
    // The endpoint is inherited (the app's default HTTPS port), not set on the host.
    await expect(row.textContent()).resolves.toContain('https://dc01.corp.example:5986/wsman');
    // The form clears when main's reply arrives, which may be just after the watched list showed the row.
    await expect(eventually(() => addForm().getByLabel('Name', { exact: true }).inputValue(), (value) => value === '')).resolves.toBe('');
    await page.reload();
    await row.waitFor();
  });

  it('shows main’s schema rejection, with its code, and keeps what was typed', async () => {
    await addForm().getByLabel('Name', { exact: true }).fill('bad-address');
    await addForm().getByLabel('Address', { exact: true }).fill('http://web01.corp.example/wsman');
    await addForm().getByRole('button', { name: 'Add host' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/INVALID_ARGUMENT.*address: Address must be a host name or an IP address/);
    await expect(addForm().getByLabel('Address', { exact: true }).inputValue()).resolves.toBe('http://web01.corp.example/wsman');
    await expect(page.getByRole('row', { name: /bad-address/ }).count()).resolves.toBe(0);
  });

  it('shows a service error (duplicate name) from the handler', async () => {
    await addForm().getByLabel('Name', { exact: true }).fill('DC01');
    await addForm().getByLabel('Address', { exact: true }).fill('10.0.0.5');
    await addForm().getByRole('button', { name: 'Add host' }).click();
    await page.getByRole('alert').getByText('CONFLICT').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('A host named "dc01" already exists.');
  });

  it('deletes a host and the list follows main', async () => {
    await page.getByRole('checkbox', { name: 'Select dc01' }).check();
    await page.getByRole('toolbar', { name: 'Selected hosts' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No hosts yet.').waitFor();
    await page.reload();
    await page.getByText('No hosts yet.').waitFor();
  });

  it('loaded the profiles once and follows their changes with one watch', async () => {
    const calls = (await readFile(harness.transcript, 'utf8')).split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { channel: string }).channel);
    expect(calls).not.toContain('hosts:list');
    expect(calls).toContain('profiles:snapshot');
    expect(calls).toContain('profiles:changes');
  });

  it('switches areas from the sidebar', async () => {
    await page.getByRole('button', { name: 'Credentials' }).click();
    await expect(page.getByRole('heading', { name: 'Credentials' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Credentials' }).getAttribute('aria-current')).resolves.toBe('page');
  });

  it('ran without page errors or CSP violations', () => {
    expect(pageProblems).toEqual([]);
  });
});
