import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, startHarnessProcess, type RunningHarness } from './harness-process.ts';

let browser: Browser;
let harness: RunningHarness | null = null;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});

describe('a hand-broken profile file', () => {
  it('is set aside, reported to the user, and the last good copy is loaded', async () => {
    harness = await startHarnessProcess(inject('harnessAssets'));
    const dataDir = harness.dataDir;
    let page = await browser.newPage();
    await page.goto(harness.url);
    for (const name of ['dc01', 'dc02']) {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Address', { exact: true }).fill(`${name}.corp.example`);
      await page.getByRole('button', { name: 'Add host' }).click();
      await page.getByRole('row', { name: new RegExp(name) }).waitFor();
    }
    await page.close();
    await harness.stop();

    // An admin "fixes" the file by hand and leaves it broken.
    writeFileSync(path.join(dataDir, 'profiles.json'), '{ "version": 2, "hosts": [ { "name": "dc01", ');
    harness = await startHarnessProcess(inject('harnessAssets'), dataDir);
    page = await browser.newPage();
    await page.goto(harness.url);
    await page.getByRole('alert').getByText('STORE_CORRUPT').waitFor();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/profiles\.json was damaged .*set aside as .*profiles\.json\.corrupt-.* last good copy was loaded/);
    // The last good copy holds at least the first host; nothing was silently dropped on disk either.
    await page.getByRole('row', { name: /dc01/ }).waitFor();
    expect(readdirSync(dataDir).some((f) => f.startsWith('profiles.json.corrupt-'))).toBe(true);
  });
});
