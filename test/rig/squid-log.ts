import { readFileSync } from 'node:fs';

/** Waits (up to timeoutMs) until Squid's access log contains `text`; Squid writes log lines after the response. */
export async function accessLogContains(path: string, text: string, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (readFileSync(path, 'utf8').includes(text)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
