import type { Locator, Page } from 'playwright-core';

/** The terminal region of a host's tab, by the accessible name the Shells area gives it. */
export function terminal(page: Page, hostName: string): Locator {
  return page.getByRole('region', { name: `Terminal ${hostName}`, exact: true });
}

/** The terminal's visible rows as text (xterm's DOM renderer draws one element per row). */
export async function terminalText(region: Locator): Promise<string> {
  return region.evaluate((element) =>
    [...element.querySelectorAll('.xterm-rows > div')].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n'),
  );
}

/** Waits until the terminal shows text matching `pattern`. */
export async function waitForText(region: Locator, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await terminalText(region);
    if (pattern.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
}

/** Types a line into the focused terminal as an admin would, then Enter. */
export async function typeLine(page: Page, region: Locator, line: string): Promise<void> {
  await region.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press('Enter');
}

/**
 * Installed before the page's own scripts: counts what the harness's WebSocket carries for shell
 * tabs — output bytes per tab with a running FNV-1a hash (to compare with a local run without
 * holding 50 MB in the page), and the bytes the page acknowledged — and a timer that records its
 * worst gap, so a frozen page shows. Output comes in binary messages (test/harness/port-frames.ts:
 * uint32 header length, JSON header, bytes); `chars` count those bytes (the tests' output is ASCII).
 */
export const PAGE_PROBE = `(() => {
  const probe = { tabs: {}, acked: {}, worstGapMs: 0, ticks: 0 };
  window.__shellProbe = probe;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    probe.worstGapMs = Math.max(probe.worstGapMs, now - last);
    probe.ticks += 1;
    last = now;
  }, 20);
  const fnv = (hash, bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return hash;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const headerLength = new DataView(event.data).getUint32(0, true);
        const header = JSON.parse(new TextDecoder().decode(new Uint8Array(event.data, 4, headerLength)));
        if (header.frame.t !== 'output' || header.frame.stream !== 'stdout') return;
        const data = new Uint8Array(event.data, 4 + headerLength);
        const tab = (probe.tabs[header.port] ??= { chars: 0, hash: 2166136261, recording: false, recordedChars: 0, recordedHash: 2166136261 });
        tab.chars += data.length;
        if (tab.recording) {
          tab.recordedChars += data.length;
          tab.recordedHash = fnv(tab.recordedHash, data);
        }
      });
    }
    send(data) {
      const message = JSON.parse(String(data));
      if (typeof message.port === 'string' && message.frame?.t === 'ack') probe.acked[message.port] = (probe.acked[message.port] ?? 0) + message.frame.bytes;
      return super.send(data);
    }
  };
})();`;

/** The same FNV-1a as the page probe, over the text's UTF-8 bytes. */
export function fnv1a(text: string, hash = 2166136261): number {
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}
