import { SESSION_PORT_MESSAGE, tabIdSchema } from '../../../shared/ipc/session-frames.ts';

/** The part of a MessagePort a tab uses (a structural type, so tests can hand in Node's ports). */
export interface FramePort {
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export interface PortMessageEvent {
  readonly data: unknown;
  readonly source: unknown;
  readonly ports: readonly FramePort[];
}

export interface PortWindow {
  addEventListener(type: 'message', listener: (event: PortMessageEvent) => void): void;
}

export interface SessionPortCollector {
  /**
   * The port posted for this tab, handed out once. A port may arrive before `sessions.open` resolves
   * or just after it, so this waits up to `timeoutMs`; null if none came.
   */
  take(tabId: string, timeoutMs?: number): Promise<FramePort | null>;
}

export const PORT_WAIT_MS = 10_000;

/**
 * Collects the tab ports main (through the preload) or the harness shim posts to the window, from the
 * moment the app starts. Only messages the window posted to itself count: a frame or another window
 * cannot hand the app a port.
 */
export function collectSessionPorts(win: PortWindow): SessionPortCollector {
  const arrived = new Map<string, FramePort>();
  const waiting = new Map<string, (port: FramePort | null) => void>();

  win.addEventListener('message', (event) => {
    if (event.source !== win) return;
    const data = event.data as { type?: unknown; tabId?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.type !== SESSION_PORT_MESSAGE) return;
    const tabId = tabIdSchema.safeParse(data.tabId);
    const [port] = event.ports;
    if (!tabId.success || !port || event.ports.length !== 1) return;
    const waiter = waiting.get(tabId.data);
    if (waiter) {
      waiting.delete(tabId.data);
      waiter(port);
      return;
    }
    // A newer port for the same tab (a reconnect) replaces one nobody took; main closed the old one.
    arrived.get(tabId.data)?.close();
    arrived.set(tabId.data, port);
  });

  return {
    take(tabId, timeoutMs = PORT_WAIT_MS) {
      const port = arrived.get(tabId);
      if (port) {
        arrived.delete(tabId);
        return Promise.resolve(port);
      }
      waiting.get(tabId)?.(null);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          if (waiting.get(tabId) === done) waiting.delete(tabId);
          resolve(null);
        }, timeoutMs);
        const done = (found: FramePort | null) => {
          clearTimeout(timer);
          resolve(found);
        };
        waiting.set(tabId, done);
      });
    },
  };
}
