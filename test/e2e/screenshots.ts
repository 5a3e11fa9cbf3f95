import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

// Every screen is captured in both OS themes on each e2e run, for a person to look at (CI keeps the
// folder). SCREENSHOT_DIR moves it; by default it is test-results/screenshots (not committed).
const DIR = process.env['SCREENSHOT_DIR'] ?? path.join(import.meta.dirname, '../../test-results/screenshots');

/** Saves `<name>-light.png` and `<name>-dark.png`, then puts the page back in the light theme. */
export async function screenshotBothThemes(page: Page, name: string): Promise<string[]> {
  await mkdir(DIR, { recursive: true });
  const files: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const file = path.join(DIR, `${name}-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return files;
}
